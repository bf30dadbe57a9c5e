"""A pytest plugin (-p compat_results) that writes one line per test to
the file $COMPAT_RESULTS: 'pass ID', 'fail ID' or 'skip ID REASON',
where ID is the suite's name, a colon, and pytest's node id."""
import os

_out = {}


def pytest_runtest_logreport(report):
    prev = _out.get(report.nodeid)
    if report.failed:
        _out[report.nodeid] = ('fail', '')
    elif report.skipped and prev is None:
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) \
            else str(report.longrepr)
        _out[report.nodeid] = ('skip', ' '.join(str(reason).split()))
    elif report.when == 'call' and report.passed and prev is None:
        _out[report.nodeid] = ('pass', '')


def pytest_sessionfinish(session):
    prefix = os.environ.get('COMPAT_SUITE', 'pytest')
    with open(os.environ['COMPAT_RESULTS'], 'w') as f:
        for nodeid, (outcome, reason) in _out.items():
            f.write('%s %s:%s%s\n' % (outcome, prefix, nodeid,
                                      ' ' + reason if reason else ''))

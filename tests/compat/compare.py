"""Compares the suites' results with tests/compat/expected-differences.

Usage: compare.py EXPECTED RESULTS [PYTEST_LOG]
RESULTS has lines 'pass ID', 'fail ID' and 'skip ID REASON'. EXPECTED
has lines 'ID REASON'; '#' starts a comment. An ID may hold '*', which
matches any run of characters; nothing else in it is special.

Each test is put down to the first entry that matches it. A failure
no entry matches is unexpected. An entry is stale when a test
it matches passed, or when it matches no test at all: it fails the run
too, so that the list only ever says what is true. Prints the failures
and stale entries, then a line per suite, then
  compat: N passed, N expected differences, N unexpected failures
and exits 1 if anything was unexpected or stale.
"""
import re
import sys


def load_expected(path):
    entries = []
    for n, line in enumerate(open(path), 1):
        line = line.strip()
        if not line or line.startswith('#'):
            continue
        parts = line.split(None, 1)
        if len(parts) < 2:
            sys.exit('%s:%d: an entry needs a reason' % (path, n))
        rx = re.compile('.*'.join(re.escape(p) for p in parts[0].split('*')) +
                        r'\Z')
        entries.append({'id': parts[0], 'why': parts[1], 'rx': rx, 'line': n,
                        'fail': 0, 'pass': 0, 'skip': 0})
    return entries


def pytest_section(log, test_id):
    """The traceback of one test in pytest's --tb=short output."""
    name = test_id.split('::')[-1]
    out, on = [], False
    for line in log:
        m = re.match(r'^_{3,} (.*) _{3,}$', line)
        if m:
            on = m.group(1) == name
        elif re.match(r'^={3,} ', line):
            on = False
        if on:
            out.append(line)
    return out


def main():
    expected = load_expected(sys.argv[1])
    results = []
    for line in open(sys.argv[2]):
        parts = line.rstrip('\n').split(' ', 2)
        results.append((parts[0], parts[1], parts[2] if len(parts) > 2 else ''))
    log = open(sys.argv[3]).read().splitlines() if len(sys.argv) > 3 else []

    suites = {}
    unexpected, skips = [], []
    for outcome, tid, reason in results:
        suite = tid.split(':', 1)[0]
        s = suites.setdefault(suite, {'pass': 0, 'expected': 0,
                                      'unexpected': 0, 'skip': 0, 'stale': 0})
        hits = [e for e in expected if e['rx'].match(tid)][:1]
        for e in hits:
            e[outcome] += 1
            e.setdefault('suite', suite)
        if outcome == 'pass':
            s['pass'] += 1
        elif outcome == 'skip':
            s['skip'] += 1
            skips.append((tid, reason))
        elif hits:
            s['expected'] += 1
        else:
            s['unexpected'] += 1
            unexpected.append(tid)

    for tid, reason in skips:
        print('compat: skipped by the suite: %s (%s)' % (tid, reason))
    for tid in unexpected:
        print('compat: UNEXPECTED FAILURE: %s' % tid)
        for line in pytest_section(log, tid) if tid.startswith('dumb-init:') \
                else []:
            print('    ' + line)
    stale = [e for e in expected if e['pass'] or not e['fail'] + e['skip']]
    for e in stale:
        what = ('%d of its tests passed' % e['pass']) if e['pass'] else \
            'it matches no test that ran'
        print('compat: STALE ENTRY (line %d): %s: %s' % (e['line'], e['id'],
                                                         what))
        suite = e.get('suite', e['id'].split(':', 1)[0])
        suites.setdefault(suite, {'pass': 0, 'expected': 0, 'unexpected': 0,
                                  'skip': 0, 'stale': 0})['stale'] += 1
    total = {'pass': 0, 'expected': 0, 'unexpected': 0, 'skip': 0}
    for name, s in sorted(suites.items()):
        print('compat: %s: %d passed, %d expected differences, %d unexpected '
              'failures, %d skipped by the suite, %d stale entries' % (
                  name, s['pass'], s['expected'], s['unexpected'], s['skip'],
                  s['stale']))
        for k in total:
            total[k] += s[k]
    if stale:
        print('compat: %d entries of %s are stale: remove or narrow them' %
              (len(stale), sys.argv[1]))
    print('compat: %d passed, %d expected differences, %d unexpected failures'
          % (total['pass'], total['expected'], total['unexpected']))
    return 1 if unexpected or stale else 0


if __name__ == '__main__':
    sys.exit(main())

"""Runs tini's test/run_inner_tests.py one check at a time.

The script is one main() that stops at its first failed assert. This
reads it at run time and rewrites its syntax tree: each statement that
prints 'Running ...' (or 'running ...') starts a check, which runs to
the next such statement; each check is wrapped so that a failure is
recorded and the next check still runs, with a time limit. Nothing of
the peer's is copied: its file is read from where run.sh unpacked it.

Usage: /usr/bin/python3 tini_checks.py RUN_INNER_TESTS.PY RESULTS
The environment is the script's own (SOURCE_DIR, BUILD_DIR,
FORCE_SUBREAPER). RESULTS gets 'pass ID' or 'fail ID' lines; the ID is
the check's own line, made one word.
"""
import ast
import os
import re
import signal
import sys
import traceback

LIMIT = int(os.environ.get('COMPAT_CHECK_SECONDS', '120'))


class CheckTimeout(Exception):
    pass


class Checks:
    def __init__(self, path):
        self.out = open(path, 'w')
        self.name = None
        self.failed = None

    def _id(self, text):
        for d, to in ((os.environ['BUILD_DIR'] + '/', ''),
                      (os.environ['SOURCE_DIR'] + '/test/', '')):
            text = text.replace(d, to)
        text = re.sub(r'^[Rr]unning ', '', text)
        return 'tini:' + re.sub(r'[^a-z0-9_]+', '-', text.lower()).strip('-')

    def begin(self, *args, **kw):
        print(*args, **kw)
        sys.stdout.flush()
        self.name = self._id(' '.join(str(a) for a in args))
        self.failed = None

        def expire(_s, _f):
            raise CheckTimeout('no result in %d s' % LIMIT)
        signal.signal(signal.SIGALRM, expire)
        signal.alarm(LIMIT)

    def fail(self, e):
        signal.alarm(0)
        msg = ' '.join((str(e) or type(e).__name__).split())
        print('compat: FAIL %s: %s' % (self.name, msg[:300]))
        traceback.print_exc(limit=3, file=sys.stdout)
        self.out.write('fail %s\n' % self.name)
        self.out.flush()

    def done(self):
        signal.alarm(0)
        self.out.write('pass %s\n' % self.name)
        self.out.flush()


def is_marker(st):
    if not (isinstance(st, ast.Expr) and isinstance(st.value, ast.Call) and
            isinstance(st.value.func, ast.Name) and
            st.value.func.id == 'print' and st.value.args):
        return False
    a = st.value.args[0]
    if isinstance(a, ast.Call) and isinstance(a.func, ast.Attribute):
        a = a.func.value            # "...".format(...)
    return isinstance(a, ast.Constant) and isinstance(a.value, str) and \
        re.match('[Rr]unning ', a.value) is not None


def has_marker(st):
    return any(is_marker(n) for n in ast.walk(st) if isinstance(n, ast.stmt))


def wrap(seg):
    marker, rest = seg[0], seg[1:]
    begin = ast.Expr(ast.Call(
        ast.Attribute(ast.Name('_compat', ast.Load()), 'begin', ast.Load()),
        marker.value.args, marker.value.keywords))
    tree = ast.parse('try:\n pass\nexcept BaseException as _e:\n'
                     ' _compat.fail(_e)\nelse:\n _compat.done()').body[0]
    tree.body = [begin] + (rest or [ast.Pass()])
    return tree


def split(body):
    out, seg = [], None
    for st in body:
        if is_marker(st):
            if seg:
                out.append(wrap(seg))
            seg = [st]
        elif has_marker(st):
            if seg:
                out.append(wrap(seg))
            seg = None
            for field in ('body', 'orelse', 'finalbody'):
                if getattr(st, field, None):
                    setattr(st, field, split(getattr(st, field)))
            out.append(st)
        elif seg is not None:
            seg.append(st)
        else:
            out.append(st)
    if seg:
        out.append(wrap(seg))
    return out


def main():
    script, results = sys.argv[1], sys.argv[2]
    tree = ast.parse(open(script).read(), script)
    fn = next(n for n in tree.body
              if isinstance(n, ast.FunctionDef) and n.name == 'main')
    fn.body = split(fn.body)
    ast.fix_missing_locations(tree)
    g = {'__name__': 'tini_inner', '__file__': script,
         '_compat': Checks(results)}
    exec(compile(tree, script, 'exec'), g)
    g['main']()


if __name__ == '__main__':
    main()

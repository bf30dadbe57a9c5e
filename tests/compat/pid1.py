"""PID 1 of the private PID namespace that make compat runs the peers'
suites in: starts the command, reaps every process handed to it, and
exits as the command did. Neither sexton nor a peer, so that the
namespace's own init is not the program under test.

The command starts as a container's would: no signal blocked and none
ignored. Python itself ignores PIPE and XFSZ, and make may leave 32
and 33 ignored, which libc's sigaction cannot undo: the raw system
calls can.

Usage: /usr/bin/python3 pid1.py COMMAND [ARG]...
"""
import ctypes
import os
import signal
import sys

# rt_sigaction and rt_sigprocmask, where their numbers are known.
SYSCALLS = {'x86_64': (13, 14), 'aarch64': (134, 135)}


def clean_signals():
    nums = SYSCALLS.get(os.uname().machine)
    if nums is None:
        for sig in signal.valid_signals():
            try:
                signal.signal(sig, signal.SIG_DFL)
            except (OSError, ValueError):
                pass
        signal.pthread_sigmask(signal.SIG_SETMASK, [])
        return
    libc = ctypes.CDLL(None, use_errno=True)
    # The kernel's struct sigaction: handler, flags, restorer, mask. All
    # zero is SIG_DFL.
    act = ctypes.create_string_buffer(32)
    for sig in range(1, 65):
        if sig not in (signal.SIGKILL, signal.SIGSTOP):
            libc.syscall(nums[0], sig, act, None, 8)
    empty = ctypes.c_uint64(0)
    libc.syscall(nums[1], 2, ctypes.byref(empty), None, 8)  # SIG_SETMASK


def main():
    pid = os.fork()
    if pid == 0:
        clean_signals()
        os.execvp(sys.argv[1], sys.argv[1:])
    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(sig, lambda s, _f: os.kill(pid, s))
    while True:
        try:
            got, status = os.wait()
        except ChildProcessError:
            return 1
        if got == pid:
            if os.WIFEXITED(status):
                return os.WEXITSTATUS(status)
            return 128 + os.WTERMSIG(status)


if __name__ == '__main__':
    sys.exit(main())

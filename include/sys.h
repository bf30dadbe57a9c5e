/* System calls, each with a name; the clock; string searches. Raw
 * where libc's wrapper costs more than the call: in bytes of the static
 * binary, or in instructions every PID 1 runs at start. Each returns
 * what the kernel does, or -1 with errno set; but wait4 and the calls
 * named *_answer, whose failure is an everyday answer (ECHILD, ESRCH,
 * EINVAL), return the kernel's own -errno and leave errno alone. */
#ifndef SEXTON_SYS_H
#define SEXTON_SYS_H

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stddef.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>

/* The kernel's signal set: bit N-1 for signal N. libc's sigset_t hides
 * the signals it keeps for itself (32 and 33 in glibc, 32 to 34 in
 * musl), which sexton must block and read too. */
typedef unsigned long long ksigset;

long sys_read(int fd, void *buf, size_t len);
long sys_pread(int fd, void *buf, size_t len, long off);
int sys_close(int fd);
int sys_openat(int dir, const char *path, int flags, int mode);
/* open(2), as openat(AT_FDCWD). */
#define sys_open(path, flags, mode) sys_openat(AT_FDCWD, path, flags, mode)
/* open(2) onto an fd above stderr, close-on-exec: with fds 0 to 2
 * closed, open() hands one of them out, and a line for stderr would
 * go into the file. */
int sys_open_above(const char *path, int flags, int mode);
int sys_fstat(int fd, struct stat *st);
int sys_ioctl(int fd, unsigned long req, void *arg);
/* close_range(2) of fds from to to, both included. Linux 5.9 has it;
 * a sandbox's filter may refuse it. */
int sys_close_range(int from, int to);
/* getdents64(2): struct dirent is its record in glibc and musl alike,
 * with 64-bit offsets. */
long sys_getdents(int fd, void *buf, size_t len);
/* Private anonymous read-write memory of len bytes, or NULL. */
void *sys_map(size_t len);
void sys_unmap(void *p, size_t len);

int sys_kill(pid_t pid, int sig);
/* kill(2), then SIGCONT to the same pid if sig_wants_cont(sig). */
int kill_cont(pid_t pid, int sig);
int sys_pidfd_open(pid_t pid);
int sys_pidfd_signal(int pidfd, int sig);
/* wait4(2): the pid, 0, or -errno; errno untouched. */
int sys_wait4(pid_t pid, int *status, int options, void *rusage);
int sys_kill_answer(pid_t pid, int sig);
long sys_read_answer(int fd, void *buf, size_t len);
/* reboot(2) with the magic numbers: cmd is RB_* of <sys/reboot.h>. */
int sys_reboot_answer(int cmd);
int sys_waitid(idtype_t type, id_t id, siginfo_t *si, int options);
/* fork(2), as a bare clone: sexton has one thread and no atfork
 * handlers, and the child only sets its group and signals and execs. */
pid_t sys_fork(void);
int sys_fchdir(int fd);
int sys_prctl(int option, unsigned long arg);

/* rt_sigprocmask(SIG_SETMASK) of the kernel's whole set. */
int sys_sigmask(const ksigset *set, ksigset *old);
/* rt_sigaction(2) of sig to handler (SIG_DFL or SIG_IGN), no flags;
 * *old gets the handler before. */
int sys_sigaction(int sig, unsigned long handler, unsigned long *old);
/* signalfd4(2) of set, close-on-exec (SFD_CLOEXEC is O_CLOEXEC). */
int sys_signalfd(const ksigset *set);
/* ppoll(2) with a timeout in ms (-1: none), the signal mask unchanged. */
int sys_poll(struct pollfd *p, unsigned n, int timeout_ms);

/* The time in milliseconds: CLOCK_MONOTONIC for deadlines,
 * CLOCK_BOOTTIME for the age of a process; -1 if it cannot be read. */
long long clock_ms(clockid_t id);

#endif

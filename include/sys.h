/* System calls made raw, where libc's wrapper costs more than the
 * call itself: in bytes of the static binary, or in the instructions
 * every PID 1 runs at start. */
#ifndef SEXTON_SYS_H
#define SEXTON_SYS_H

#include <stddef.h>
#include <sys/syscall.h>

/* A system call of up to six arguments: its result, or -1 with errno
 * set. musl's syscall() reads its arguments as a variadic function
 * does, which costs more than most calls sexton makes. */
long sys_call(long n, long a, long b, long c, long d, long e, long f);

/* read(2), pread(2), close(2) and wait4(2): musl's go through its
 * thread cancellation points, which PID 1 has no use for. */
long sys_read(int fd, void *buf, size_t len);
long sys_pread(int fd, void *buf, size_t len, long off);
int sys_close(int fd);
int sys_wait4(int pid, int *status, int options, void *rusage);
/* kill(2): musl's sets errno through its own path, and every PID 1
 * calls it at the end. */
int sys_kill(int pid, int sig);
/* ioctl(2): musl's isatty(), tcgetpgrp() and tcsetpgrp() bring its
 * variadic ioctl(), 350 bytes in all. */
int sys_ioctl(int fd, unsigned long req, void *arg);
/* open(2), as openat(AT_FDCWD): musl's open() adds a fallback for
 * kernels older than O_CLOEXEC, 200 bytes of it. */
int sys_open(const char *path, int flags, int mode);
/* fcntl(fd, F_DUPFD_CLOEXEC, min): musl's fcntl() costs 400 bytes. */
int sys_dup_above(int fd, int min);
/* Private anonymous read-write memory of len bytes, or NULL. */
void *sys_map(size_t len);
void sys_unmap(void *p, size_t len);
/* close_range(2) of fds from to to, both included: 0 or -1. Linux
 * 5.9 has it; a sandbox's filter may refuse it. */
int sys_close_range(int from, int to);

#endif

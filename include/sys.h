/* System calls made raw where libc's wrapper costs the static binary
 * more than the call itself. */
#ifndef SEXTON_SYS_H
#define SEXTON_SYS_H

#include <stddef.h>

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

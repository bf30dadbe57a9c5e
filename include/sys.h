/* System calls made raw where libc's wrapper costs the static binary
 * more than the call itself. */
#ifndef SEXTON_SYS_H
#define SEXTON_SYS_H

/* open(2), as openat(AT_FDCWD): musl's open() adds a fallback for
 * kernels older than O_CLOEXEC, 200 bytes of it. */
int sys_open(const char *path, int flags, int mode);

#endif

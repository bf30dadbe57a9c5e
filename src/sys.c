/* Raw system calls. */
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "sys.h"

int sys_open(const char *path, int flags, int mode)
{
	return (int)syscall(SYS_openat, AT_FDCWD, path, flags, mode);
}

int sys_dup_above(int fd, int min)
{
	return (int)syscall(SYS_fcntl, fd, F_DUPFD_CLOEXEC, min);
}

void *sys_map(size_t len)
{
	// NOLINTNEXTLINE(performance-no-int-to-ptr): mmap returns an address
	void *p = (void *)syscall(SYS_mmap, NULL, len, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

void sys_unmap(void *p, size_t len)
{
	syscall(SYS_munmap, p, len);
}

int sys_close_range(int from, int to)
{
	return (int)syscall(SYS_close_range, from, to, 0);
}

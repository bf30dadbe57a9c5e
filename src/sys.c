/* Raw system calls. */
#include <fcntl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "sys.h"

int sys_open(const char *path, int flags, int mode)
{
	return (int)syscall(SYS_openat, AT_FDCWD, path, flags, mode);
}

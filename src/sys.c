/* Raw system calls: the kernel's calling convention, with the
 * registers named for the compiler; elsewhere, libc's syscall(). */
#include <errno.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "sys.h"

#define INLINE static inline __attribute__((always_inline))
/* Each call stays a call: inlined, the calls would cost more bytes
 * than they save instructions. */
#define OUTLINE __attribute__((noinline))

#if defined(__x86_64__) || defined(__aarch64__)
/* An error is rare: its errno is set out of line. */
__attribute__((noinline)) static long fail(long r)
{
	errno = (int)-r;
	return -1;
}

INLINE long done(long r)
{
	return (unsigned long)r > -4096UL ? fail(r) : r;
}
#endif

#if defined(__x86_64__)
INLINE long raw3(long n, long a, long b, long c)
{
	long r;

	__asm__ volatile ("syscall" : "=a"(r) : "a"(n), "D"(a), "S"(b),
	    "d"(c) : "rcx", "r11", "memory");
	return done(r);
}

INLINE long raw6(long n, long a, long b, long c, long d, long e, long f)
{
	register long r10 __asm__("r10") = d;
	register long r8 __asm__("r8") = e;
	register long r9 __asm__("r9") = f;
	long r;

	__asm__ volatile ("syscall" : "=a"(r) : "a"(n), "D"(a), "S"(b),
	    "d"(c), "r"(r10), "r"(r8), "r"(r9) : "rcx", "r11", "memory");
	return done(r);
}
#elif defined(__aarch64__)
INLINE long raw3(long n, long a, long b, long c)
{
	register long x8 __asm__("x8") = n;
	register long x0 __asm__("x0") = a;
	register long x1 __asm__("x1") = b;
	register long x2 __asm__("x2") = c;

	__asm__ volatile ("svc 0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2) :
	    "memory");
	return done(x0);
}

INLINE long raw6(long n, long a, long b, long c, long d, long e, long f)
{
	register long x8 __asm__("x8") = n;
	register long x0 __asm__("x0") = a;
	register long x1 __asm__("x1") = b;
	register long x2 __asm__("x2") = c;
	register long x3 __asm__("x3") = d;
	register long x4 __asm__("x4") = e;
	register long x5 __asm__("x5") = f;

	__asm__ volatile ("svc 0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2),
	    "r"(x3), "r"(x4), "r"(x5) : "memory");
	return done(x0);
}
#else
#define raw3(n, a, b, c) syscall(n, a, b, c)
#define raw6(n, a, b, c, d, e, f) syscall(n, a, b, c, d, e, f)
#endif

OUTLINE long sys_call(long n, long a, long b, long c, long d, long e, long f)
{
	return raw6(n, a, b, c, d, e, f);
}

OUTLINE long sys_read(int fd, void *buf, size_t len)
{
	return raw3(SYS_read, fd, (long)buf, (long)len);
}

OUTLINE long sys_pread(int fd, void *buf, size_t len, long off)
{
	return raw6(SYS_pread64, fd, (long)buf, (long)len, off, 0, 0);
}

OUTLINE int sys_close(int fd)
{
	return (int)raw3(SYS_close, fd, 0, 0);
}

OUTLINE int sys_wait4(int pid, int *status, int options, void *rusage)
{
	return (int)raw6(SYS_wait4, pid, (long)status, options, (long)rusage,
	    0, 0);
}

OUTLINE int sys_kill(int pid, int sig)
{
	return (int)raw3(SYS_kill, pid, sig, 0);
}

OUTLINE int sys_ioctl(int fd, unsigned long req, void *arg)
{
	return (int)raw3(SYS_ioctl, fd, (long)req, (long)arg);
}

OUTLINE int sys_open(const char *path, int flags, int mode)
{
	return (int)raw6(SYS_openat, AT_FDCWD, (long)path, flags, mode, 0, 0);
}

OUTLINE int sys_dup_above(int fd, int min)
{
	return (int)raw3(SYS_fcntl, fd, F_DUPFD_CLOEXEC, min);
}

OUTLINE void *sys_map(size_t len)
{
	long p = sys_call(SYS_mmap, 0, (long)len, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	// NOLINTNEXTLINE(performance-no-int-to-ptr): mmap returns an address
	return p == -1 ? NULL : (void *)p;
}

OUTLINE void sys_unmap(void *p, size_t len)
{
	raw3(SYS_munmap, (long)p, (long)len, 0);
}

OUTLINE int sys_close_range(int from, int to)
{
	return (int)raw3(SYS_close_range, from, to, 0);
}

/* System calls, each with a name, made raw in the kernel's registers on
 * x86_64 and aarch64 (through libc's syscall() elsewhere); and the
 * clock. */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

#include "parse.h"
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
INLINE long kernel3(long n, long a, long b, long c)
{
	long r;

	__asm__ volatile ("syscall" : "=a"(r) : "a"(n), "D"(a), "S"(b),
	    "d"(c) : "rcx", "r11", "memory");
	return r;
}

INLINE long kernel6(long n, long a, long b, long c, long d, long e,
    long f)
{
	register long r10 __asm__("r10") = d;
	register long r8 __asm__("r8") = e;
	register long r9 __asm__("r9") = f;
	long r;

	__asm__ volatile ("syscall" : "=a"(r) : "a"(n), "D"(a), "S"(b),
	    "d"(c), "r"(r10), "r"(r8), "r"(r9) : "rcx", "r11", "memory");
	return r;
}
#elif defined(__aarch64__)
INLINE long kernel3(long n, long a, long b, long c)
{
	register long x8 __asm__("x8") = n;
	register long x0 __asm__("x0") = a;
	register long x1 __asm__("x1") = b;
	register long x2 __asm__("x2") = c;

	__asm__ volatile ("svc 0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2) :
	    "memory");
	return x0;
}

INLINE long kernel6(long n, long a, long b, long c, long d, long e,
    long f)
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
	return x0;
}
#endif

#if defined(__x86_64__) || defined(__aarch64__)
/* kernel3() and kernel6() give the kernel's own answer, -errno on
 * failure; raw3() and raw6() set errno, as libc does. */
#define raw3(n, a, b, c) done(kernel3(n, a, b, c))
#define raw6(n, a, b, c, d, e, f) done(kernel6(n, a, b, c, d, e, f))
#else
#define raw3(n, a, b, c) syscall(n, a, b, c)
#define raw6(n, a, b, c, d, e, f) syscall(n, a, b, c, d, e, f)
INLINE long kernel(long r)
{
	return r == -1 ? -errno : r;
}
#define kernel3(n, a, b, c) kernel(syscall(n, a, b, c))
#define kernel6(n, a, b, c, d, e, f) kernel(syscall(n, a, b, c, d, e, f))
#endif

/* A call of six arguments, the rest zero: one copy of the code that
 * loads them, for the calls made once. */
OUTLINE static long call6(long n, long a, long b, long c, long d, long e)
{
	return raw6(n, a, b, c, d, e, 0);
}

OUTLINE long sys_read(int fd, void *buf, size_t len)
{
	return raw3(SYS_read, fd, (long)buf, (long)len);
}

OUTLINE long sys_pread(int fd, void *buf, size_t len, long off)
{
	return call6(SYS_pread64, fd, (long)buf, (long)len, off, 0);
}

OUTLINE int sys_close(int fd)
{
	return (int)raw3(SYS_close, fd, 0, 0);
}

OUTLINE int sys_openat(int dir, const char *path, int flags, int mode)
{
	return (int)raw6(SYS_openat, dir, (long)path, flags, mode, 0, 0);
}

int sys_open_above(const char *path, int flags, int mode)
{
	int fd = sys_open(path, flags, mode), up;

	if (fd < 0 || fd > 2)
		return fd;
	up = (int)raw3(SYS_fcntl, fd, F_DUPFD_CLOEXEC, 3);
	sys_close(fd);
	return up;
}

int sys_fstat(int fd, struct stat *st)
{
	return (int)raw3(SYS_fstat, fd, (long)st, 0);
}

OUTLINE int sys_ioctl(int fd, unsigned long req, void *arg)
{
	return (int)raw3(SYS_ioctl, fd, (long)req, (long)arg);
}

int sys_close_range(int from, int to)
{
	return (int)raw3(SYS_close_range, from, to, 0);
}

long sys_getdents(int fd, void *buf, size_t len)
{
	return raw3(SYS_getdents64, fd, (long)buf, (long)len);
}

void *sys_map(size_t len)
{
	long p = raw6(SYS_mmap, 0, (long)len, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	// NOLINTNEXTLINE(performance-no-int-to-ptr): mmap returns an address
	return p == -1 ? NULL : (void *)p;
}

void sys_unmap(void *p, size_t len)
{
	raw3(SYS_munmap, (long)p, (long)len, 0);
}

OUTLINE int sys_kill(pid_t pid, int sig)
{
	return (int)raw3(SYS_kill, pid, sig, 0);
}

int sys_kill_answer(pid_t pid, int sig)
{
	return (int)kernel3(SYS_kill, pid, sig, 0);
}

long sys_read_answer(int fd, void *buf, size_t len)
{
	return kernel3(SYS_read, fd, (long)buf, (long)len);
}

/* The two magic numbers of <linux/reboot.h>, which musl's headers
 * lack. */
int sys_reboot_answer(int cmd)
{
	return (int)kernel3(SYS_reboot, 0xfee1dead, 672274793, cmd);
}

int kill_cont(pid_t pid, int sig)
{
	int r = sys_kill(pid, sig);

	if (r == 0 && sig_wants_cont(sig))
		sys_kill(pid, SIGCONT);
	return r;
}

int sys_pidfd_open(pid_t pid)
{
	return (int)raw3(SYS_pidfd_open, pid, 0, 0);
}

int sys_pidfd_signal(int pidfd, int sig)
{
	return (int)call6(SYS_pidfd_send_signal, pidfd, sig, 0, 0, 0);
}

OUTLINE int sys_wait4(pid_t pid, int *status, int options, void *rusage)
{
	return (int)kernel6(SYS_wait4, pid, (long)status, options, (long)rusage,
	    0, 0);
}

int sys_waitid(idtype_t type, id_t id, siginfo_t *si, int options)
{
	return (int)call6(SYS_waitid, type, (long)id, (long)si, options, 0);
}

/* Flags alone, so the order of the other arguments, which differs
 * between architectures, does not matter. */
pid_t sys_fork(void)
{
	return (pid_t)raw3(SYS_clone, SIGCHLD, 0, 0);
}

/* musl's fchdir() brings a fallback through /proc, 300 bytes, for fds
 * that O_PATH ones are not. */
int sys_fchdir(int fd)
{
	return (int)raw3(SYS_fchdir, fd, 0, 0);
}

int sys_prctl(int option, unsigned long arg)
{
	return (int)call6(SYS_prctl, option, (long)arg, 0, 0, 0);
}

int sys_sigmask(const ksigset *set, ksigset *old)
{
	return (int)call6(SYS_rt_sigprocmask, SIG_SETMASK, (long)set,
	    (long)old, sizeof *set, 0);
}

/* The kernel's struct sigaction: sexton only sets SIG_DFL or SIG_IGN,
 * which need no restorer. The kernel reads every member. */
struct ksigaction {
	unsigned long handler;
	unsigned long flags;	// cppcheck-suppress unusedStructMember
	unsigned long restorer;	// cppcheck-suppress unusedStructMember
	ksigset mask;
};

int sys_sigaction(int sig, unsigned long handler, unsigned long *old)
{
	struct ksigaction sa = { handler, 0, 0, 0 }, was;
	int r;

	was.handler = 0;
	r = (int)call6(SYS_rt_sigaction, sig, (long)&sa, (long)&was,
	    sizeof sa.mask, 0);
	*old = was.handler;
	return r;
}

int sys_signalfd(const ksigset *set)
{
	return (int)call6(SYS_signalfd4, -1, (long)set, sizeof *set,
	    O_CLOEXEC, 0);
}

int sys_poll(struct pollfd *p, unsigned n, int timeout_ms)
{
	struct timespec ts = { timeout_ms / 1000, timeout_ms % 1000 *
	    1000000L };

	return (int)call6(SYS_ppoll, (long)p, n, timeout_ms < 0 ? 0 :
	    (long)&ts, 0, sizeof(ksigset));
}

/* The clock is read only after a wake-up, where the vDSO would save a
 * system call but cost 800 bytes of static binary. */
long long clock_ms(clockid_t id)
{
	struct timespec ts = { 0, 0 };

	if (raw3(SYS_clock_gettime, id, (long)&ts, 0) < 0)
		return -1;
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

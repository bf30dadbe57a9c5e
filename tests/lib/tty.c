/* A pseudo-terminal seen from its master side. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "harness.h"
#include "tty.h"

int pty_open(struct pty *t, int *slave, int rows, int cols)
{
	struct winsize ws = { .ws_row = (unsigned short)rows,
		.ws_col = (unsigned short)cols };

	memset(t, 0, sizeof *t);
	t->fd = -1;
	if (openpty(&t->fd, slave, NULL, NULL, &ws) < 0)
		return -1;
	fcntl(t->fd, F_SETFD, FD_CLOEXEC);
	fcntl(*slave, F_SETFD, FD_CLOEXEC);
	fcntl(t->fd, F_SETFL, fcntl(t->fd, F_GETFL) | O_NONBLOCK);
	return 0;
}

void pty_default_signals(void)
{
	struct sigaction sa;
	sigset_t none;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = SIG_DFL;
	for (int s = 1; s < NSIG; s++)
		sigaction(s, &sa, NULL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
}

pid_t pty_spawn(struct pty *t, char *const argv[], int rows, int cols)
{
	struct winsize ws = { .ws_row = (unsigned short)rows,
		.ws_col = (unsigned short)cols };
	pid_t pid;

	memset(t, 0, sizeof *t);
	t->fd = -1;
	fflush(NULL);
	pid = forkpty(&t->fd, NULL, NULL, &ws);
	if (pid == 0) {
		pty_default_signals();
		execv(argv[0], argv);
		_exit(127);
	}
	if (pid > 0) {
		fcntl(t->fd, F_SETFD, FD_CLOEXEC);
		fcntl(t->fd, F_SETFL, fcntl(t->fd, F_GETFL) | O_NONBLOCK);
	}
	return pid;
}

void pty_close(struct pty *t)
{
	if (t->fd >= 0)
		close(t->fd);
	t->fd = -1;
}

void pty_pump(struct pty *t, int ms)
{
	struct pollfd p = { t->fd, POLLIN, 0 };
	ssize_t n;

	if (t->eof || t->fd < 0) {
		poll_step();
		return;
	}
	if (poll(&p, 1, ms) <= 0)
		return;
	for (;;) {
		if (t->len == sizeof t->buf - 1) {
			size_t half = t->len / 2;

			memmove(t->buf, t->buf + half, t->len - half);
			t->len -= half;
			t->seen = t->seen > half ? t->seen - half : 0;
		}
		n = read(t->fd, t->buf + t->len, sizeof t->buf - 1 - t->len);
		if (n > 0) {
			/* strstr must see past any NUL. */
			for (ssize_t i = 0; i < n; i++)
				if (t->buf[t->len + i] == '\0')
					t->buf[t->len + i] = '@';
			t->len += (size_t)n;
			continue;
		}
		/* EIO once nothing holds the slave side open. */
		if (n == 0 || (errno != EAGAIN && errno != EINTR))
			t->eof = 1;
		break;
	}
	t->buf[t->len] = '\0';
}

int pty_expect(struct pty *t, const char *needle, int ms)
{
	long long end = now_ms() + ms;
	char *hit;

	for (;;) {
		hit = strstr(t->buf + t->seen, needle);
		if (hit != NULL) {
			t->seen = (size_t)(hit - t->buf) + strlen(needle);
			return 1;
		}
		/* A terminal nobody holds shows nothing more. */
		if (now_ms() >= end || t->eof)
			return 0;
		pty_pump(t, (int)(end - now_ms()) + 1);
	}
}

int pty_status(struct pty *t, int ms)
{
	long long end = now_ms() + ms;
	char *s, *e;
	long v;

	for (;;) {
		s = strstr(t->buf + t->seen, "status=");
		for (; s != NULL; s = strstr(s + 1, "status=")) {
			v = strtol(s + 7, &e, 10);
			if (e != s + 7 && (*e == '\r' || *e == '\n')) {
				t->seen = (size_t)(e - t->buf);
				return (int)v;
			}
		}
		if (now_ms() >= end || t->eof)
			return -1;
		pty_pump(t, 5);
	}
}

void pty_send(struct pty *t, const char *s)
{
	size_t n = strlen(s);
	long long end = now_ms() + 5000;

	while (n > 0 && now_ms() < end) {
		ssize_t w = write(t->fd, s, n);

		if (w < 0 && errno != EAGAIN && errno != EINTR)
			return;
		if (w > 0) {
			s += w;
			n -= (size_t)w;
		} else
			pty_pump(t, 5);	/* the reader is behind */
	}
}

void pty_tail(struct pty *t, char *out, size_t size)
{
	/* Each byte may take two. */
	size_t keep = (size - 1) / 2, from, o = 0;

	if (t->fd >= 0)
		pty_pump(t, 50);
	from = t->len > keep ? t->len - keep : 0;
	for (size_t i = from; i < t->len && o + 2 < size; i++) {
		unsigned char c = (unsigned char)t->buf[i];

		if (c == '\r')
			continue;
		if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f) {
			out[o++] = '^';
			out[o++] = c == 0x7f ? '?' : (char)(c + '@');
		} else
			out[o++] = (char)c;
	}
	out[o] = '\0';
}

/* A call refused to sexton's binary: the filter, passing its listener,
 * and the test's answers. refuse.h says how. */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>

#include "refuse.h"

#if defined(__x86_64__)
#define NATIVE_ARCH AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define NATIVE_ARCH AUDIT_ARCH_AARCH64
#endif

int install_filter(int nr)
{
	struct sock_filter f[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
		    offsetof(struct seccomp_data, arch)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, NATIVE_ARCH, 1, 0),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
		    offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (unsigned)nr, 2, 0),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_getppid, 1, 0),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_USER_NOTIF),
	};
	struct sock_fprog prog = { sizeof f / sizeof f[0], f };

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return -1;
	return (int)syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER,
	    SECCOMP_FILTER_FLAG_NEW_LISTENER, &prog);
}

/* Room for one fd in a message's control data. */
union fd_ctl {
	struct cmsghdr h;
	char buf[CMSG_SPACE(sizeof(int))];
};

/* m: the one byte *c, and u's room for an fd. */
static void fd_msg(struct msghdr *m, struct iovec *iov, char *c,
    union fd_ctl *u)
{
	memset(m, 0, sizeof *m);
	memset(u, 0, sizeof *u);
	iov->iov_base = c;
	iov->iov_len = 1;
	m->msg_iov = iov;
	m->msg_iovlen = 1;
	m->msg_control = u->buf;
	m->msg_controllen = sizeof u->buf;
}

int send_fd(int sock, int fd)
{
	char c = 'L';
	struct iovec iov;
	union fd_ctl u;
	struct msghdr m;
	struct cmsghdr *cm;

	fd_msg(&m, &iov, &c, &u);
	cm = CMSG_FIRSTHDR(&m);
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cm), &fd, sizeof fd);
	return sendmsg(sock, &m, 0) == 1 ? 0 : -1;
}

int recv_fd(int sock)
{
	char c;
	struct iovec iov;
	union fd_ctl u;
	struct msghdr m;
	struct cmsghdr *cm;
	int fd = -1;

	fd_msg(&m, &iov, &c, &u);
	if (recvmsg(sock, &m, MSG_CMSG_CLOEXEC) != 1)
		return -1;
	cm = CMSG_FIRSTHDR(&m);
	if (cm != NULL && cm->cmsg_type == SCM_RIGHTS)
		memcpy(&fd, CMSG_DATA(cm), sizeof fd);
	return fd;
}

/* Whether the call req asks about is sexton's own, from its main on. */
static int refusable(const struct seccomp_notif *req, struct refusal *r)
{
	char path[64];
	struct stat exe;
	int after_main;

	snprintf(path, sizeof path, "/proc/%d/exe", (int)req->pid);
	if (stat(path, &exe) < 0 || exe.st_dev != r->bin.st_dev ||
	    exe.st_ino != r->bin.st_ino)
		return 0;
	/* sexton's child runs sexton's code from its start. */
	after_main = (pid_t)req->pid != r->sexton || r->main_seen ||
	    r->nr == SYS_getppid;
	if ((pid_t)req->pid == r->sexton && req->data.nr == SYS_getppid)
		r->main_seen = 1;
	return after_main && (int)req->data.nr == r->nr;
}

void answer_call(int lfd, struct refusal *r)
{
	struct seccomp_notif req;
	struct seccomp_notif_resp resp;
	int refuse;

	memset(&req, 0, sizeof req);
	if (ioctl(lfd, SECCOMP_IOCTL_NOTIF_RECV, &req) < 0)
		return;
	refuse = refusable(&req, r);
	memset(&resp, 0, sizeof resp);
	resp.id = req.id;
	if (ioctl(lfd, SECCOMP_IOCTL_NOTIF_ID_VALID, &req.id) < 0)
		return;
	if (refuse) {
		resp.error = -r->err;
		r->refused++;
	} else {
		resp.flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
	}
	(void)ioctl(lfd, SECCOMP_IOCTL_NOTIF_SEND, &resp);
}

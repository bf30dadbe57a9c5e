/* Signals, durations, deadlines, numbers and exit codes: their names
 * and what they mean. Pure: no system calls, so the unit tests call it
 * all. */
#ifndef SEXTON_PARSE_H
#define SEXTON_PARSE_H

/* Signals are numbered 1..SEXTON_NSIG-1 on Linux (64 of them). */
#define SEXTON_NSIG 65
/* RTMIN and RTMAX as the kernel and glibc-built tools (bash's kill -l)
 * number them, whichever libc sexton is built with: musl's SIGRTMIN is
 * 35, glibc's 34, and RTMIN+3 must mean one signal. 32 and 33 have no
 * name, only their numbers. */
#define SEXTON_RTMIN 34
#define SEXTON_RTMAX 64
/* The room sig_name() needs. */
#define SIGNAME 12

/* A whole string of decimal digits, 0 to max; -1 if it is anything
 * else. */
long long parse_number(const char *s, unsigned long long max);

/* "TERM", "SIGTERM", "15", "RTMIN+3", "SIGRTMAX-1" -> number; -1 if bad. */
int sig_parse(const char *s);
/* Writes "TERM" or "RTMIN+3" into buf. */
void sig_name(int sig, char buf[SIGNAME]);
/* 1 for a signal that stops: TSTP, TTIN, TTOU and STOP. */
int sig_is_stop(int sig);
/* 1 for a signal that a stopped process must see, TERM or HUP: CONT
 * follows it, as after bash's kill. */
int sig_wants_cont(int sig);

/* What the machine's init does at the end. */
enum onexit { ONEXIT_POWEROFF, ONEXIT_REBOOT, ONEXIT_HALT };
/* What sig asks of the machine's init, as busybox init and systemd
 * read it, in *how: 1, or 0 if it asks nothing. */
int sig_machine_end(int sig, enum onexit *how);

/* The --rewrite table: which signal a received one is forwarded as. A
 * zeroed table forwards every signal unchanged. */
struct rewrite {
	unsigned char to[SEXTON_NSIG];
};
/* to == 0 drops from. */
void rewrite_set(struct rewrite *r, int from, int to);
/* The signal to send for sig as r says, or 0 to send nothing. */
int rewrite_apply(const struct rewrite *r, int sig);
/* 1 for a container manager's request to halt: SIGPWR from LXC,
 * SIGRTMIN+3 and +4 from LXC and systemd-nspawn, which take sexton for
 * systemd. */
int sig_is_halt(int sig);
/* The signal to send for sig, or 0: what r says of it, else sexton's
 * defaults. Sent to a group (group), TSTP, TTIN and TTOU go as STOP, as
 * dumb-init does, or a command that catches them would run on while
 * sexton stops. As a container's PID 1 (halts), a halt request goes as
 * docker stop's TERM goes: as TERM, or as r sends TERM (-r TERM:QUIT). */
int rewrite_out(const struct rewrite *r, int sig, int group, int halts);

/* About 24.8 days: the largest wait that every clock here represents. */
#define DURATION_MAX_MS 2147483647LL
/* "500ms", "3s", "1m", "2h"; a bare number is seconds. Returns 0 with
 * *ms set, or -1 when s is empty, has an unknown unit, or is larger
 * than DURATION_MAX_MS. */
int duration_parse(const char *s, long long *ms);

/* Deadlines are ms on CLOCK_MONOTONIC, 0 for none. The earlier of a and
 * b; and 1 if due has come by now. */
static inline __attribute__((always_inline)) long long earliest(long long a,
    long long b)
{
	return b > 0 && (a == 0 || b < a) ? b : a;
}

static inline int due_now(long long due, long long now)
{
	return due > 0 && due <= now;
}

/* The exit code for a wait status: WEXITSTATUS, or 128+N for signal N. */
int status_code(int wstatus);
/* Exit codes that --remap-exit turns into 0, as a 256-bit set. */
struct exitmap {
	unsigned char bits[32];
};
void exitmap_add(struct exitmap *m, int code);
int exitmap_apply(const struct exitmap *m, int code);

#endif

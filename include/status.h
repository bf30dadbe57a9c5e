/* What exit code a wait status becomes: pure, no system calls. */
#ifndef SEXTON_STATUS_H
#define SEXTON_STATUS_H

/* The exit code for status: WEXITSTATUS, or 128+N for signal N. */
int status_code(int wstatus);

/* Exit codes that --remap-exit turns into 0, as a 256-bit set. */
struct exitmap {
	unsigned char bits[32];
};
void exitmap_add(struct exitmap *m, int code);
int exitmap_apply(const struct exitmap *m, int code);

#endif

/* The sentinel: a process outside sexton's subtree that records every
 * signal it gets, so that a test can say no outsider was signalled.
 * test_refusals, test_limits (through runner.c) and test_chaos use it. */
#ifndef SEXTON_SENTINEL_H
#define SEXTON_SENTINEL_H

/* What the sentinel writes to its fd for each signal it gets. */
struct sentinel_rec {
	int sig, pid, code;	/* ssi_signo, ssi_pid, ssi_code */
};

/* Blocks every signal, 32 and 33 too (block 1), or none (block 0). Raw:
 * glibc's wrapper leaves out 32 and 33, which the tests mean to send and
 * to see. */
void mask_all(int block);
/* The sentinel itself, in a child with every signal blocked: says "r" on
 * ready once it listens, then writes a sentinel_rec to fd for each
 * signal; it dies with its parent. */
_Noreturn void sentinel(int ready, int fd);

#endif

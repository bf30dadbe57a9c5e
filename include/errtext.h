/* What an errno means, for the few errors sexton can meet: libc's
 * strerror() brings a table of every message, 2 KiB in a static build.
 * Pure, no system calls. */
#ifndef SEXTON_ERRTEXT_H
#define SEXTON_ERRTEXT_H

/* The message for err; for one not in the table, "error N" written
 * into buf. */
const char *errtext(int err, char buf[24]);

#endif

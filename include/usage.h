/* --help and --version. */
#ifndef SEXTON_USAGE_H
#define SEXTON_USAGE_H

#include "options.h"

#define SEXTON_VERSION "0.1.0"

/* Prints the help or the version on stdout; returns the exit code. */
int usage_print(enum action action);

#endif

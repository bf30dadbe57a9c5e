/* libFuzzer target for everything sexton parses: options, environment
 * variables, signal specs, durations and rewrite rules.
 *
 * The input is NUL-separated strings: the command line up to the first
 * empty string, the environment after it. Each string gets a buffer of
 * its own exact size, so a read past its end is caught. Besides not
 * crashing, the parser must keep its promises: an error is one line,
 * and a config it accepts is within its bounds. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "options.h"

#define MAX_STRINGS 64

static void check(int ok)
{
	if (!ok)
		__builtin_trap();
}

static void check_names(const char *s)
{
	long long ms;
	char name[12];
	int sig = sig_parse(s);

	check(sig >= -1 && sig < SEXTON_NSIG);
	if (sig > 0) {
		sig_name(sig, name);
		check(sig_parse(name) == sig);
	}
	if (duration_parse(s, &ms) == 0)
		check(ms >= 0 && ms <= DURATION_MAX_MS);
}

static void check_config(const struct config *c)
{
	if (c->action != ACTION_RUN)
		return;
	check(c->pause || c->argv != NULL);
	check(c->verbosity >= 0);
	check(c->grace_ms >= 0 && c->grace_ms <= DURATION_MAX_MS);
	check(c->pdeathsig >= 0 && c->pdeathsig < SEXTON_NSIG);
	check(c->zombie_action >= 0 && c->zombie_action < SEXTON_NSIG);
	check(c->watch_zombies == 0 || c->watch_interval_ms > 0);
	for (int sig = 1; sig < SEXTON_NSIG; sig++) {
		int to = rewrite_apply(&c->rewrite, sig);

		check(to >= 0 && to < SEXTON_NSIG);
		for (int d = 0; d < 4; d++) {
			to = rewrite_out(&c->rewrite, sig, d & 1, d >> 1);
			check(to >= 0 && to < SEXTON_NSIG);
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *args[MAX_STRINGS + 2], *env[MAX_STRINGS + 1], err[256];
	int argc = 1, envc = 0, in_env = 0;
	struct config c;
	size_t at = 0;

	args[0] = "sexton";
	while (at < size && argc + envc < MAX_STRINGS) {
		const uint8_t *end = memchr(data + at, '\0', size - at);
		size_t len = end != NULL ? (size_t)(end - (data + at)) :
		    size - at;
		char *s;

		if (len == 0 && !in_env) {
			in_env = 1;
			at++;
			continue;
		}
		s = malloc(len + 1);
		memcpy(s, data + at, len);
		s[len] = '\0';
		check_names(s);
		if (in_env)
			env[envc++] = s;
		else
			args[argc++] = s;
		at += len + 1;
	}
	args[argc] = NULL;
	env[envc] = NULL;
	memset(err, 'x', sizeof err);
	memset(&c, 0, sizeof c);
	if (options_parse(&c, argc, args, env, 1, err, sizeof err) < 0) {
		size_t n = strnlen(err, sizeof err);

		check(n > 0 && n < sizeof err && strchr(err, '\n') == NULL);
	} else {
		check_config(&c);
	}
	for (int i = 1; i < argc; i++)
		free(args[i]);
	for (int i = 0; i < envc; i++)
		free(env[i]);
	return 0;
}

/* Logging. The verbosity and pid are set once, at start, and only read
 * after that. */
#include <unistd.h>

#include "fmt.h"
#include "log.h"

static struct {
	int verbosity;
	int pid;
} conf = { LOG_WARN, 0 };

void log_init(int verbosity, int pid)
{
	conf.verbosity = verbosity;
	conf.pid = pid;
}

int log_enabled(int level)
{
	return level <= conf.verbosity || level == LOG_ERROR;
}

static void emit(const char *prefix, const char *f, va_list ap)
{
	char line[512];
	size_t n = fmt(line, sizeof line - 1, prefix, conf.pid);

	n += fmt_v(line + n, sizeof line - 1 - n, f, ap);
	fmt_clean(line);
	line[n++] = '\n';
	/* Nothing useful can be done when stderr is gone. */
	(void)!write(2, line, n);
}

void log_msg(int level, const char *f, ...)
{
	va_list ap;

	if (!log_enabled(level))
		return;
	va_start(ap, f);
	emit("sexton[%d]: ", f, ap);
	va_end(ap);
}

void log_plain(const char *f, ...)
{
	va_list ap;

	va_start(ap, f);
	emit("sexton: ", f, ap);
	va_end(ap);
}

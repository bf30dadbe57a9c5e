/* Messages for the errors of execve(2), fork(2), open(2) and reboot(2), worded
 * as glibc words them; a rarer one is shown by its number. */
#include <errno.h>
#include <stddef.h>

#include "errtext.h"
#include "fmt.h"

static const struct {
	int err;
	const char *text;
} table[] = {
	{ ENOENT, "No such file or directory" },
	{ EACCES, "Permission denied" },
	{ ENOEXEC, "Exec format error" },
	{ ENOTDIR, "Not a directory" },
	{ ELOOP, "Too many levels of symbolic links" },
	{ ENAMETOOLONG, "File name too long" },
	{ E2BIG, "Argument list too long" },
	{ ENOMEM, "Cannot allocate memory" },
	{ ETXTBSY, "Text file busy" },
	{ EPERM, "Operation not permitted" },
	{ EAGAIN, "Resource temporarily unavailable" },
	{ EINVAL, "Invalid argument" },
	{ EMFILE, "Too many open files" },
};

const char *errtext(int err, char buf[24])
{
	for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
		if (table[i].err == err)
			return table[i].text;
	fmt(buf, 24, "error %d", err);
	return buf;
}

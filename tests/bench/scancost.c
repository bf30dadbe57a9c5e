/* The cost of one zombie-watch scan: run as PID 1 of a new namespace,
 * it starts N sleeping processes, half of them holding a zombie each.
 * Then, taking turns, it times a baseline, reading each /proc/PID/stat
 * once, and a whole scan of the watch, step by step. Prints the medians
 * in milliseconds, their ratio, and the 99th percentile and longest of
 * the steps: how long a signal can wait behind a scan. */
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "watch.h"

#define SCANS 31

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static void start(int n)
{
	for (int i = 0; i < n; i++) {
		if (fork() != 0)
			continue;
		if (i % 2 == 0 && fork() == 0)
			_exit(0);
		for (;;)
			pause();
	}
}

/* The least any scan must do: list /proc and read each stat once. */
static void baseline(void)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	char path[64], buf[512];

	while (d != NULL && (e = readdir(d)) != NULL) {
		int fd;

		if (e->d_name[0] < '1' || e->d_name[0] > '9')
			continue;
		snprintf(path, sizeof path, "/proc/%s/stat", e->d_name);
		if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
			continue;
		(void)!read(fd, buf, sizeof buf);
		close(fd);
	}
	if (d != NULL)
		closedir(d);
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 1000;
	/* A threshold no one reaches, and scans only when stepped: the
	 * watch thinks it is 1 ms after its clock's start. */
	static struct config c = { .watch_zombies = 1000000,
	    .watch_interval_ms = 1000000 };
	static struct role r = { .self = 1, .pid1 = 1 };
	double base[SCANS], scan[SCANS], step = 0;
	static double steps[1 << 20];
	size_t nsteps = 0;

	watch_init(&c, &r);
	start(n);
	sleep(1);	/* lets the zombies die; no result depends on it */
	for (int i = 0; i < SCANS; i++) {
		double t0 = now_us(), t;

		baseline();
		base[i] = now_us() - t0;
		t0 = now_us();
		do {
			t = now_us();
			watch_step(1);
			if (nsteps < sizeof steps / sizeof steps[0])
				steps[nsteps++] = now_us() - t;
		} while (watch_due() == 1);
		scan[i] = now_us() - t0;
	}
	qsort(base, SCANS, sizeof base[0], cmp);
	qsort(scan, SCANS, sizeof scan[0], cmp);
	qsort(steps, nsteps, sizeof steps[0], cmp);
	step = nsteps > 0 ? steps[nsteps * 99 / 100] : 0;
	printf("processes %d\nscan_ms %.2f\nbase_ms %.2f\nscan_ratio %.2f\n"
	    "step_p99_ms %.2f\nstep_max_ms %.2f\n", n + 1 + n / 2, scan[SCANS / 2] / 1e3,
	    base[SCANS / 2] / 1e3, scan[SCANS / 2] / base[SCANS / 2],
	    step / 1e3, nsteps > 0 ? steps[nsteps - 1] / 1e3 : 0);
	kill(-1, SIGKILL);
	return 0;
}

/* The cost of one zombie-watch scan: run as PID 1 of a new namespace,
 * it starts N sleeping processes, half of them holding a zombie each,
 * and times watch_scan() over many scans. Prints the median and the
 * range in milliseconds, and the CPU time per scan. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "watch.h"

#define SCANS 101

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

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 1000;
	struct watch w = { .self = getpid(), .threshold = 1000000 };
	double t[SCANS];
	struct rusage a, b;

	start(n);
	sleep(1);	/* lets the zombies die; no result depends on it */
	getrusage(RUSAGE_SELF, &a);
	for (int i = 0; i < SCANS; i++) {
		double t0 = now_us();

		watch_scan(&w);
		t[i] = now_us() - t0;
	}
	getrusage(RUSAGE_SELF, &b);
	qsort(t, SCANS, sizeof t[0], cmp);
	printf("processes %d\nscan_ms %.2f\nscan_min_ms %.2f\n"
	    "scan_max_ms %.2f\nscan_cpu_ms %.2f\n", n + 1 + n / 2,
	    t[SCANS / 2] / 1e3, t[0] / 1e3, t[SCANS - 1] / 1e3,
	    ((b.ru_utime.tv_sec - a.ru_utime.tv_sec + b.ru_stime.tv_sec -
	    a.ru_stime.tv_sec) * 1e6 + (b.ru_utime.tv_usec -
	    a.ru_utime.tv_usec + b.ru_stime.tv_usec - a.ru_stime.tv_usec)) /
	    SCANS / 1e3);
	kill(-1, SIGKILL);
	return 0;
}

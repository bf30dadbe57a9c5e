/* Replays the fuzzer's seed corpus and every input that ever crashed
 * it through the same target, built with ASan and UBSan by make check. */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int replay_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d)) != NULL) {
		static uint8_t buf[1 << 16];
		char path[512];
		size_t len;
		FILE *f;

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		f = fopen(path, "rb");
		assert_non_null(f);
		len = fread(buf, 1, sizeof buf, f);
		fclose(f);
		LLVMFuzzerTestOneInput(buf, len);
		n++;
	}
	closedir(d);
	return n;
}

static void seed_corpus(void **state)
{
	(void)state;
	assert_true(replay_dir("tests/fuzz/corpus") > 0);
}

static void regressions(void **state)
{
	(void)state;
	replay_dir("tests/fuzz/regressions");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(seed_corpus),
		cmocka_unit_test(regressions),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

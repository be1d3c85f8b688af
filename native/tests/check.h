/*
 * check.h - the smallest harness that does the job for the core's C tests.
 *
 *   CHECK_EQ(expected, actual)  compares two integers exactly; on a mismatch
 *                               prints file:line, both expressions and both
 *                               values in hex (signed: -EIO prints as -0x5)
 *   CHECK(cond)                 a plain truth check, for invariants
 *   RUN(test_fn)                runs one test, prints PASS or FAIL for it
 *   check_summary(name)         prints "name: N passed, M failed" and returns
 *                               the exit status for main (nonzero on failure)
 *
 * The values are widened to long long before comparing, so a word
 * (uint32_t) never compares equal to a negative return value by accident:
 * 0xfffffffb and -5 stay different. The checks are thread-safe (a stress
 * test may fail from any thread); a flood of failures is cut short after
 * CHECK_MAX_PRINTED messages, but every one is still counted.
 *
 * Never assert(): the tests build as RelWithDebInfo, where NDEBUG is set.
 */
#ifndef ERRSEQ_TESTS_CHECK_H
#define ERRSEQ_TESTS_CHECK_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdio.h>

#define CHECK_MAX_PRINTED 50

/* Failed checks since the program started, in any test, from any thread. */
static atomic_uint check_failures;
static atomic_uint check_printed;
static unsigned check_tests_passed;
static unsigned check_tests_failed;

static inline void check_format_value(char *buf, size_t size, long long v)
{
	if (v < 0)
		snprintf(buf, size, "-0x%llx (%lld)", -(unsigned long long)v, v);
	else
		snprintf(buf, size, "0x%llx (%lld)", (unsigned long long)v, v);
}

static inline int check_eq_at(const char *file, int line, const char *exp_src,
			      const char *act_src, long long expected,
			      long long actual)
{
	char exp_buf[48], act_buf[48];

	if (expected == actual)
		return 1;
	atomic_fetch_add(&check_failures, 1);
	if (atomic_fetch_add(&check_printed, 1) < CHECK_MAX_PRINTED) {
		check_format_value(exp_buf, sizeof(exp_buf), expected);
		check_format_value(act_buf, sizeof(act_buf), actual);
		/* One call per message, so threads do not interleave lines. */
		fprintf(stderr,
			"%s:%d: CHECK_EQ(%s, %s)\n    expected %s\n    actual   %s\n",
			file, line, exp_src, act_src, exp_buf, act_buf);
	}
	return 0;
}

static inline int check_true_at(const char *file, int line, const char *src,
				int ok)
{
	if (ok)
		return 1;
	atomic_fetch_add(&check_failures, 1);
	if (atomic_fetch_add(&check_printed, 1) < CHECK_MAX_PRINTED)
		fprintf(stderr, "%s:%d: CHECK(%s) failed\n", file, line, src);
	return 0;
}

/* Both evaluate each argument once and yield 1 when the check held. */
#define CHECK_EQ(expected, actual)                                         \
	check_eq_at(__FILE__, __LINE__, #expected, #actual,                \
		    (long long)(expected), (long long)(actual))
#define CHECK(cond) check_true_at(__FILE__, __LINE__, #cond, (cond) ? 1 : 0)

static inline void check_run(const char *name, void (*fn)(void))
{
	unsigned before = atomic_load(&check_failures);
	unsigned failed;

	fn();
	failed = atomic_load(&check_failures) - before;
	if (failed == 0) {
		check_tests_passed++;
		printf("PASS %s\n", name);
	} else {
		check_tests_failed++;
		printf("FAIL %s (%u failed checks)\n", name, failed);
	}
	fflush(stdout);
}

#define RUN(test_fn) check_run(#test_fn, test_fn)

static inline int check_summary(const char *suite)
{
	printf("%s: %u passed, %u failed\n", suite, check_tests_passed,
	       check_tests_failed);
	return check_tests_failed == 0 ? 0 : 1;
}

#endif /* ERRSEQ_TESTS_CHECK_H */

/*
 * errseq_bench_lib.c - the entry points that JNA and FFM call in the benchmarks.
 *
 * liberrseq.so exports only JNI_OnLoad, so the benchmarks build this separate,
 * bench-only library. Its functions have the same bodies as the JNI glue's, minus
 * the JNIEnv and jclass arguments: the empty call is as empty as WordNatives.nop,
 * and check_and_advance packs its two results into one 64-bit value exactly as
 * errseq_jni_word_natives.c does. Comparisons between JNI, JNA and FFM then
 * measure the bridges and nothing else.
 *
 * The two loops run the library's own syncfs and fsync (native/sys) n times in
 * one call, so that a JVM benchmark can measure the system call inside the JVM's
 * process, next to its other results, with the bridge's cost spread over n calls.
 */
#include <stdint.h>

#include "errseq.h"
#include "errseq_sys.h"

#define BENCH_API __attribute__((visibility("default")))

BENCH_API void errseq_bench_nop(void);
BENCH_API int64_t errseq_bench_check_and_advance(_Atomic errseq_t *eseq, int32_t since);
BENCH_API int32_t errseq_bench_syncfs_loop(int32_t fd, int32_t n);
BENCH_API int32_t errseq_bench_fsync_loop(int32_t fd, int32_t n);

void errseq_bench_nop(void)
{
}

int64_t errseq_bench_check_and_advance(_Atomic errseq_t *eseq, int32_t since)
{
	errseq_t cursor = (errseq_t)since;
	int err = errseq_check_and_advance(eseq, &cursor);

	return (int64_t)(((uint64_t)cursor << 32) | (uint32_t)err);
}

/* Returns how many of the n calls failed. */
int32_t errseq_bench_syncfs_loop(int32_t fd, int32_t n)
{
	int32_t failures = 0;

	for (int32_t i = 0; i < n; i++)
		failures += errseq_sys_syncfs(fd) < 0;
	return failures;
}

int32_t errseq_bench_fsync_loop(int32_t fd, int32_t n)
{
	int32_t failures = 0;

	for (int32_t i = 0; i < n; i++)
		failures += errseq_sys_fsync(fd) < 0;
	return failures;
}

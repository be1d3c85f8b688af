/*
 * test_atomics_path.c - which atomics the core runs on, where it matters.
 *
 * On aarch64, gcc's outline atomics pick LSE instructions (casal) or an
 * LL/SC loop (ldaxr/stlxr) at run time from the CPU's HWCAP_ATOMICS. The C
 * tests run under qemu on a CPU with LSE and on one without, and this test
 * proves each run took the path it was meant to: ERRSEQ_EXPECT_LSE=1 or 0.
 * Elsewhere (or without the variable) it only reports what it found.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if defined(__aarch64__)
#include <sys/auxv.h>
#define ERRSEQ_HWCAP_ATOMICS (1UL << 8)
static int cpu_has_lse(void)
{
	return (getauxval(AT_HWCAP) & ERRSEQ_HWCAP_ATOMICS) != 0;
}
#else
static int cpu_has_lse(void)
{
	return -1;
}
#endif

int main(void)
{
	const char *expect = getenv("ERRSEQ_EXPECT_LSE");
	int has = cpu_has_lse();

	printf("test_atomics_path: %s\n", has < 0 ? "not aarch64" :
	       has ? "aarch64 with LSE atomics" : "aarch64 with LL/SC only");
	if (has < 0 || expect == NULL || *expect == '\0')
		return 0;
	if (has != (strcmp(expect, "1") == 0)) {
		printf("test_atomics_path: expected LSE=%s; 0 passed, 1 failed\n",
		       expect);
		return 1;
	}
	printf("test_atomics_path: 1 passed, 0 failed\n");
	return 0;
}

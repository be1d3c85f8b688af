/*
 * test_seed_scenarios.c - the two scenarios of the seed thread
 * (linux-fsdevel, "Re: [PATCH v3] errseq: split the ERRSEQ_SEEN flag",
 * December 2020), run under both layouts, to show what the split changes.
 *
 * 1. Matthew Wilcox's two watchers: t2 samples, an error is set, t1 takes a
 *    copy of the word, t2 check_and_advance()s, then t1 check()s. Under
 *    upstream t1 hears of an error although the only change was SEEN;
 *    under the split layout it does not.
 * 2. The overlayfs volatile mount: it must learn of new errors on the upper
 *    filesystem without consuming them. Upstream offers only
 *    check_and_advance, which marks the error SEEN and so steals it from
 *    the next opener; split's peek + check does not.
 */
#include <errno.h>

#include "check.h"
#include "errseq.h"

_Static_assert(EIO == 5, "the hex literals below assume Linux errno values");

/*
 * Wilcox's sequence, upstream: t1's copy is the raw word (errseq_load; a
 * sample would give 0 here). t2's check_and_advance only adds SEEN, yet
 * t1's check reports -EIO: the known wart, kept as upstream has it.
 */
static void test_two_watchers_upstream_reports_spuriously(void)
{
	_Atomic errseq_t worker = 0;
	errseq_t t1, t2;

	t2 = errseq_sample(&worker);
	CHECK_EQ(0x00000000, t2);
	errseq_set(&worker, -EIO);
	t1 = errseq_load(&worker);
	CHECK_EQ(0x00000005, t1);
	CHECK_EQ(-EIO, errseq_check_and_advance(&worker, &t2));
	CHECK_EQ(0x00001005, errseq_load(&worker));
	/* Nothing but SEEN moved ... */
	CHECK_EQ(0x00001000, errseq_load(&worker) ^ t1);
	/* ... and still t1 is told of an error. */
	CHECK_EQ(-EIO, errseq_check(&worker, t1));
}

/*
 * Wilcox's sequence, split: t1 peeks. t2's check_and_advance adds REPORTED,
 * which check ignores, so t1 hears nothing. A real new error (even the
 * same errno) still reaches t1, because its peek set OBSERVED.
 */
static void test_two_watchers_split_reports_nothing(void)
{
	_Atomic errseq_t worker = 0;
	errseq_t t1, t2;

	t2 = errseq_split_sample(&worker);
	CHECK_EQ(0x00000000, t2);
	errseq_split_set(&worker, -EIO);
	t1 = errseq_split_peek(&worker);
	CHECK_EQ(0x00002005, t1);
	CHECK_EQ(-EIO, errseq_split_check_and_advance(&worker, &t2));
	CHECK_EQ(0x00003005, errseq_load(&worker));
	CHECK_EQ(0, errseq_split_check(&worker, t1));

	errseq_split_set(&worker, -EIO);
	CHECK_EQ(0x00004005, errseq_load(&worker));
	CHECK_EQ(-EIO, errseq_split_check(&worker, t1));
}

/*
 * Volatile mount, upstream: the mount samples the upper word, an error
 * hits the upper, and the only way to learn of it is check_and_advance,
 * which marks it SEEN. A process that opens a file on the upper afterwards
 * samples past the error: its syncfs would return 0. Consumed.
 */
static void test_volatile_mount_upstream_consumes_error(void)
{
	_Atomic errseq_t upper = 0;
	errseq_t volatile_mount = errseq_sample(&upper);
	errseq_t opener;

	errseq_set(&upper, -EIO);
	CHECK_EQ(-EIO, errseq_check_and_advance(&upper, &volatile_mount));
	CHECK_EQ(0x00001005, errseq_load(&upper));

	opener = errseq_sample(&upper);
	CHECK_EQ(0x00001005, opener);
	CHECK_EQ(0, errseq_check_and_advance(&upper, &opener));
}

/*
 * Volatile mount, split: the mount peeks (the epoch stays 0) and every sync
 * checks against that peek: -EIO, every time (sticky), touching nothing.
 * The later opener's sample + check_and_advance still gets -EIO, once.
 */
static void test_volatile_mount_split_leaves_error(void)
{
	_Atomic errseq_t upper = 0;
	errseq_t volatile_mount = errseq_split_peek(&upper);
	errseq_t opener;

	CHECK_EQ(0x00000000, volatile_mount);
	errseq_split_set(&upper, -EIO);
	CHECK_EQ(-EIO, errseq_split_check(&upper, volatile_mount));
	CHECK_EQ(-EIO, errseq_split_check(&upper, volatile_mount));
	CHECK_EQ(0x00000005, errseq_load(&upper));

	opener = errseq_split_sample(&upper);
	CHECK_EQ(0x00000000, opener);
	CHECK_EQ(-EIO, errseq_split_check_and_advance(&upper, &opener));
	CHECK_EQ(0, errseq_split_check_and_advance(&upper, &opener));
	CHECK_EQ(0x00003005, errseq_load(&upper));

	/* Still failing: the mount stays broken until it is unmounted. */
	CHECK_EQ(-EIO, errseq_split_check(&upper, volatile_mount));
}

int main(void)
{
	RUN(test_two_watchers_upstream_reports_spuriously);
	RUN(test_two_watchers_split_reports_nothing);
	RUN(test_volatile_mount_upstream_consumes_error);
	RUN(test_volatile_mount_split_leaves_error);
	return check_summary("test_seed_scenarios");
}

/*
 * test_upstream.c - the upstream layout (lib/errseq.c), one test per rule of
 * docs/errseq-semantics.md section 1.
 *
 * Every expectation is a literal: raw words in hex, returns as -errno. The
 * layout is errno in bits 0..11, SEEN = 0x1000, counter from bit 13 in steps
 * of 0x2000, so with EIO = 5 a seen EIO at counter 1 is 0x00003005. Writing
 * the numbers out (instead of building them from the header's macros) pins
 * the layout itself: a wrong constant in errseq.h fails here.
 */
#include <errno.h>
#include <limits.h>
#include <stddef.h>

#include "check.h"
#include "errseq.h"

_Static_assert(EIO == 5 && ENOSPC == 28 && EDQUOT == 122,
	       "the hex literals below assume Linux errno values");

/* A word that was never set is 0; sampling and checking it find nothing. */
static void test_epoch(void)
{
	_Atomic errseq_t *w = errseq_alloc(0);
	errseq_t since;

	if (!CHECK(w != NULL))
		return;
	CHECK_EQ(0x00000000, errseq_load(w));
	since = errseq_sample(w);
	CHECK_EQ(0x00000000, since);
	CHECK_EQ(0, errseq_check(w, since));
	CHECK_EQ(0, errseq_check_and_advance(w, &since));
	CHECK_EQ(0x00000000, since);
	CHECK_EQ(0x00000000, errseq_load(w));
	errseq_free(w);
}

/* set keeps the counter, stores the errno positive and clears SEEN. */
static void test_set_stores_errno_positive_and_clears_seen(void)
{
	_Atomic errseq_t w = 0;
	_Atomic errseq_t seen = 0x00003005; /* counter 1, SEEN, EIO */

	errseq_set(&w, -EIO);
	CHECK_EQ(0x00000005, errseq_load(&w));

	/* From a seen word the counter moves on (the next test says why). */
	errseq_set(&seen, -ENOSPC);
	CHECK_EQ(0x0000401c, errseq_load(&seen));
}

/* -1 and -4095 (MAX_ERRNO) are the ends of the accepted range. */
static void test_set_accepts_errno_boundaries(void)
{
	_Atomic errseq_t w = 0;

	errseq_set(&w, -1);
	CHECK_EQ(0x00000001, errseq_load(&w));
	errseq_set(&w, -4095);
	CHECK_EQ(0x00000fff, errseq_load(&w));
	errseq_set(&w, -1);
	CHECK_EQ(0x00000001, errseq_load(&w));
}

/*
 * Errors nobody saw collapse into one: the latest errno replaces the earlier
 * one and the counter stays put, so a watcher gets one report, of the latest.
 */
static void test_overwrite_unseen_error(void)
{
	_Atomic errseq_t w = 0x00003005; /* counter 1, SEEN, EIO */
	errseq_t since = errseq_sample(&w);

	errseq_set(&w, -ENOSPC);
	CHECK_EQ(0x0000401c, errseq_load(&w));
	errseq_set(&w, -EDQUOT);
	CHECK_EQ(0x0000407a, errseq_load(&w));
	errseq_set(&w, -EIO);
	CHECK_EQ(0x00004005, errseq_load(&w));
	/* The same errno again on an unseen word changes nothing at all. */
	errseq_set(&w, -EIO);
	CHECK_EQ(0x00004005, errseq_load(&w));

	CHECK_EQ(-EIO, errseq_check_and_advance(&w, &since));
	CHECK_EQ(0, errseq_check_and_advance(&w, &since));
}

/*
 * sample returns 0 for an unseen error, so a watcher that starts after the
 * error but before anybody saw it still gets it (generic/487), once; after
 * that the error is seen and the next new watcher starts past it.
 */
static void test_unseen_error_reaches_new_sampler_once(void)
{
	_Atomic errseq_t w = 0;
	errseq_t first, later;

	errseq_set(&w, -EIO);
	first = errseq_sample(&w);
	CHECK_EQ(0x00000000, first);
	CHECK_EQ(0x00000005, errseq_load(&w)); /* sample changes nothing */
	CHECK_EQ(-EIO, errseq_check_and_advance(&w, &first));
	CHECK_EQ(0x00001005, errseq_load(&w));
	CHECK_EQ(0x00001005, first);
	CHECK_EQ(0, errseq_check_and_advance(&w, &first));

	later = errseq_sample(&w);
	CHECK_EQ(0x00001005, later);
	CHECK_EQ(0, errseq_check_and_advance(&w, &later));
}

/* One cursor hears of one error once: -errno, then 0 for good. */
static void test_report_once_per_cursor(void)
{
	_Atomic errseq_t w = 0;
	errseq_t since = errseq_sample(&w);

	errseq_set(&w, -ENOSPC);
	CHECK_EQ(-ENOSPC, errseq_check_and_advance(&w, &since));
	CHECK_EQ(0x0000101c, since);
	CHECK_EQ(0, errseq_check_and_advance(&w, &since));
	CHECK_EQ(0, errseq_check_and_advance(&w, &since));
	CHECK_EQ(0, errseq_check(&w, since));
	CHECK_EQ(0x0000101c, since);
	CHECK_EQ(0x0000101c, errseq_load(&w));
}

/*
 * The same errno after the first was seen is a new error: the counter moves
 * (0x1005 -> 0x2005), so the cursor that saw the first one hears it again.
 */
static void test_same_error_reported_again_after_seen(void)
{
	_Atomic errseq_t w = 0;
	errseq_t since = errseq_sample(&w);

	errseq_set(&w, -EIO);
	CHECK_EQ(-EIO, errseq_check_and_advance(&w, &since));
	CHECK_EQ(0x00001005, errseq_load(&w));
	errseq_set(&w, -EIO);
	CHECK_EQ(0x00002005, errseq_load(&w));
	CHECK_EQ(-EIO, errseq_check_and_advance(&w, &since));
	CHECK_EQ(0x00003005, since);
	CHECK_EQ(0, errseq_check_and_advance(&w, &since));
}

/*
 * The counter moves only when SEEN is set, by exactly one step however many
 * cursors saw the error; unseen sets leave it alone (this keeps the 19-bit
 * counter from wrapping needlessly).
 */
static void test_counter_bumps_only_after_seen(void)
{
	_Atomic errseq_t w = 0;
	errseq_t a = 0, b = 0;

	errseq_set(&w, -EIO);
	errseq_set(&w, -ENOSPC);
	errseq_set(&w, -EIO);
	CHECK_EQ(0x00000005, errseq_load(&w));

	CHECK_EQ(-EIO, errseq_check_and_advance(&w, &a));
	CHECK_EQ(-EIO, errseq_check_and_advance(&w, &b));
	CHECK_EQ(0x00001005, errseq_load(&w));
	errseq_set(&w, -ENOSPC);
	CHECK_EQ(0x0000201c, errseq_load(&w));
	errseq_set(&w, -EIO);
	CHECK_EQ(0x00002005, errseq_load(&w));
}

/* set returns the word as it was before (for debugging, never a sample). */
static void test_set_returns_previous_value(void)
{
	_Atomic errseq_t w = 0;
	errseq_t since = 0;

	CHECK_EQ(0x00000000, errseq_set(&w, -EIO));
	CHECK_EQ(0x00000005, errseq_set(&w, -ENOSPC));
	CHECK_EQ(-ENOSPC, errseq_check_and_advance(&w, &since));
	CHECK_EQ(0x0000101c, errseq_set(&w, -EIO));
	CHECK_EQ(0x00002005, errseq_load(&w));
	/* A set that changes nothing returns the (unchanged) current word. */
	CHECK_EQ(0x00002005, errseq_set(&w, -EIO));
}

/*
 * 0, positive values and anything below -4095 do not fit the errno field;
 * set stores nothing and returns the current word, on the epoch and on
 * unseen, seen and near-wrap words alike. INT_MIN must not overflow.
 */
static void test_refused_errnos_store_nothing(void)
{
	static const int bad[] = { 0, 1, EIO, 4095, 4096, -4096, -65536,
				   INT_MIN, INT_MAX };
	static const errseq_t words[] = { 0x00000000, 0x00000005, 0x00003005,
					  0xfffff0ff };

	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		for (size_t j = 0; j < sizeof(bad) / sizeof(bad[0]); j++) {
			_Atomic errseq_t w = words[i];
			errseq_t since = words[i];

			if (!CHECK_EQ(words[i], errseq_set(&w, bad[j])) ||
			    !CHECK_EQ(words[i], errseq_load(&w)) ||
			    !CHECK_EQ(0, errseq_check_and_advance(&w, &since)))
				fprintf(stderr, "    (word 0x%08x, err %d)\n",
					(unsigned)words[i], bad[j]);
		}
	}
}

/*
 * The counter is the top 19 bits and wraps silently: one step past
 * 0xffffe000 is 0. The errno lands in the wrapped word, so it is not 0 and
 * a cursor still tells it apart from the value before the wrap.
 */
static void test_counter_wraps_at_32_bits(void)
{
	_Atomic errseq_t w = 0xfffff005; /* top counter, SEEN, EIO */
	errseq_t since = 0xfffff005;

	CHECK_EQ(0xfffff005, errseq_set(&w, -EIO));
	CHECK_EQ(0x00000005, errseq_load(&w));
	CHECK_EQ(-EIO, errseq_check(&w, since));
	CHECK_EQ(-EIO, errseq_check_and_advance(&w, &since));
	CHECK_EQ(0x00001005, since);
	CHECK_EQ(0x00001005, errseq_load(&w));
	CHECK_EQ(0, errseq_check_and_advance(&w, &since));
}

/*
 * The same wrap reached for real: 2^19 set + check_and_advance cycles from
 * the epoch. The first set does not count (nothing was seen yet), so the
 * cycles leave the counter at its top, 2^19 - 1, and the next set wraps it.
 * Each cycle's set must return the previous cycle's word exactly.
 */
static void test_counter_wraps_after_2pow19_cycles(void)
{
	const unsigned long cycles = 1ul << 19;
	_Atomic errseq_t w = 0;
	errseq_t since = errseq_sample(&w);
	unsigned long bad_prev = 0, bad_ret = 0;

	for (unsigned long i = 0; i < cycles; i++) {
		errseq_t prev = i == 0 ? 0 : ((errseq_t)(i - 1) << 13) | 0x1005;

		bad_prev += errseq_set(&w, -EIO) != prev;
		bad_ret += errseq_check_and_advance(&w, &since) != -EIO;
	}
	CHECK_EQ(0, bad_prev);
	CHECK_EQ(0, bad_ret);
	CHECK_EQ(0xfffff005, errseq_load(&w));
	CHECK_EQ(0xfffff005, since);

	CHECK_EQ(0xfffff005, errseq_set(&w, -EIO));
	CHECK_EQ(0x00000005, errseq_load(&w));
	CHECK_EQ(-EIO, errseq_check_and_advance(&w, &since));
	CHECK_EQ(0x00001005, errseq_load(&w));
}

/*
 * Cursors are independent: each of two watchers gets the error once, even
 * though the first one's check_and_advance already marked it SEEN.
 */
static void test_independent_cursors(void)
{
	_Atomic errseq_t w = 0;
	errseq_t a = errseq_sample(&w);
	errseq_t b = errseq_sample(&w);

	errseq_set(&w, -EIO);
	CHECK_EQ(-EIO, errseq_check_and_advance(&w, &a));
	CHECK_EQ(-EIO, errseq_check_and_advance(&w, &b));
	CHECK_EQ(0, errseq_check_and_advance(&w, &a));
	CHECK_EQ(0, errseq_check_and_advance(&w, &b));
	CHECK_EQ(0x00001005, a);
	CHECK_EQ(0x00001005, b);

	/* A new error after both saw the first: again once each. */
	errseq_set(&w, -ENOSPC);
	CHECK_EQ(-ENOSPC, errseq_check_and_advance(&w, &b));
	CHECK_EQ(-ENOSPC, errseq_check_and_advance(&w, &a));
	CHECK_EQ(0, errseq_check_and_advance(&w, &a));
	CHECK_EQ(0, errseq_check_and_advance(&w, &b));
	CHECK_EQ(0x0000301c, errseq_load(&w));
}

/*
 * check is read-only: it does not mark SEEN, so it can be repeated and a
 * later sampler still gets the unseen error. It reports the current errno
 * whenever the word differs from since in any bit, and 0 only when equal.
 */
static void test_check_changes_nothing(void)
{
	_Atomic errseq_t w = 0;
	errseq_t since = 0;

	errseq_set(&w, -ENOSPC);
	errseq_set(&w, -EIO);
	CHECK_EQ(-EIO, errseq_check(&w, since));
	CHECK_EQ(-EIO, errseq_check(&w, since));
	CHECK_EQ(0x00000005, errseq_load(&w));
	CHECK_EQ(0, errseq_check(&w, 0x00000005));
	CHECK_EQ(-EIO, errseq_check(&w, 0x00001005));
	CHECK_EQ(0x00000000, errseq_sample(&w));

	since = errseq_sample(&w);
	CHECK_EQ(-EIO, errseq_check_and_advance(&w, &since));
}

/*
 * check_and_advance on a word equal to its cursor returns 0 and writes
 * nothing: not the cursor, and not SEEN either, even when the word lacks it
 * (a cursor copied from the raw word leaves that error unseen).
 */
static void test_check_and_advance_on_unchanged_word_changes_nothing(void)
{
	_Atomic errseq_t seen = 0x00003005;
	_Atomic errseq_t unseen = 0x00002005;
	errseq_t a = 0x00003005, b = 0x00002005;

	CHECK_EQ(0, errseq_check_and_advance(&seen, &a));
	CHECK_EQ(0x00003005, a);
	CHECK_EQ(0x00003005, errseq_load(&seen));

	CHECK_EQ(0, errseq_check_and_advance(&unseen, &b));
	CHECK_EQ(0x00002005, b);
	CHECK_EQ(0x00002005, errseq_load(&unseen));
}

int main(void)
{
	RUN(test_epoch);
	RUN(test_set_stores_errno_positive_and_clears_seen);
	RUN(test_set_accepts_errno_boundaries);
	RUN(test_overwrite_unseen_error);
	RUN(test_unseen_error_reaches_new_sampler_once);
	RUN(test_report_once_per_cursor);
	RUN(test_same_error_reported_again_after_seen);
	RUN(test_counter_bumps_only_after_seen);
	RUN(test_set_returns_previous_value);
	RUN(test_refused_errnos_store_nothing);
	RUN(test_counter_wraps_at_32_bits);
	RUN(test_counter_wraps_after_2pow19_cycles);
	RUN(test_independent_cursors);
	RUN(test_check_changes_nothing);
	RUN(test_check_and_advance_on_unchanged_word_changes_nothing);
	return check_summary("test_upstream");
}

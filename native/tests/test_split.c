/*
 * test_split.c - the split-flag layout (Jeff Layton's v3 "split the
 * ERRSEQ_SEEN flag" patch), one test per rule of docs/errseq-semantics.md
 * section 2, plus the rules it shares with upstream.
 *
 * Layout: errno in bits 0..11, REPORTED = 0x1000, OBSERVED = 0x2000, counter
 * from bit 14 in steps of 0x4000. With EIO = 5: unseen EIO at counter 0 is
 * 0x00000005, peeked 0x00002005, reported 0x00003005, and the next set
 * moves it to counter 1, 0x00004005. Expectations are literals, so a wrong
 * constant in errseq.h fails here too.
 */
#include <errno.h>
#include <limits.h>
#include <stddef.h>

#include "check.h"
#include "errseq.h"

_Static_assert(EIO == 5 && ENOSPC == 28 && EDQUOT == 122,
	       "the hex literals below assume Linux errno values");

/* A new word is 0; sampling (which peeks) leaves it 0 and finds nothing. */
static void test_epoch(void)
{
	_Atomic errseq_t *w = errseq_alloc(0);
	errseq_t since;

	if (!CHECK(w != NULL))
		return;
	CHECK_EQ(0x00000000, errseq_load(w));
	since = errseq_split_sample(w);
	CHECK_EQ(0x00000000, since);
	CHECK_EQ(0x00000000, errseq_load(w));
	CHECK_EQ(0, errseq_split_check(w, since));
	CHECK_EQ(0, errseq_split_check_and_advance(w, &since));
	CHECK_EQ(0x00000000, since);
	CHECK_EQ(0x00000000, errseq_load(w));
	errseq_free(w);
}

/* set keeps the counter, stores the errno positive, clears both flags. */
static void test_set_stores_errno_positive_and_clears_flags(void)
{
	_Atomic errseq_t w = 0;
	_Atomic errseq_t reported = 0x00007005; /* counter 1, both flags, EIO */

	errseq_split_set(&w, -EIO);
	CHECK_EQ(0x00000005, errseq_load(&w));

	errseq_split_set(&reported, -ENOSPC);
	CHECK_EQ(0x0000801c, errseq_load(&reported));
}

/* -1 and -4095 (MAX_ERRNO) are the ends of the accepted range. */
static void test_set_accepts_errno_boundaries(void)
{
	_Atomic errseq_t w = 0;

	errseq_split_set(&w, -1);
	CHECK_EQ(0x00000001, errseq_load(&w));
	errseq_split_set(&w, -4095);
	CHECK_EQ(0x00000fff, errseq_load(&w));
	errseq_split_set(&w, -1);
	CHECK_EQ(0x00000001, errseq_load(&w));
}

/* Unobserved errors collapse: latest errno wins, counter stays put. */
static void test_overwrite_unobserved_error(void)
{
	_Atomic errseq_t w = 0x00007005; /* counter 1, both flags, EIO */
	errseq_t since = errseq_split_sample(&w);

	CHECK_EQ(0x00007005, since);
	errseq_split_set(&w, -ENOSPC);
	CHECK_EQ(0x0000801c, errseq_load(&w));
	errseq_split_set(&w, -EDQUOT);
	CHECK_EQ(0x0000807a, errseq_load(&w));
	errseq_split_set(&w, -EIO);
	CHECK_EQ(0x00008005, errseq_load(&w));
	errseq_split_set(&w, -EIO);
	CHECK_EQ(0x00008005, errseq_load(&w));

	CHECK_EQ(-EIO, errseq_split_check_and_advance(&w, &since));
	CHECK_EQ(0, errseq_split_check_and_advance(&w, &since));
}

/*
 * An error nobody reported reaches a watcher that starts after it, once.
 * sample peeks on the way (OBSERVED), but returns 0 until REPORTED is set.
 */
static void test_unreported_error_reaches_new_sampler_once(void)
{
	_Atomic errseq_t w = 0;
	errseq_t first, later;

	errseq_split_set(&w, -EIO);
	first = errseq_split_sample(&w);
	CHECK_EQ(0x00000000, first);
	CHECK_EQ(0x00002005, errseq_load(&w));
	CHECK_EQ(-EIO, errseq_split_check_and_advance(&w, &first));
	CHECK_EQ(0x00003005, errseq_load(&w));
	CHECK_EQ(0x00003005, first);
	CHECK_EQ(0, errseq_split_check_and_advance(&w, &first));

	later = errseq_split_sample(&w);
	CHECK_EQ(0x00003005, later);
	CHECK_EQ(0, errseq_split_check_and_advance(&w, &later));
}

/* One cursor hears of one error once: -errno, then 0 for good. */
static void test_report_once_per_cursor(void)
{
	_Atomic errseq_t w = 0;
	errseq_t since = errseq_split_sample(&w);

	errseq_split_set(&w, -ENOSPC);
	CHECK_EQ(-ENOSPC, errseq_split_check_and_advance(&w, &since));
	CHECK_EQ(0x0000301c, since);
	CHECK_EQ(0, errseq_split_check_and_advance(&w, &since));
	CHECK_EQ(0, errseq_split_check_and_advance(&w, &since));
	CHECK_EQ(0, errseq_split_check(&w, since));
	CHECK_EQ(0x0000301c, since);
	CHECK_EQ(0x0000301c, errseq_load(&w));
}

/* The same errno after the first was reported is new: the counter moves. */
static void test_same_error_reported_again_after_seen(void)
{
	_Atomic errseq_t w = 0;
	errseq_t since = errseq_split_sample(&w);

	errseq_split_set(&w, -EIO);
	CHECK_EQ(-EIO, errseq_split_check_and_advance(&w, &since));
	CHECK_EQ(0x00003005, errseq_load(&w));
	errseq_split_set(&w, -EIO);
	CHECK_EQ(0x00004005, errseq_load(&w));
	CHECK_EQ(-EIO, errseq_split_check_and_advance(&w, &since));
	CHECK_EQ(0x00007005, since);
	CHECK_EQ(0, errseq_split_check_and_advance(&w, &since));
}

/*
 * The counter moves only when OBSERVED is set, by one step however many
 * looked. It is OBSERVED that matters, not REPORTED: a word with REPORTED
 * alone (no call makes one; built by hand) does not bump.
 */
static void test_counter_bumps_only_after_observed(void)
{
	_Atomic errseq_t w = 0;
	_Atomic errseq_t reported_only = 0x00001005;
	_Atomic errseq_t observed_only = 0x00002005;
	errseq_t a = 0, b = 0;

	errseq_split_set(&w, -EIO);
	errseq_split_set(&w, -ENOSPC);
	errseq_split_set(&w, -EIO);
	CHECK_EQ(0x00000005, errseq_load(&w));

	CHECK_EQ(-EIO, errseq_split_check_and_advance(&w, &a));
	CHECK_EQ(-EIO, errseq_split_check_and_advance(&w, &b));
	errseq_split_peek(&w);
	CHECK_EQ(0x00003005, errseq_load(&w));
	errseq_split_set(&w, -ENOSPC);
	CHECK_EQ(0x0000401c, errseq_load(&w));
	errseq_split_set(&w, -EIO);
	CHECK_EQ(0x00004005, errseq_load(&w));

	errseq_split_set(&reported_only, -ENOSPC);
	CHECK_EQ(0x0000001c, errseq_load(&reported_only));
	errseq_split_set(&observed_only, -ENOSPC);
	CHECK_EQ(0x0000401c, errseq_load(&observed_only));
}

/* set returns the word as it was before (for debugging, never a sample). */
static void test_set_returns_previous_value(void)
{
	_Atomic errseq_t w = 0;
	errseq_t since = 0;

	CHECK_EQ(0x00000000, errseq_split_set(&w, -EIO));
	CHECK_EQ(0x00000005, errseq_split_set(&w, -ENOSPC));
	CHECK_EQ(-ENOSPC, errseq_split_check_and_advance(&w, &since));
	CHECK_EQ(0x0000301c, errseq_split_set(&w, -EIO));
	CHECK_EQ(0x00004005, errseq_load(&w));
	/* A set that changes nothing returns the (unchanged) current word. */
	CHECK_EQ(0x00004005, errseq_split_set(&w, -EIO));
}

/* Refused errnos: nothing stored, the current word returned, any word. */
static void test_refused_errnos_store_nothing(void)
{
	static const int bad[] = { 0, 1, EIO, 4095, 4096, -4096, -65536,
				   INT_MIN, INT_MAX };
	static const errseq_t words[] = { 0x00000000, 0x00000005, 0x00002005,
					  0x00007005, 0xfffff0ff };

	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		for (size_t j = 0; j < sizeof(bad) / sizeof(bad[0]); j++) {
			_Atomic errseq_t w = words[i];
			errseq_t since = words[i];

			if (!CHECK_EQ(words[i], errseq_split_set(&w, bad[j])) ||
			    !CHECK_EQ(words[i], errseq_load(&w)) ||
			    !CHECK_EQ(0, errseq_split_check(&w, since)) ||
			    !CHECK_EQ(0, errseq_split_check_and_advance(&w, &since)))
				fprintf(stderr, "    (word 0x%08x, err %d)\n",
					(unsigned)words[i], bad[j]);
		}
	}
}

/*
 * The counter is the top 18 bits and wraps: one step past 0xffffc000 is 0,
 * and the errno keeps the wrapped word nonzero and distinct.
 */
static void test_counter_wraps_at_32_bits(void)
{
	_Atomic errseq_t w = 0xffffe005; /* top counter, OBSERVED, EIO */
	errseq_t peeked = errseq_split_peek(&w);

	CHECK_EQ(0xffffe005, peeked);
	CHECK_EQ(0xffffe005, errseq_split_set(&w, -EIO));
	CHECK_EQ(0x00000005, errseq_load(&w));
	CHECK_EQ(-EIO, errseq_split_check(&w, peeked));
	CHECK_EQ(-EIO, errseq_split_check_and_advance(&w, &peeked));
	CHECK_EQ(0x00003005, peeked);
	CHECK_EQ(0x00003005, errseq_load(&w));
	CHECK_EQ(0, errseq_split_check_and_advance(&w, &peeked));
}

/*
 * The wrap reached for real: 2^18 set + check_and_advance cycles from the
 * epoch leave the counter at its top (the first set does not count), and
 * the next set wraps it. Each set must return the previous cycle's word.
 */
static void test_counter_wraps_after_2pow18_cycles(void)
{
	const unsigned long cycles = 1ul << 18;
	_Atomic errseq_t w = 0;
	errseq_t since = errseq_split_sample(&w);
	unsigned long bad_prev = 0, bad_ret = 0;

	for (unsigned long i = 0; i < cycles; i++) {
		errseq_t prev = i == 0 ? 0 : ((errseq_t)(i - 1) << 14) | 0x3005;

		bad_prev += errseq_split_set(&w, -EIO) != prev;
		bad_ret += errseq_split_check_and_advance(&w, &since) != -EIO;
	}
	CHECK_EQ(0, bad_prev);
	CHECK_EQ(0, bad_ret);
	CHECK_EQ(0xfffff005, errseq_load(&w));
	CHECK_EQ(0xfffff005, since);

	CHECK_EQ(0xfffff005, errseq_split_set(&w, -EIO));
	CHECK_EQ(0x00000005, errseq_load(&w));
	CHECK_EQ(-EIO, errseq_split_check_and_advance(&w, &since));
	CHECK_EQ(0x00003005, errseq_load(&w));
}

/* Two cursors on one word each get each error once. */
static void test_independent_cursors(void)
{
	_Atomic errseq_t w = 0;
	errseq_t a = errseq_split_sample(&w);
	errseq_t b = errseq_split_sample(&w);

	errseq_split_set(&w, -EIO);
	CHECK_EQ(-EIO, errseq_split_check_and_advance(&w, &a));
	CHECK_EQ(-EIO, errseq_split_check_and_advance(&w, &b));
	CHECK_EQ(0, errseq_split_check_and_advance(&w, &a));
	CHECK_EQ(0, errseq_split_check_and_advance(&w, &b));
	CHECK_EQ(0x00003005, a);
	CHECK_EQ(0x00003005, b);

	errseq_split_set(&w, -ENOSPC);
	CHECK_EQ(-ENOSPC, errseq_split_check_and_advance(&w, &b));
	CHECK_EQ(-ENOSPC, errseq_split_check_and_advance(&w, &a));
	CHECK_EQ(0, errseq_split_check_and_advance(&w, &a));
	CHECK_EQ(0, errseq_split_check_and_advance(&w, &b));
	CHECK_EQ(0x0000701c, errseq_load(&w));
}

/*
 * check is read-only: no flag is set, not even OBSERVED, so it can be
 * repeated and a later sampler still gets the error. A different counter
 * or errno is reported as the current errno.
 */
static void test_check_changes_nothing(void)
{
	_Atomic errseq_t w = 0;
	errseq_t since = 0;

	errseq_split_set(&w, -ENOSPC);
	errseq_split_set(&w, -EIO);
	CHECK_EQ(-EIO, errseq_split_check(&w, since));
	CHECK_EQ(-EIO, errseq_split_check(&w, since));
	CHECK_EQ(0x00000005, errseq_load(&w));
	CHECK_EQ(0, errseq_split_check(&w, 0x00000005));
	CHECK_EQ(-EIO, errseq_split_check(&w, 0x00004005));
	CHECK_EQ(-EIO, errseq_split_check(&w, 0x0000001c));
	CHECK_EQ(0x00000005, errseq_load(&w));

	since = errseq_split_sample(&w);
	CHECK_EQ(0x00000000, since);
	CHECK_EQ(-EIO, errseq_split_check_and_advance(&w, &since));
}

/*
 * check_and_advance on a word equal to its cursor returns 0 and writes
 * nothing: neither the cursor nor any flag (an OBSERVED-only word stays
 * unreported).
 */
static void test_check_and_advance_on_unchanged_word_changes_nothing(void)
{
	_Atomic errseq_t reported = 0x00007005;
	_Atomic errseq_t observed = 0x00002005;
	errseq_t a = 0x00007005, b = 0x00002005;

	CHECK_EQ(0, errseq_split_check_and_advance(&reported, &a));
	CHECK_EQ(0x00007005, a);
	CHECK_EQ(0x00007005, errseq_load(&reported));

	CHECK_EQ(0, errseq_split_check_and_advance(&observed, &b));
	CHECK_EQ(0x00002005, b);
	CHECK_EQ(0x00002005, errseq_load(&observed));
}

/*
 * Unlike check, check_and_advance compares all 32 bits (v3 keeps upstream's
 * old != *since): a cursor taken with peek, which lacks REPORTED, hears of
 * the error once more when somebody else reported it. Cursors for
 * check_and_advance come from sample or check_and_advance, which carry both
 * flags whenever the word is nonzero, so they never meet this.
 */
static void test_check_and_advance_compares_exactly(void)
{
	_Atomic errseq_t w = 0x00003005;
	errseq_t peeked = 0x00002005;

	CHECK_EQ(-EIO, errseq_split_check_and_advance(&w, &peeked));
	CHECK_EQ(0x00003005, peeked);
	CHECK_EQ(0x00003005, errseq_load(&w));
	CHECK_EQ(0, errseq_split_check_and_advance(&w, &peeked));
}

/* Split only: the epoch stays 0 under peek; there is nothing to mark. */
static void test_peek_on_epoch_leaves_zero(void)
{
	_Atomic errseq_t w = 0;

	CHECK_EQ(0x00000000, errseq_split_peek(&w));
	CHECK_EQ(0x00000000, errseq_split_peek(&w));
	CHECK_EQ(0x00000000, errseq_load(&w));
	/* So the first set does not bump the counter. */
	errseq_split_set(&w, -EIO);
	CHECK_EQ(0x00000005, errseq_load(&w));
}

/*
 * Split only: peek adds OBSERVED and nothing else, and returns the word
 * with OBSERVED in it; a word that has it already is left alone.
 */
static void test_peek_sets_observed_only(void)
{
	_Atomic errseq_t unseen = 0x00000005;
	_Atomic errseq_t reported = 0x00003005;
	_Atomic errseq_t later = 0x0000401c;

	CHECK_EQ(0x00002005, errseq_split_peek(&unseen));
	CHECK_EQ(0x00002005, errseq_load(&unseen));
	CHECK_EQ(0x00002005, errseq_split_peek(&unseen));
	CHECK_EQ(0x00002005, errseq_load(&unseen));

	CHECK_EQ(0x00003005, errseq_split_peek(&reported));
	CHECK_EQ(0x00003005, errseq_load(&reported));

	CHECK_EQ(0x0000601c, errseq_split_peek(&later));
	CHECK_EQ(0x0000601c, errseq_load(&later));
}

/*
 * Split only, the point of the patch: peeking (a volatile overlay watching
 * its upper fs) leaves the error unreported, so a later opener's sample
 * still hands it over and its check_and_advance gets it once.
 */
static void test_peek_does_not_steal_error(void)
{
	_Atomic errseq_t w = 0;
	errseq_t opener;

	errseq_split_set(&w, -ENOSPC);
	CHECK_EQ(0x0000201c, errseq_split_peek(&w));
	CHECK_EQ(0x0000201c, errseq_split_peek(&w));
	opener = errseq_split_sample(&w);
	CHECK_EQ(0x00000000, opener);
	CHECK_EQ(-ENOSPC, errseq_split_check_and_advance(&w, &opener));
	CHECK_EQ(0, errseq_split_check_and_advance(&w, &opener));
	CHECK_EQ(0x0000301c, errseq_load(&w));
}

/*
 * Split only: peek's OBSERVED makes the next set bump the counter, so the
 * same errno again is a new value for a peeker that checks. (Had peek set
 * nothing, set(-EIO) on an unseen EIO would change nothing and check would
 * miss the second error.)
 */
static void test_peek_makes_next_set_visible(void)
{
	_Atomic errseq_t w = 0;
	errseq_t peeked;

	errseq_split_set(&w, -EIO);
	peeked = errseq_split_peek(&w);
	CHECK_EQ(0x00002005, peeked);
	CHECK_EQ(0, errseq_split_check(&w, peeked));
	errseq_split_set(&w, -EIO);
	CHECK_EQ(0x00004005, errseq_load(&w));
	CHECK_EQ(-EIO, errseq_split_check(&w, peeked));
}

/*
 * Split only: check masks both flags off, so flags gained or lost since the
 * cursor are no news; only a new counter or errno is (this is the fix for
 * the two-watcher wart, see test_seed_scenarios.c).
 */
static void test_check_ignores_flag_only_differences(void)
{
	_Atomic errseq_t w = 0x00003005;

	CHECK_EQ(0, errseq_split_check(&w, 0x00000005));
	CHECK_EQ(0, errseq_split_check(&w, 0x00001005));
	CHECK_EQ(0, errseq_split_check(&w, 0x00002005));
	CHECK_EQ(0, errseq_split_check(&w, 0x00003005));
	CHECK_EQ(-EIO, errseq_split_check(&w, 0x00007005));
	CHECK_EQ(-EIO, errseq_split_check(&w, 0x0000301c));
	CHECK_EQ(-EIO, errseq_split_check(&w, 0x00000000));

	atomic_store(&w, 0x00000005);
	CHECK_EQ(0, errseq_split_check(&w, 0x00003005));
	CHECK_EQ(0x00000005, errseq_load(&w));
}

int main(void)
{
	RUN(test_epoch);
	RUN(test_set_stores_errno_positive_and_clears_flags);
	RUN(test_set_accepts_errno_boundaries);
	RUN(test_overwrite_unobserved_error);
	RUN(test_unreported_error_reaches_new_sampler_once);
	RUN(test_report_once_per_cursor);
	RUN(test_same_error_reported_again_after_seen);
	RUN(test_counter_bumps_only_after_observed);
	RUN(test_set_returns_previous_value);
	RUN(test_refused_errnos_store_nothing);
	RUN(test_counter_wraps_at_32_bits);
	RUN(test_counter_wraps_after_2pow18_cycles);
	RUN(test_independent_cursors);
	RUN(test_check_changes_nothing);
	RUN(test_check_and_advance_on_unchanged_word_changes_nothing);
	RUN(test_check_and_advance_compares_exactly);
	RUN(test_peek_on_epoch_leaves_zero);
	RUN(test_peek_sets_observed_only);
	RUN(test_peek_does_not_steal_error);
	RUN(test_peek_makes_next_set_visible);
	RUN(test_check_ignores_flag_only_differences);
	return check_summary("test_split");
}

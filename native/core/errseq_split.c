/*
 * errseq_split.c - the split-flag layout of the "split the ERRSEQ_SEEN flag"
 * patch (v3).
 *
 * Upstream's SEEN means both "the counter must move on the next set" and
 * "new watchers need not be told". An overlayfs volatile mount wants the
 * first without the second: it must watch the upper filesystem for new
 * errors without stealing an unreported one from the next opener. So the
 * flag splits: OBSERVED (peek, sample and check_and_advance set it; set()
 * bumps the counter on it) and REPORTED (only check_and_advance sets it;
 * sample() hands the error to new watchers until it is set). Comparisons
 * ignore both flags, so a flag that moves is never taken for a new error.
 */
#include <stdbool.h>

#include "errseq.h"
#include "errseq_common.h"

/* Same error, same counter: the flags alone do not make a value new. */
static inline bool errseq_split_same(errseq_t a, errseq_t b)
{
	return (a & ~ERRSEQ_SPLIT_FLAG_MASK) == (b & ~ERRSEQ_SPLIT_FLAG_MASK);
}

errseq_t errseq_split_set(_Atomic errseq_t *eseq, int err)
{
	return errseq_set_layout(eseq, err, ERRSEQ_SPLIT_CTR_MASK,
	                         ERRSEQ_SPLIT_OBSERVED, ERRSEQ_SPLIT_CTR_INC);
}

/*
 * Look without reporting: mark the value OBSERVED so that the next error
 * is told apart from this one, and leave REPORTED alone. The epoch stays 0:
 * there is nothing to tell apart yet.
 */
errseq_t errseq_split_peek(_Atomic errseq_t *eseq)
{
	errseq_t old = atomic_load(eseq);
	errseq_t new = old;

	if (old != 0) {
		new |= ERRSEQ_SPLIT_OBSERVED;
		if (new != old)
			atomic_compare_exchange_strong(eseq, &old, new);
	}
	return new;
}

errseq_t errseq_split_sample(_Atomic errseq_t *eseq)
{
	errseq_t cur = errseq_split_peek(eseq);

	return (cur & ERRSEQ_SPLIT_REPORTED) ? cur : 0;
}

int errseq_split_check(_Atomic errseq_t *eseq, errseq_t since)
{
	errseq_t cur = atomic_load(eseq);

	return errseq_split_same(cur, since) ? 0 : errseq_errno_of(cur);
}

/*
 * Unlike upstream, losing the CAS can matter: if a concurrent peek only
 * added OBSERVED, giving up would leave REPORTED clear and the error would
 * be handed again to every new opener. So retry in exactly that case. A
 * second loss means a setter changed the word, which the watcher will see
 * on its next check, so two attempts are enough.
 */
int errseq_split_check_and_advance(_Atomic errseq_t *eseq, errseq_t *since)
{
	errseq_t old = atomic_load(eseq);
	errseq_t new = old;

	if (old == *since)
		return 0;
	for (int attempt = 0; attempt < 2; attempt++) {
		errseq_t cur = old;

		new = old | ERRSEQ_SPLIT_FLAG_MASK;
		if (new == old)
			break;
		if (atomic_compare_exchange_strong(eseq, &cur, new))
			break;
		if (cur != (old | ERRSEQ_SPLIT_OBSERVED))
			break;
		old = cur;
	}
	*since = new;
	return errseq_errno_of(new);
}

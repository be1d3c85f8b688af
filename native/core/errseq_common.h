/*
 * errseq_common.h - what both layouts share: which errors a word accepts,
 * how a check spells the error it reports, and the set loop.
 */
#ifndef ERRSEQ_COMMON_H
#define ERRSEQ_COMMON_H

#include "errseq.h"

/*
 * Only a real negative errno fits the 12-bit field. Zero would erase the
 * error it replaces, and anything else would bleed into the flag and counter
 * bits, so set() refuses both and leaves the word as it was, as the kernel
 * does (where it also WARNs). Written without negating @err, so INT_MIN is
 * refused rather than overflowing.
 */
static inline int errseq_errno_fits(int err)
{
	return err < 0 && err >= -ERRSEQ_MAX_ERRNO;
}

/* The negative errno a check reports for word @val (0 when there is none). */
static inline int errseq_errno_of(errseq_t val)
{
	return -(int)(val & ERRSEQ_ERRNO_MASK);
}

/*
 * set() for either layout: keep the counter (@ctr_mask), drop the flags,
 * store the errno, and bump the counter by @ctr_inc if the old value had
 * @bump_flag, since only then could anybody tell the new value from the old.
 * Nothing is written when nothing would change. Returns the previous value,
 * or the new one if another setter stored exactly that value first.
 */
static inline errseq_t errseq_set_layout(_Atomic errseq_t *eseq, int err,
                                         errseq_t ctr_mask, errseq_t bump_flag,
                                         errseq_t ctr_inc)
{
	errseq_t old = atomic_load(eseq);

	if (!errseq_errno_fits(err))
		return old;

	for (;;) {
		errseq_t new = (old & ctr_mask) | (errseq_t)-err;
		errseq_t cur = old;

		if (old & bump_flag)
			new += ctr_inc;
		if (new == old)
			return new;
		if (atomic_compare_exchange_strong(eseq, &cur, new))
			return old;
		if (cur == new)
			return new;
		old = cur;
	}
}

#endif /* ERRSEQ_COMMON_H */

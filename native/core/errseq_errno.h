/*
 * errseq_errno.h - which errors a word accepts (shared by both layouts).
 *
 * Only a real negative errno fits the 12-bit field. Zero would erase the
 * error it replaces, and anything else would bleed into the flag and counter
 * bits, so set() refuses both and leaves the word as it was, as the kernel
 * does (where it also WARNs). Written without negating @err, so INT_MIN is
 * refused rather than overflowing.
 */
#ifndef ERRSEQ_ERRNO_H
#define ERRSEQ_ERRNO_H

#include "errseq.h"

static inline int errseq_errno_fits(int err)
{
	return err < 0 && err >= -ERRSEQ_MAX_ERRNO;
}

/* The word's errno field for an accepted @err. */
static inline errseq_t errseq_errno_bits(int err)
{
	return (errseq_t)-err;
}

/* The negative errno a check reports for word @val (0 when there is none). */
static inline int errseq_errno_of(errseq_t val)
{
	return -(int)(val & ERRSEQ_ERRNO_MASK);
}

#endif /* ERRSEQ_ERRNO_H */

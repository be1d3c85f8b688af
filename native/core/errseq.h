/*
 * errseq.h - the kernel's writeback-error word, in portable C11.
 *
 * An errseq_t is one 32-bit word that records the latest writeback error of
 * something (an inode's page cache, a superblock) so that any number of
 * watchers, each holding its own cursor, can learn of every new error
 * exactly once, without locks and without a list of watchers.
 *
 * Two layouts live here, both bit-exact with their kernel counterparts:
 *
 *   upstream (lib/errseq.c):
 *     bits  0..11  latest errno, stored positive
 *     bit   12     SEEN: a watcher has observed the current error
 *     bits 13..31  counter, steps of 0x2000
 *
 *   split (the "split the ERRSEQ_SEEN flag" patch, v3):
 *     bits  0..11  latest errno
 *     bit   12     REPORTED: the error reached someone; new samplers skip it
 *     bit   13     OBSERVED: someone looked; the next set bumps the counter
 *     bits 14..31  counter, steps of 0x4000
 *
 * Return conventions follow the kernel: checks return 0 for "nothing new"
 * or a negative errno; set returns the previous word (for debugging only).
 * Every function is safe to call concurrently on the same word; a cursor
 * ("since") belongs to one watcher, which serialises its own updates.
 */
#ifndef ERRSEQ_H
#define ERRSEQ_H

#include <stdatomic.h>
#include <stdint.h>

typedef uint32_t errseq_t;

/* Largest errno the word can hold; it doubles as the errno mask. */
#define ERRSEQ_MAX_ERRNO        4095
#define ERRSEQ_ERRNO_MASK       ((errseq_t)0x00000FFFu)
#define ERRSEQ_SHIFT            12

/* Upstream layout. */
#define ERRSEQ_SEEN             ((errseq_t)0x00001000u)
#define ERRSEQ_CTR_INC          ((errseq_t)0x00002000u)
#define ERRSEQ_CTR_MASK         ((errseq_t)0xFFFFE000u)

/* Split layout. */
#define ERRSEQ_SPLIT_REPORTED   ((errseq_t)0x00001000u)
#define ERRSEQ_SPLIT_OBSERVED   ((errseq_t)0x00002000u)
#define ERRSEQ_SPLIT_FLAG_MASK  (ERRSEQ_SPLIT_REPORTED | ERRSEQ_SPLIT_OBSERVED)
#define ERRSEQ_SPLIT_CTR_INC    ((errseq_t)0x00004000u)
#define ERRSEQ_SPLIT_CTR_MASK   ((errseq_t)0xFFFFC000u)

/* Upstream layout: lib/errseq.c. */
errseq_t errseq_set(_Atomic errseq_t *eseq, int err);
errseq_t errseq_sample(_Atomic errseq_t *eseq);
int      errseq_check(_Atomic errseq_t *eseq, errseq_t since);
int      errseq_check_and_advance(_Atomic errseq_t *eseq, errseq_t *since);

/* Split layout: REPORTED and OBSERVED instead of SEEN. */
errseq_t errseq_split_set(_Atomic errseq_t *eseq, int err);
errseq_t errseq_split_peek(_Atomic errseq_t *eseq);
errseq_t errseq_split_sample(_Atomic errseq_t *eseq);
int      errseq_split_check(_Atomic errseq_t *eseq, errseq_t since);
int      errseq_split_check_and_advance(_Atomic errseq_t *eseq, errseq_t *since);

/*
 * A word of its own on the heap, for callers that cannot embed one (the JNI
 * bridge). It starts at @initial (0 is the epoch); NULL when out of memory.
 */
_Atomic errseq_t *errseq_alloc(errseq_t initial);
void              errseq_free(_Atomic errseq_t *eseq);

/* The word as it is now, for inspection: not a sample, changes nothing. */
errseq_t errseq_load(_Atomic errseq_t *eseq);

#endif /* ERRSEQ_H */

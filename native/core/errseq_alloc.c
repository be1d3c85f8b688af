/*
 * errseq_alloc.c - words that live on their own, outside any structure.
 *
 * The kernel embeds its words in inodes and superblocks. A bridge to a
 * garbage-collected language cannot hand out interior pointers, so it asks
 * for a word of its own here and gives it back with errseq_free.
 */
#include <stdlib.h>

#include "errseq.h"

_Atomic errseq_t *errseq_alloc(errseq_t initial)
{
	_Atomic errseq_t *eseq = malloc(sizeof(*eseq));

	if (eseq != NULL)
		atomic_init(eseq, initial);
	return eseq;
}

void errseq_free(_Atomic errseq_t *eseq)
{
	free(eseq);
}

errseq_t errseq_load(_Atomic errseq_t *eseq)
{
	return atomic_load(eseq);
}

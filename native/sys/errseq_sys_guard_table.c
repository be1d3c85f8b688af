/*
 * errseq_sys_guard_table.c - the guard's entry per fd number.
 *
 * fd numbers are small and dense, and below 2^31, so the table is a
 * three-level radix of 1024-entry pages: 2048 top entries here, the rest
 * allocated the first time a number in their range is tracked. Pages are
 * never freed: a handle keeps its entry's address, a call may read the entry
 * after its handle closed, and a number once used tends to be used again.
 */
#include <stdlib.h>

#include "errseq_sys_guard_parts.h"

#define PAGE_BITS 10
#define PAGE_SIZE (1u << PAGE_BITS)
#define TOP_SIZE (1u << (31 - 2 * PAGE_BITS))

typedef _Atomic(struct errseq_guard_entry *) leaf_ref;

static _Atomic(leaf_ref *) top[TOP_SIZE];

static unsigned top_index(int fd) { return (unsigned)fd >> (2 * PAGE_BITS); }
static unsigned mid_index(int fd) { return ((unsigned)fd >> PAGE_BITS) & (PAGE_SIZE - 1); }
static unsigned leaf_index(int fd) { return (unsigned)fd & (PAGE_SIZE - 1); }

/* Installs a zeroed page of @size bytes at @ref unless another thread did. */
static void *page_at(void *_Atomic *ref, size_t size)
{
	void *page = atomic_load_explicit(ref, memory_order_acquire);
	void *expected = NULL;

	if (page != NULL)
		return page;
	page = calloc(1, size);
	if (page == NULL)
		return NULL;
	if (atomic_compare_exchange_strong_explicit(ref, &expected, page, memory_order_acq_rel,
	                                            memory_order_acquire))
		return page;
	free(page);
	return expected;
}

struct errseq_guard_entry *errseq_guard_entry_create(int fd)
{
	leaf_ref *mid;
	struct errseq_guard_entry *leaf;

	if (fd < 0)
		return NULL;
	mid = page_at((void *_Atomic *)&top[top_index(fd)], PAGE_SIZE * sizeof(leaf_ref));
	if (mid == NULL)
		return NULL;
	leaf = page_at((void *_Atomic *)&mid[mid_index(fd)], PAGE_SIZE * sizeof(struct errseq_guard_entry));
	if (leaf == NULL)
		return NULL;
	return &leaf[leaf_index(fd)];
}

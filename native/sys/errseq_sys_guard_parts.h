/*
 * errseq_sys_guard_parts.h - the pieces of the fd guard (errseq_sys_guard.h),
 * shared by its files and by nothing else: the table of words, the threads'
 * slots, and the barriers that order them.
 */
#ifndef ERRSEQ_SYS_GUARD_PARTS_H
#define ERRSEQ_SYS_GUARD_PARTS_H

#include <stdatomic.h>
#include <stdint.h>

#include "errseq_sys_guard.h"

/*
 * A word: the handle's token (a multiple of 4), the closing bit, and the
 * shared bit, set by the first call from a thread other than the owner's.
 */
#define ERRSEQ_GUARD_CLOSING 1u
#define ERRSEQ_GUARD_SHARED  2u
#define ERRSEQ_GUARD_TOKEN_STEP 4u

/*
 * One thread's slot: the fd its call is on, or -1. A cache line of its own,
 * since its thread writes it twice per call.
 */
struct errseq_guard_slot {
	_Alignas(64) _Atomic int fd;
	_Atomic int tid;                 /* the thread that has the slot */
	struct errseq_guard_slot *next;  /* set before the slot is published */
};

/*
 * A number's entry: its word, who opened the handle, and where that thread
 * publishes its own calls. The opening thread's calls need no slot: they
 * mark owner_busy, in the line they read the word from anyway, and while
 * only that thread has used the handle, no other call can be in flight when
 * it closes, so it closes without a barrier. A line per entry, since owners
 * of neighbouring numbers write theirs at once. The entry also keeps a copy
 * of the mode, so that a call reads nothing outside this line: where a
 * system call empties the TLB, every other page it reads costs a page walk.
 */
struct errseq_guard_entry {
	_Alignas(64) _Atomic uint64_t word;
	const void *_Atomic owner;      /* the opening thread's identity */
	_Atomic int owner_busy;         /* the owner's call is in flight */
	_Atomic int mode;               /* errseq_guard_mode_now, copied at track */
};

/* @fd's entry, making room for it first; NULL for no memory or a bad @fd. */
struct errseq_guard_entry *errseq_guard_entry_create(int fd);

/*
 * This thread's slot, claimed on its first call on a handle that another
 * thread opened; NULL for no memory.
 */
struct errseq_guard_slot *errseq_guard_slot_mine(void);

/* Whether any thread's slot holds @fd (read after errseq_guard_barrier). */
int errseq_guard_slots_hold(int fd);

/* The mode in force; written by errseq_guard_init only. */
extern _Atomic int errseq_guard_mode_now;

/*
 * Between a call's "in flight" store (in the entry or its slot) and its read
 * of the word, and again on the way out: a full fence, or, where the closer
 * runs membarrier(2), only the compiler's. The mode never changes once a
 * handle exists, so the entry's copy is the mode.
 */
static inline void errseq_guard_order_call(struct errseq_guard_entry *entry)
{
	if (atomic_load_explicit(&entry->mode, memory_order_relaxed)
	    == ERRSEQ_GUARD_MEMBARRIER)
		atomic_signal_fence(memory_order_seq_cst);
	else
		atomic_thread_fence(memory_order_seq_cst);
}

/*
 * Between the closing bit and the scan of the slots: membarrier(2) where
 * the process registered for it, else a full fence (the calls fence too).
 * 0, or membarrier's -errno: then nothing may be closed.
 */
int errseq_guard_barrier(void);

#endif /* ERRSEQ_SYS_GUARD_PARTS_H */

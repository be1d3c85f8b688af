/*
 * errseq_sys_guard.c - track, enter, leave and close: the protocol of
 * errseq_sys_guard.h over the table (errseq_sys_guard_table.c), the slots
 * (errseq_sys_guard_slots.c) and the barriers (errseq_sys_guard_barrier.c).
 *
 * A handle used by one thread only, the one that opened it, never pays for
 * the barrier: its calls publish themselves in its entry, and its close,
 * finding the shared bit clear, closes at once. The first call from
 * any other thread sets the shared bit with a compare-and-swap on the word,
 * the same word close swaps, so the two cannot miss each other; from then on
 * close sets the closing bit and goes through the barrier and the scan.
 */
#include <errno.h>
#include <stddef.h>

#include "errseq_sys.h"
#include "errseq_sys_guard_parts.h"

static _Atomic uint64_t next_token = ERRSEQ_GUARD_TOKEN_STEP;

int64_t errseq_guard_track(int fd, struct errseq_guard_entry **entry, const void *self)
{
	uint64_t token;

	if (fd < 0)
		return -EBADF;
	*entry = errseq_guard_entry_create(fd);
	if (*entry == NULL)
		return -ENOMEM;
	token = atomic_fetch_add(&next_token, ERRSEQ_GUARD_TOKEN_STEP);
	atomic_store_explicit(&(*entry)->owner, self, memory_order_relaxed);
	atomic_store_explicit(&(*entry)->owner_busy, 0, memory_order_relaxed);
	atomic_store_explicit(&(*entry)->mode,
	                      atomic_load_explicit(&errseq_guard_mode_now, memory_order_relaxed),
	                      memory_order_relaxed);
	atomic_store_explicit(&(*entry)->word, token, memory_order_release);
	return (int64_t)token;
}

/*
 * Closes @fd if its word still is @closing and no call is in flight on the
 * number, its owner's or any other thread's; called by the closer and by
 * every call that leaves while the closing bit is set, so that the last one
 * out closes it. The word's compare-and-swap makes sure only one of them does.
 */
static __attribute__((noinline, cold)) int finish_close(struct errseq_guard_entry *entry,
                                                        int fd, uint64_t closing)
{
	int rc = errseq_guard_barrier();

	if (rc < 0)
		return rc;
	if (atomic_load_explicit(&entry->owner_busy, memory_order_relaxed) ||
	    errseq_guard_slots_hold(fd))
		return 0;
	if (!atomic_compare_exchange_strong(&entry->word, &closing, 0))
		return 0;
	return errseq_sys_close(fd);
}

static int is_owner(struct errseq_guard_entry *entry, const void *self)
{
	return atomic_load_explicit(&entry->owner, memory_order_relaxed) == self;
}

/*
 * Whether a call from another thread than the owner may go on: the handle
 * is open, and marked shared, by this call if no other did it first.
 */
static int admits_other(struct errseq_guard_entry *entry, uint64_t token)
{
	uint64_t word = atomic_load_explicit(&entry->word, memory_order_relaxed);

	if (word == (token | ERRSEQ_GUARD_SHARED))
		return 1;
	if (word != token)
		return 0;
	return atomic_compare_exchange_strong(&entry->word, &word, token | ERRSEQ_GUARD_SHARED)
	       || word == (token | ERRSEQ_GUARD_SHARED);
}

/*
 * The end of a call, once it no longer says it is in flight: if a close
 * waits for the last call out, this may be it.
 */
static inline void close_if_waiting(struct errseq_guard_entry *entry, int fd)
{
	uint64_t word = atomic_load_explicit(&entry->word, memory_order_relaxed);

	if (word & ERRSEQ_GUARD_CLOSING)
		(void)finish_close(entry, fd, word);
}

static inline void leave_owner(struct errseq_guard_entry *entry, int fd)
{
	atomic_store_explicit(&entry->owner_busy, 0, memory_order_release);
	errseq_guard_order_call(entry);
	close_if_waiting(entry, fd);
}

static __attribute__((noinline)) void leave_other(struct errseq_guard_entry *entry, int fd)
{
	atomic_store_explicit(&errseq_guard_slot_mine()->fd, -1, memory_order_release);
	errseq_guard_order_call(entry);
	close_if_waiting(entry, fd);
}

/*
 * The call of a thread other than the owner: published in its own slot.
 * Out of line, like every path but the owner's, so that the owner's call
 * stays short enough to be inlined into its caller.
 */
static __attribute__((noinline)) int enter_other(struct errseq_guard_entry *entry, int fd,
                                                 int64_t token)
{
	struct errseq_guard_slot *slot = errseq_guard_slot_mine();

	if (slot == NULL)
		return -ENOMEM;
	atomic_store_explicit(&slot->fd, fd, memory_order_relaxed);
	errseq_guard_order_call(entry);
	if (admits_other(entry, (uint64_t)token))
		return 0;
	leave_other(entry, fd);
	return ERRSEQ_GUARD_CLOSED;
}

int errseq_guard_enter(struct errseq_guard_entry *entry, int fd, int64_t token,
                       const void *self)
{
	if (entry == NULL)
		return ERRSEQ_GUARD_CLOSED;
	if (!is_owner(entry, self))
		return enter_other(entry, fd, token);
	atomic_store_explicit(&entry->owner_busy, 1, memory_order_relaxed);
	errseq_guard_order_call(entry);
	if ((atomic_load_explicit(&entry->word, memory_order_relaxed)
	     & ~(uint64_t)ERRSEQ_GUARD_SHARED) == (uint64_t)token)
		return 0;
	leave_owner(entry, fd);
	return ERRSEQ_GUARD_CLOSED;
}

void errseq_guard_leave(struct errseq_guard_entry *entry, int fd, const void *self)
{
	if (is_owner(entry, self))
		leave_owner(entry, fd);
	else
		leave_other(entry, fd);
}

int errseq_guard_close(struct errseq_guard_entry *entry, int fd, int64_t token,
                       const void *self)
{
	uint64_t word;

	if (entry == NULL || token <= 0 || token % ERRSEQ_GUARD_TOKEN_STEP != 0)
		return ERRSEQ_GUARD_CLOSED;
	word = atomic_load(&entry->word);
	while ((word & ~(uint64_t)ERRSEQ_GUARD_SHARED) == (uint64_t)token) {
		if (!(word & ERRSEQ_GUARD_SHARED) && is_owner(entry, self)) {
			if (atomic_compare_exchange_strong(&entry->word, &word, 0))
				return errseq_sys_close(fd);
		} else if (atomic_compare_exchange_strong(&entry->word, &word,
		                                          word | ERRSEQ_GUARD_CLOSING)) {
			return finish_close(entry, fd, word | ERRSEQ_GUARD_CLOSING);
		}
	}
	return ERRSEQ_GUARD_CLOSED;
}

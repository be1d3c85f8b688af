/*
 * errseq_sys_guard_slots.c - one slot per thread that calls through a handle
 * another thread opened, where its call's fd is published for closers to see.
 *
 * The slots form a list that only grows, so a closer walks it without a
 * lock while threads come and go. A thread finds its slot through a
 * thread-local pointer. When a thread ends, its slot is left owned by its
 * tid (the library's glibc floor, 2.17, has no thread-exit hook that needs no
 * libpthread); a thread that needs a slot later takes over one whose owner
 * has ended, so the list stays as long as the most threads that were ever
 * calling at once, plus those whose tid lives on in another thread.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "errseq_sys_guard_parts.h"

static _Atomic(struct errseq_guard_slot *) slots;
static __thread struct errseq_guard_slot *mine;

static int tid_of_caller(void)
{
	return (int)syscall(SYS_gettid);
}

/* Whether thread @tid of this process has ended (its slot then holds -1). */
static int has_ended(int tid)
{
	return syscall(SYS_tgkill, getpid(), tid, 0) < 0 && errno == ESRCH;
}

/*
 * A slot nobody uses: one owned by an ended thread, or by this tid, which
 * was an ended thread's (this thread has no slot yet).
 */
static struct errseq_guard_slot *take_over(int me)
{
	struct errseq_guard_slot *s;

	for (s = atomic_load_explicit(&slots, memory_order_acquire); s != NULL; s = s->next) {
		int tid = atomic_load_explicit(&s->tid, memory_order_relaxed);

		if (tid == me || has_ended(tid)) {
			if (atomic_compare_exchange_strong(&s->tid, &tid, me))
				return s;
		}
	}
	return NULL;
}

static struct errseq_guard_slot *add_slot(int me)
{
	struct errseq_guard_slot *s = aligned_alloc(_Alignof(struct errseq_guard_slot),
	                                            sizeof(*s));
	struct errseq_guard_slot *head;

	if (s == NULL)
		return NULL;
	atomic_init(&s->fd, -1);
	atomic_init(&s->tid, me);
	head = atomic_load_explicit(&slots, memory_order_relaxed);
	do {
		s->next = head;
	} while (!atomic_compare_exchange_weak_explicit(&slots, &head, s, memory_order_release,
	                                                memory_order_relaxed));
	return s;
}

struct errseq_guard_slot *errseq_guard_slot_mine(void)
{
	int me;

	if (mine != NULL)
		return mine;
	me = tid_of_caller();
	mine = take_over(me);
	if (mine == NULL)
		mine = add_slot(me);
	return mine;
}

int errseq_guard_slots_hold(int fd)
{
	struct errseq_guard_slot *s;

	for (s = atomic_load_explicit(&slots, memory_order_acquire); s != NULL; s = s->next) {
		if (atomic_load_explicit(&s->fd, memory_order_relaxed) == fd)
			return 1;
	}
	return 0;
}

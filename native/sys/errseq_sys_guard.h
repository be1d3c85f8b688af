/*
 * errseq_sys_guard.h - keeps a handle's fd number from being closed, and so
 * reused by another open, while a call on it is in flight on another thread,
 * with no atomic read-modify-write and no memory fence on the call's path.
 *
 * Each fd a handle owns has an entry in a table indexed by the number; the
 * entry never moves, so the handle keeps its address. The entry's word is
 * the handle's token while it is open, with bit 0 set while it is closing
 * (bit 1 marks a handle more than one thread used), 0 once it is closed.
 * Tokens come from one 64-bit counter, so no two lifetimes of any number
 * ever share one.
 *
 * A call first says it is in flight (the thread that opened the handle in
 * the entry itself, any other thread in its own slot), then reads the word:
 * if it is not the handle's token, the call does not happen. close() sets
 * the closing bit, then looks at the entry and every thread's slot: if no
 * call is in flight on the number, it closes it; otherwise the last call to
 * leave does. Each side writes one location and then reads the other's
 * (Dekker), so each needs a full barrier between the two. The call's barrier
 * is made by the closer instead: membarrier(2) with
 * MEMBARRIER_CMD_PRIVATE_EXPEDITED runs one on every CPU that runs a thread
 * of the process, so a call either said it was in flight before it, and the
 * closer sees that, or reads the word after it, and sees the closing bit.
 * The call itself only needs the compiler to keep its store before its load.
 * Closing pays for that: one system call per close of a handle that more
 * than one thread used. A handle only its opening thread used cannot have a
 * call in flight when that thread closes it, so it closes without one.
 *
 * Every function takes @self, the calling thread's identity: an address no
 * other live thread passes (the JNI glue passes its JNIEnv).
 *
 * Where membarrier is missing (Linux < 4.14) or refused (a seccomp filter),
 * or when errseq_guard_init is asked for it, every call makes its own fences
 * (one on the way in, one on the way out) and close needs none of its own.
 */
#ifndef ERRSEQ_SYS_GUARD_H
#define ERRSEQ_SYS_GUARD_H

#include <stdint.h>

/* Not an errno (those are at most 4095): the handle was closed. */
#define ERRSEQ_GUARD_CLOSED (-0x40000000)

/* How a call orders its "in flight" store before its read of the word. */
#define ERRSEQ_GUARD_FENCES      0  /* a full fence in every call */
#define ERRSEQ_GUARD_MEMBARRIER  1  /* the closer's membarrier(2) */

/*
 * Chooses how calls are ordered, before any handle exists; a later call
 * changes nothing. With @want_membarrier, registers the process for
 * membarrier(2) and uses it if the kernel lets it. Returns the mode in force.
 */
int errseq_guard_init(int want_membarrier);

/* A number's entry in the guard's table; it stays where it is for good. */
struct errseq_guard_entry;

/*
 * Starts guarding @fd, just opened by its owner. Returns the token the
 * owner passes to every call and to close (> 0), or -ENOMEM, or -EBADF for
 * a negative @fd; *@entry is the number's entry, passed along with them, so
 * that a call reads one word instead of walking the table.
 */
int64_t errseq_guard_track(int fd, struct errseq_guard_entry **entry, const void *self);

/*
 * Before a call on @fd, whose entry is @entry: 0 if the handle with @token
 * is open, and then the number stays open until errseq_guard_leave;
 * ERRSEQ_GUARD_CLOSED if it was closed (or @entry is NULL); -ENOMEM if this
 * thread could get no slot. Only after 0 does the caller call
 * errseq_guard_leave.
 */
int errseq_guard_enter(struct errseq_guard_entry *entry, int fd, int64_t token,
                       const void *self);

/* After the call on @fd; closes the number if a close waited for this call. */
void errseq_guard_leave(struct errseq_guard_entry *entry, int fd, const void *self);

/*
 * Closes the handle with @token. Returns 0, or close(2)'s -errno (the number
 * is released all the same), or ERRSEQ_GUARD_CLOSED if it was closed
 * already. With calls in flight it returns 0 at once and the last of them
 * closes the number; close(2)'s result is then lost.
 */
int errseq_guard_close(struct errseq_guard_entry *entry, int fd, int64_t token,
                       const void *self);

#endif /* ERRSEQ_SYS_GUARD_H */

/*
 * errseq_sys_guard_barrier.c - the closer's side of the guard's ordering:
 * membarrier(2), registered once, or a plain full fence.
 *
 * MEMBARRIER_CMD_PRIVATE_EXPEDITED (Linux 4.14) interrupts every CPU that
 * runs a thread of this process and has it execute a full barrier; a thread
 * that is not running passed one when it was switched out. It needs the
 * process to register first. The command numbers are spelled out, as the
 * ioctls are in errseq_sys_fs.c, so that old headers build the library.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "errseq_sys_guard_parts.h"

#define ERRSEQ_MEMBARRIER_QUERY                       0
#define ERRSEQ_MEMBARRIER_PRIVATE_EXPEDITED           (1 << 3)
#define ERRSEQ_MEMBARRIER_REGISTER_PRIVATE_EXPEDITED  (1 << 4)

_Atomic int errseq_guard_mode_now = ERRSEQ_GUARD_FENCES;
static _Atomic int chosen;

static long membarrier(int cmd)
{
#ifdef SYS_membarrier
	return syscall(SYS_membarrier, cmd, 0u, 0);
#else
	(void)cmd;
	errno = ENOSYS;
	return -1;
#endif
}

/* Whether this kernel lets the process use the private expedited command. */
static int register_membarrier(void)
{
	long supported = membarrier(ERRSEQ_MEMBARRIER_QUERY);

	if (supported < 0 || !(supported & ERRSEQ_MEMBARRIER_PRIVATE_EXPEDITED))
		return 0;
	return membarrier(ERRSEQ_MEMBARRIER_REGISTER_PRIVATE_EXPEDITED) == 0;
}

int errseq_guard_init(int want_membarrier)
{
	int expected = 0;

	if (atomic_compare_exchange_strong(&chosen, &expected, 1) &&
	    want_membarrier && register_membarrier())
		atomic_store(&errseq_guard_mode_now, ERRSEQ_GUARD_MEMBARRIER);
	return atomic_load(&errseq_guard_mode_now);
}

int errseq_guard_barrier(void)
{
	struct timespec pause = { 0, 1000000 };
	int tries;

	if (atomic_load(&errseq_guard_mode_now) != ERRSEQ_GUARD_MEMBARRIER) {
		atomic_thread_fence(memory_order_seq_cst);
		return 0;
	}
	/*
	 * Registered, so only a lack of memory for the CPU mask (ENOMEM) can
	 * make it fail; that passes, so it is tried again for a while. The
	 * calls rely on it: without it the closer may not close the number.
	 */
	for (tries = 0; tries < 1000; tries++) {
		if (membarrier(ERRSEQ_MEMBARRIER_PRIVATE_EXPEDITED) == 0)
			return 0;
		if (errno != ENOMEM && errno != EINTR && errno != EAGAIN)
			break;
		nanosleep(&pause, NULL);
	}
	return -errno;
}

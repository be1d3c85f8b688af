/*
 * errseq.c - the upstream layout, as lib/errseq.c has it.
 *
 * SEEN does two jobs here. It tells set() whether anybody could tell the
 * current value apart from the next one (if not, the counter need not move,
 * which keeps the 19-bit counter from wrapping needlessly), and it tells
 * sample() whether a new watcher should start past the current error (SEEN)
 * or be handed it (not SEEN: nobody has reported it yet, so report it once).
 */
#include "errseq.h"
#include "errseq_common.h"

errseq_t errseq_set(_Atomic errseq_t *eseq, int err)
{
	return errseq_set_layout(eseq, err, ERRSEQ_CTR_MASK, ERRSEQ_SEEN,
	                         ERRSEQ_CTR_INC);
}

errseq_t errseq_sample(_Atomic errseq_t *eseq)
{
	errseq_t cur = atomic_load(eseq);

	/* An error nobody has seen yet is handed to the new watcher. */
	return (cur & ERRSEQ_SEEN) ? cur : 0;
}

int errseq_check(_Atomic errseq_t *eseq, errseq_t since)
{
	errseq_t cur = atomic_load(eseq);

	return cur == since ? 0 : errseq_errno_of(cur);
}

/*
 * The CAS that marks the error SEEN is best effort: if it loses, a setter
 * changed the word (the watcher will see that next time) or another watcher
 * set SEEN already. Either way the cursor moves to what was read.
 */
int errseq_check_and_advance(_Atomic errseq_t *eseq, errseq_t *since)
{
	errseq_t old = atomic_load(eseq);
	errseq_t new;

	if (old == *since)
		return 0;
	new = old | ERRSEQ_SEEN;
	if (new != old)
		atomic_compare_exchange_strong(eseq, &old, new);
	*since = new;
	return errseq_errno_of(new);
}

/*
 * test_concurrency.c - both layouts under threads.
 *
 * The unit tests pin every rule on one thread; here the same word is hit
 * from several threads at once, the way inodes and superblocks are, and
 * only facts that hold in every interleaving are asserted:
 *
 *   stress: writers set varying errnos, watchers (own cursor each) loop on
 *     check_and_advance, peekers (split) loop on peek. Every word a thread
 *     sees is 0 only before the first set and has an allowed errno after
 *     it; its counter never goes back (no wrap: fewer sets than 2^18); under
 *     split REPORTED never shows without OBSERVED. Then one last set with an
 *     errno no writer uses happens-before every watcher's last two calls,
 *     which must return exactly -errno and then 0, all cursors ending on
 *     the same word.
 *
 *   race: one thread sets and at once check_and_advances, round after
 *     round, while another touches the word: a peeker (split: the CAS
 *     retry exists for it) or another watcher (upstream). As the owner is
 *     the only setter, each round's words are known exactly; after its
 *     check_and_advance the word must carry all the flags, whoever won.
 *     Whether a peek lands inside the owner's load-to-CAS window is up to
 *     the scheduler: with split's retry removed, this test caught it in
 *     about half the runs on a busy 2-core machine, and never wrongly.
 *
 * Both phases are bounded by time: about 1 s on 2 cores, sanitizers or not.
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <time.h>

#include "check.h"
#include "errseq.h"

enum {
	WRITERS = 2,
	WATCHERS = 2,
	PEEKERS = 1,
	SETS_PER_WRITER = 120000,
	RACE_MIN_ROUNDS = 20000,
};

/* Writers stop at SETS_PER_WRITER or after this long, whichever is first. */
#define STRESS_SECONDS 0.4
/* How long each race runs (at least RACE_MIN_ROUNDS rounds). */
#define RACE_SECONDS 0.4

/* The stress must not wrap the 18-bit split counter (nor the 19-bit one). */
_Static_assert(WRITERS * SETS_PER_WRITER + 1 < (1 << 18), "stress wraps");

/* What the writers set; E_LAST, the final error, is none of them. */
static const int writer_errnos[] = { EIO, ENOSPC, EDQUOT, EROFS, EPERM, 4095 };
#define N_ERRNOS ((int)(sizeof(writer_errnos) / sizeof(writer_errnos[0])))
#define E_LAST ESTALE

/* One layout, seen through the calls and numbers the threads need. */
struct layout {
	const char *name;
	errseq_t (*set)(_Atomic errseq_t *eseq, int err);
	errseq_t (*sample)(_Atomic errseq_t *eseq);
	int (*check_and_advance)(_Atomic errseq_t *eseq, errseq_t *since);
	errseq_t (*peek)(_Atomic errseq_t *eseq); /* NULL: upstream has none */
	errseq_t advance_flags; /* what check_and_advance adds */
	errseq_t bump_flag;     /* what makes the next set bump the counter */
	errseq_t ctr_mask;
	errseq_t ctr_inc;
	unsigned ctr_shift;
};

static const struct layout upstream = {
	"upstream", errseq_set, errseq_sample, errseq_check_and_advance, NULL,
	0x1000, 0x1000, 0xffffe000, 0x2000, 13,
};

static const struct layout split = {
	"split", errseq_split_set, errseq_split_sample,
	errseq_split_check_and_advance, errseq_split_peek,
	0x3000, 0x2000, 0xffffc000, 0x4000, 14,
};

static bool errno_allowed(unsigned e, bool last_too)
{
	for (int i = 0; i < N_ERRNOS; i++)
		if ((unsigned)writer_errnos[i] == e)
			return true;
	return last_too && e == E_LAST;
}

static double seconds_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* What one thread has seen of the word so far, in its program order. */
struct view {
	bool nonzero;
	errseq_t ctr;
};

/* Invariants of any value a thread reads from the word. */
static void observe(struct view *v, const struct layout *lay, errseq_t w,
		    bool last_too)
{
	if (w == 0) {
		CHECK(!v->nonzero); /* once set, never the epoch again */
		return;
	}
	v->nonzero = true;
	if (!CHECK(errno_allowed(w & 0xfff, last_too)))
		fprintf(stderr, "    (%s word 0x%08x)\n", lay->name, (unsigned)w);
	if (!CHECK(w >> lay->ctr_shift >= v->ctr))
		fprintf(stderr, "    (%s word 0x%08x after counter 0x%x)\n",
			lay->name, (unsigned)w, (unsigned)v->ctr);
	v->ctr = w >> lay->ctr_shift;
	if (lay->peek != NULL)
		CHECK(!(w & 0x1000) || (w & 0x2000)); /* REPORTED => OBSERVED */
}

/* A thread that cannot start would leave the barriers waiting forever. */
static void start_thread(pthread_t *tid, void *(*fn)(void *), void *arg)
{
	int err = pthread_create(tid, NULL, fn, arg);

	if (err != 0) {
		fprintf(stderr, "pthread_create: error %d\n", err);
		exit(2);
	}
}

struct stress {
	const struct layout *lay;
	_Atomic errseq_t word;
	atomic_bool writers_done;
	atomic_bool peekers_stop;
	pthread_barrier_t start;       /* everybody, main included */
	pthread_barrier_t before_last; /* watchers + main: writers are done */
	pthread_barrier_t after_last;  /* watchers + main: last set is done */
};

struct writer {
	struct stress *s;
	int id;
	unsigned long sets;
};

struct watcher {
	struct stress *s;
	errseq_t since;
	unsigned long reports, calls;
	int last_first, last_second;
};

static void *writer_main(void *arg)
{
	struct writer *me = arg;
	struct stress *s = me->s;
	struct view v = { 0 };
	double deadline;

	pthread_barrier_wait(&s->start);
	deadline = seconds_now() + STRESS_SECONDS;
	for (int i = 0; i < SETS_PER_WRITER; i++) {
		int e = writer_errnos[(i + me->id) % N_ERRNOS];

		/* Now and then a refused one, which must leave no trace. */
		if (i % 61 == 0)
			observe(&v, s->lay, s->lay->set(&s->word, 0), false);
		observe(&v, s->lay, s->lay->set(&s->word, -e), false);
		me->sets++;
		/*
		 * Let the others in now and then: on a busy machine all the
		 * threads may share one core, and writers that ran their
		 * whole course in one time slice would race with nobody.
		 */
		if (i % 32 == 31) {
			sched_yield();
			if (seconds_now() > deadline)
				break;
		}
	}
	return NULL;
}

static void *watcher_main(void *arg)
{
	struct watcher *me = arg;
	struct stress *s = me->s;
	const struct layout *lay = s->lay;
	struct view v = { 0 };

	pthread_barrier_wait(&s->start);
	me->since = lay->sample(&s->word);
	while (!atomic_load(&s->writers_done)) {
		int r = lay->check_and_advance(&s->word, &me->since);

		if (++me->calls % 32 == 0)
			sched_yield(); /* see writer_main */
		if (r != 0) {
			me->reports++;
			CHECK(r < 0 && errno_allowed((unsigned)-r, false));
			CHECK_EQ(-(int)(me->since & 0xfff), r);
			CHECK_EQ(lay->advance_flags,
				 me->since & lay->advance_flags);
			observe(&v, lay, me->since, false);
		}
		observe(&v, lay, errseq_load(&s->word), false);
	}

	pthread_barrier_wait(&s->before_last);
	pthread_barrier_wait(&s->after_last);
	/* The last set happened before this: its error, once. */
	me->last_first = lay->check_and_advance(&s->word, &me->since);
	me->last_second = lay->check_and_advance(&s->word, &me->since);
	return NULL;
}

static void *peeker_main(void *arg)
{
	struct stress *s = arg;
	struct view v = { 0 };

	pthread_barrier_wait(&s->start);
	for (unsigned long n = 1; !atomic_load(&s->peekers_stop); n++) {
		errseq_t p = s->lay->peek(&s->word);

		if (n % 32 == 0)
			sched_yield(); /* see writer_main */

		/* peek hands back the word with OBSERVED, unless it is 0. */
		CHECK(p == 0 || (p & 0x2000));
		observe(&v, s->lay, p, true);
	}
	return NULL;
}

static void run_stress(const struct layout *lay)
{
	struct stress s;
	struct writer writers[WRITERS];
	struct watcher watchers[WATCHERS];
	pthread_t writer_tids[WRITERS], watcher_tids[WATCHERS];
	pthread_t peeker_tids[PEEKERS];
	int peekers = lay->peek != NULL ? PEEKERS : 0;
	errseq_t prev, last, opener;
	unsigned long sets = 0;

	s.lay = lay;
	atomic_init(&s.word, 0);
	atomic_init(&s.writers_done, false);
	atomic_init(&s.peekers_stop, false);
	pthread_barrier_init(&s.start, NULL, WRITERS + WATCHERS + peekers + 1);
	pthread_barrier_init(&s.before_last, NULL, WATCHERS + 1);
	pthread_barrier_init(&s.after_last, NULL, WATCHERS + 1);

	for (int i = 0; i < WRITERS; i++) {
		writers[i] = (struct writer){ &s, i, 0 };
		start_thread(&writer_tids[i], writer_main, &writers[i]);
	}
	for (int i = 0; i < WATCHERS; i++) {
		watchers[i] = (struct watcher){ .s = &s };
		start_thread(&watcher_tids[i], watcher_main, &watchers[i]);
	}
	for (int i = 0; i < peekers; i++)
		start_thread(&peeker_tids[i], peeker_main, &s);

	pthread_barrier_wait(&s.start);
	for (int i = 0; i < WRITERS; i++) {
		pthread_join(writer_tids[i], NULL);
		sets += writers[i].sets;
	}
	atomic_store(&s.writers_done, true);

	/*
	 * The last error. E_LAST is new to the word, so the set certainly
	 * stores; its return tells exactly what it replaced, and so what it
	 * stored, even with peekers still running.
	 */
	pthread_barrier_wait(&s.before_last);
	prev = lay->set(&s.word, -E_LAST);
	CHECK(prev != 0 && errno_allowed(prev & 0xfff, false));
	last = ((prev & lay->ctr_mask) + ((prev & lay->bump_flag) ?
					  lay->ctr_inc : 0)) | E_LAST;
	pthread_barrier_wait(&s.after_last);

	printf("    %s: %lu sets, last word 0x%08x; reports/calls per watcher:",
	       lay->name, sets, (unsigned)(last | lay->advance_flags));
	for (int i = 0; i < WATCHERS; i++) {
		pthread_join(watcher_tids[i], NULL);
		printf(" %lu/%lu", watchers[i].reports, watchers[i].calls);
		CHECK_EQ(-E_LAST, watchers[i].last_first);
		CHECK_EQ(0, watchers[i].last_second);
		CHECK_EQ(last | lay->advance_flags, watchers[i].since);
		/* One report needs at least one set that changed the word. */
		CHECK(watchers[i].reports <= sets);
	}
	printf("\n");
	atomic_store(&s.peekers_stop, true);
	for (int i = 0; i < peekers; i++)
		pthread_join(peeker_tids[i], NULL);

	CHECK_EQ(last | lay->advance_flags, errseq_load(&s.word));
	CHECK(last >> lay->ctr_shift <= sets);
	/* The error was reported, so a new opener starts past it. */
	opener = lay->sample(&s.word);
	CHECK_EQ(last | lay->advance_flags, opener);
	CHECK_EQ(0, lay->check_and_advance(&s.word, &opener));

	pthread_barrier_destroy(&s.start);
	pthread_barrier_destroy(&s.before_last);
	pthread_barrier_destroy(&s.after_last);
}

struct race {
	const struct layout *lay;
	_Atomic errseq_t word;
	atomic_bool stop;
	pthread_barrier_t start;
};

/* Split racer: peeks as fast as it can, to meet the owner's CAS. */
static void *race_peeker_main(void *arg)
{
	struct race *r = arg;

	pthread_barrier_wait(&r->start);
	while (!atomic_load(&r->stop)) {
		errseq_t p = r->lay->peek(&r->word);

		CHECK(p == 0 || (p & 0x2000));
	}
	return NULL;
}

/* Upstream racer: another watcher, marking SEEN before the owner can. */
static void *race_watcher_main(void *arg)
{
	struct race *r = arg;
	errseq_t since;

	pthread_barrier_wait(&r->start);
	since = r->lay->sample(&r->word);
	while (!atomic_load(&r->stop)) {
		int ret = r->lay->check_and_advance(&r->word, &since);

		CHECK(ret == 0 || errno_allowed((unsigned)-ret, false));
	}
	return NULL;
}

static void run_race(const struct layout *lay)
{
	struct race r;
	pthread_t racer;
	errseq_t expect = 0, since;
	double deadline;
	long i;

	r.lay = lay;
	atomic_init(&r.word, 0);
	atomic_init(&r.stop, false);
	pthread_barrier_init(&r.start, NULL, 2);
	start_thread(&racer, lay->peek != NULL ? race_peeker_main :
		     race_watcher_main, &r);
	pthread_barrier_wait(&r.start);
	deadline = seconds_now() + RACE_SECONDS;

	/*
	 * By time, not by count: on a busy machine the racer may get a core
	 * only now and then. Past 2^18 rounds the counter wraps; the words
	 * below are computed modulo 2^32, so that is just one more case.
	 */
	since = lay->sample(&r.word);
	for (i = 0; i < RACE_MIN_ROUNDS || seconds_now() < deadline; i++) {
		int e = writer_errnos[i % N_ERRNOS];
		errseq_t stored;

		/* Nobody else sets, and the last round left every flag on. */
		if (!CHECK_EQ(expect, lay->set(&r.word, -e)))
			break;
		stored = (i == 0 ? 0 : (expect & lay->ctr_mask) + lay->ctr_inc) | e;
		/*
		 * A varying pause, so that the racer's CAS lands now before,
		 * now inside, now after the window between check_and_advance's
		 * load and its CAS. (With no pause it almost never does.)
		 */
		for (volatile int spin = 0; spin < i % 32; spin++)
			;
		if (!CHECK_EQ(-e, lay->check_and_advance(&r.word, &since)) ||
		    !CHECK_EQ(stored | lay->advance_flags, since) ||
		    !CHECK_EQ(stored | lay->advance_flags, errseq_load(&r.word))) {
			fprintf(stderr, "    (%s round %ld)\n", lay->name, i);
			break;
		}
		expect = stored | lay->advance_flags;
	}
	printf("    %s race: %ld rounds\n", lay->name, i);

	atomic_store(&r.stop, true);
	pthread_join(racer, NULL);
	pthread_barrier_destroy(&r.start);
}

static void test_upstream_stress(void)
{
	run_stress(&upstream);
}

static void test_split_stress(void)
{
	run_stress(&split);
}

static void test_upstream_race_with_watcher(void)
{
	run_race(&upstream);
}

static void test_split_race_with_peeker(void)
{
	run_race(&split);
}

int main(void)
{
	RUN(test_upstream_stress);
	RUN(test_split_stress);
	RUN(test_upstream_race_with_watcher);
	RUN(test_split_race_with_peeker);
	return check_summary("test_concurrency");
}

/*
 * test_guard.c - the fd guard (native/sys/errseq_sys_guard.h), once with
 * membarrier(2) and once with fences, each in a child process of its own
 * (the mode is chosen once per process).
 *
 * The rules on one thread: a token per open, CLOSED after close and for a
 * stale token whose number was reused, close once, a close that waits for
 * the call in flight and is finished by it.
 *
 * The races: workers call through whichever handle is current while the
 * main thread closes it and at once opens a new pipe, which takes the
 * freed number; and the opening thread calls through its own handles (the
 * owner's path) while another thread closes them. Inside the guard each call fstat()s its number and checks
 * it is still the handle's own pipe: a call that reached a closed number
 * (EBADF) or a reused one (another inode) fails the test. The handles are
 * pipes so that no file is needed; only the number's identity matters.
 * About a second in all, on 2 cores.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "errseq_sys_guard.h"

/* Each thread's identity for the guard: the address of its own variable. */
static __thread char thread_identity;
#define SELF ((const void *)&thread_identity)

struct handle {
	int fd;
	int64_t token;
	struct errseq_guard_entry *entry;
	ino_t ino;
};

/* A pipe's read end (the write end is closed at once), tracked. */
static struct handle *open_handle(void)
{
	struct handle *h = calloc(1, sizeof(*h));
	struct stat st;
	int ends[2];

	if (h == NULL || pipe2(ends, O_CLOEXEC) != 0) {
		CHECK(!"calloc or pipe2 failed");
		exit(2);
	}
	close(ends[1]);
	fstat(ends[0], &st);
	h->fd = ends[0];
	h->ino = st.st_ino;
	h->token = errseq_guard_track(h->fd, &h->entry, SELF);
	CHECK(h->token > 0);
	return h;
}

static int is_open(int fd)
{
	return fcntl(fd, F_GETFD) >= 0;
}

static void track_refuses_a_negative_fd(void)
{
	struct errseq_guard_entry *entry = NULL;

	CHECK_EQ(-EBADF, errseq_guard_track(-1, &entry, SELF));
	CHECK(entry == NULL);
}

static void enter_leave_close_then_closed(void)
{
	struct handle *h = open_handle();

	CHECK_EQ(0, errseq_guard_enter(h->entry, h->fd, h->token, SELF));
	errseq_guard_leave(h->entry, h->fd, SELF);
	CHECK_EQ(0, errseq_guard_close(h->entry, h->fd, h->token, SELF));
	CHECK(!is_open(h->fd));
	CHECK_EQ(ERRSEQ_GUARD_CLOSED, errseq_guard_enter(h->entry, h->fd, h->token, SELF));
	CHECK_EQ(ERRSEQ_GUARD_CLOSED, errseq_guard_close(h->entry, h->fd, h->token, SELF));
	free(h);
}

static void untracked_number_or_token_is_closed(void)
{
	struct handle *h = open_handle();

	CHECK_EQ(ERRSEQ_GUARD_CLOSED, errseq_guard_enter(h->entry, h->fd, h->token + 2, SELF));
	CHECK_EQ(ERRSEQ_GUARD_CLOSED, errseq_guard_enter(NULL, h->fd, h->token, SELF));
	CHECK_EQ(ERRSEQ_GUARD_CLOSED, errseq_guard_close(h->entry, h->fd, 0, SELF));
	CHECK_EQ(ERRSEQ_GUARD_CLOSED, errseq_guard_close(h->entry, h->fd, h->token | 1, SELF));
	CHECK(is_open(h->fd));
	CHECK_EQ(0, errseq_guard_close(h->entry, h->fd, h->token, SELF));
	free(h);
}

static void stale_token_of_a_reused_number_is_closed(void)
{
	struct handle *old = open_handle();
	struct handle *reused;

	CHECK_EQ(0, errseq_guard_close(old->entry, old->fd, old->token, SELF));
	reused = open_handle();
	CHECK_EQ(old->fd, reused->fd); /* the lowest free number comes back */
	CHECK(reused->token != old->token);
	CHECK_EQ(ERRSEQ_GUARD_CLOSED, errseq_guard_enter(old->entry, old->fd, old->token, SELF));
	CHECK_EQ(ERRSEQ_GUARD_CLOSED, errseq_guard_close(old->entry, old->fd, old->token, SELF));
	CHECK(is_open(reused->fd));
	CHECK_EQ(0, errseq_guard_enter(reused->entry, reused->fd, reused->token, SELF));
	errseq_guard_leave(reused->entry, reused->fd, SELF);
	CHECK_EQ(0, errseq_guard_close(reused->entry, reused->fd, reused->token, SELF));
	free(old);
	free(reused);
}

struct in_flight {
	struct handle *h;
	atomic_int entered;
	atomic_int may_leave;
};

static void *call_and_wait(void *arg)
{
	struct in_flight *f = arg;

	CHECK_EQ(0, errseq_guard_enter(f->h->entry, f->h->fd, f->h->token, SELF));
	atomic_store(&f->entered, 1);
	while (!atomic_load(&f->may_leave))
		sched_yield();
	errseq_guard_leave(f->h->entry, f->h->fd, SELF);
	return NULL;
}

static void close_during_a_call_is_finished_by_the_call(void)
{
	struct in_flight f = { .h = open_handle() };
	pthread_t thread;

	pthread_create(&thread, NULL, call_and_wait, &f);
	while (!atomic_load(&f.entered))
		sched_yield();
	CHECK_EQ(0, errseq_guard_close(f.h->entry, f.h->fd, f.h->token, SELF));
	CHECK(is_open(f.h->fd));
	CHECK_EQ(ERRSEQ_GUARD_CLOSED, errseq_guard_enter(f.h->entry, f.h->fd, f.h->token, SELF));
	CHECK_EQ(ERRSEQ_GUARD_CLOSED, errseq_guard_close(f.h->entry, f.h->fd, f.h->token, SELF));
	atomic_store(&f.may_leave, 1);
	pthread_join(thread, NULL);
	CHECK(!is_open(f.h->fd));
	free(f.h);
}

#define WORKERS 2
#define RACE_NANOS 400000000L

static _Atomic(struct handle *) current;
static atomic_int racing;
static atomic_long entered, refused, wrong_file, closed_number;
static long closed_later;

static void *race_worker(void *arg)
{
	(void)arg;
	while (atomic_load_explicit(&racing, memory_order_relaxed)) {
		struct handle *h = atomic_load(&current);
		struct stat st;

		if (errseq_guard_enter(h->entry, h->fd, h->token, SELF) != 0) {
			atomic_fetch_add(&refused, 1);
			continue;
		}
		if (fstat(h->fd, &st) != 0)
			atomic_fetch_add(&closed_number, 1);
		else if (st.st_ino != h->ino)
			atomic_fetch_add(&wrong_file, 1);
		errseq_guard_leave(h->entry, h->fd, SELF);
		atomic_fetch_add(&entered, 1);
	}
	return NULL;
}

static long elapsed_nanos(const struct timespec *since)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (now.tv_sec - since->tv_sec) * 1000000000L + (now.tv_nsec - since->tv_nsec);
}

static int open_fd_count(void)
{
	char path[64];
	int n = 0, fd;

	for (fd = 0; fd < 4096; fd++) {
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
		n += access(path, F_OK) == 0;
	}
	return n;
}

static void close_races_calls_and_the_number_is_reused_at_once(void)
{
	pthread_t threads[WORKERS];
	struct handle **all = calloc(1u << 20, sizeof(*all));
	struct handle *h;
	struct timespec start;
	long rounds = 0, i;
	int before = open_fd_count();

	atomic_store(&current, open_handle());
	all[rounds++] = atomic_load(&current);
	atomic_store(&racing, 1);
	for (i = 0; i < WORKERS; i++)
		pthread_create(&threads[i], NULL, race_worker, NULL);
	clock_gettime(CLOCK_MONOTONIC, &start);
	while (elapsed_nanos(&start) < RACE_NANOS && rounds < (1L << 20)) {
		h = atomic_load(&current);

		for (i = rand() % 20000; i > 0; i--) /* let calls start: 10 µs at most */
			atomic_signal_fence(memory_order_seq_cst);
		CHECK_EQ(0, errseq_guard_close(h->entry, h->fd, h->token, SELF));
		closed_later += is_open(h->fd); /* a call in flight closes it */
		atomic_store(&current, open_handle()); /* most often h's number */
		all[rounds++] = atomic_load(&current);
	}
	atomic_store(&racing, 0);
	for (i = 0; i < WORKERS; i++)
		pthread_join(threads[i], NULL);
	h = atomic_load(&current);
	CHECK_EQ(0, errseq_guard_close(h->entry, h->fd, h->token, SELF));
	printf("    %ld handles (%ld closed by a call in flight), %ld calls entered, "
	       "%ld refused as closed\n", rounds, closed_later, atomic_load(&entered),
	       atomic_load(&refused));
	CHECK_EQ(0, atomic_load(&closed_number));
	CHECK_EQ(0, atomic_load(&wrong_file));
	CHECK(atomic_load(&entered) > 0);
	CHECK(atomic_load(&refused) > 0);
	CHECK_EQ(before, open_fd_count()); /* every handle's number was closed */
	for (i = 0; i < rounds; i++)
		free(all[i]);
	free(all);
}

/*
 * The other way round: the opening thread calls through its handles (the
 * owner's path, published in the entry), another thread closes them, and
 * the opener takes the freed number for its next handle as soon as its
 * call finds the handle closed.
 */
static atomic_long owner_calls, owner_refused, owner_wrong;
static atomic_int handles_left;

static void *closer(void *arg)
{
	(void)arg;
	while (atomic_load(&handles_left) > 0) {
		struct handle *h = atomic_load(&current);
		long i;

		for (i = rand() % 20000; i > 0; i--)
			atomic_signal_fence(memory_order_seq_cst);
		if (errseq_guard_close(h->entry, h->fd, h->token, SELF) == 0)
			atomic_fetch_sub(&handles_left, 1);
	}
	return NULL;
}

static void a_closer_races_the_owners_calls(void)
{
	pthread_t thread;
	int before = open_fd_count();
	long opened = 0, i;
	struct handle **all = calloc(4096, sizeof(*all)); /* freed when the closer is done */
	struct handle *h = open_handle();

	atomic_store(&current, h);
	all[0] = h;
	atomic_store(&handles_left, 2000);
	pthread_create(&thread, NULL, closer, NULL);
	while (atomic_load(&handles_left) > 0) {
		struct stat st;

		if (errseq_guard_enter(h->entry, h->fd, h->token, SELF) != 0) {
			atomic_fetch_add(&owner_refused, 1);
			h = open_handle(); /* most often the number just freed */
			atomic_store(&current, h);
			all[++opened] = h;
			continue;
		}
		if (fstat(h->fd, &st) != 0 || st.st_ino != h->ino)
			atomic_fetch_add(&owner_wrong, 1);
		errseq_guard_leave(h->entry, h->fd, SELF);
		atomic_fetch_add(&owner_calls, 1);
	}
	pthread_join(thread, NULL);
	errseq_guard_close(h->entry, h->fd, h->token, SELF); /* if the closer missed it */
	printf("    %ld handles, %ld calls by their owner, %ld refused as closed\n", opened + 1,
	       atomic_load(&owner_calls), atomic_load(&owner_refused));
	CHECK_EQ(0, atomic_load(&owner_wrong));
	CHECK(atomic_load(&owner_calls) > 0);
	CHECK(atomic_load(&owner_refused) > 0);
	CHECK_EQ(before, open_fd_count());
	for (i = 0; i <= opened; i++)
		free(all[i]);
	free(all);
}

static int kernel_offers_membarrier(void)
{
#ifdef SYS_membarrier
	long cmds = syscall(SYS_membarrier, 0, 0u, 0);

	return cmds > 0 && (cmds & (1 << 3));
#else
	return 0;
#endif
}

static int run_all(int want_membarrier)
{
	int mode = errseq_guard_init(want_membarrier);
	const char *name = mode == ERRSEQ_GUARD_MEMBARRIER ? "test_guard (membarrier)"
	                                                   : "test_guard (fences)";

	if (want_membarrier && kernel_offers_membarrier())
		CHECK_EQ(ERRSEQ_GUARD_MEMBARRIER, mode);
	if (!want_membarrier)
		CHECK_EQ(ERRSEQ_GUARD_FENCES, mode);
	CHECK_EQ(mode, errseq_guard_init(!want_membarrier)); /* chosen once */
	RUN(track_refuses_a_negative_fd);
	RUN(enter_leave_close_then_closed);
	RUN(untracked_number_or_token_is_closed);
	RUN(stale_token_of_a_reused_number_is_closed);
	RUN(close_during_a_call_is_finished_by_the_call);
	RUN(close_races_calls_and_the_number_is_reused_at_once);
	RUN(a_closer_races_the_owners_calls);
	return check_summary(name);
}

int main(void)
{
	int want, status, failed = 0;

	for (want = 1; want >= 0; want--) {
		pid_t child;

		fflush(stdout);
		child = fork();
		if (child == 0)
			exit(run_all(want));
		if (child < 0 || waitpid(child, &status, 0) != child || !WIFEXITED(status) ||
		    WEXITSTATUS(status) != 0)
			failed = 1;
	}
	return failed;
}

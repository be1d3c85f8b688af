/*
 * errseq_cbench.c - the physical floor: every operation the benchmarks measure
 * through the JVM, called directly from C, with no JVM in the process.
 *
 * Each benchmark is a loop of n calls into the core (native/core) or the system
 * call layer (native/sys), linked from a static library without LTO, so every
 * call is a real call, as it is behind the JNI glue. The loop is timed with
 * clock_gettime(CLOCK_MONOTONIC): n is calibrated so that one repetition takes
 * about 100 ms, one repetition warms up, and seven are measured. The JSON
 * carries all seven (ns per call) and their median; the table shows the median,
 * the fastest and the slowest.
 *
 * The words start in the same state as in the JMH benchmarks: an error that was
 * set and then reported, and a cursor that has seen it.
 *
 *   errseq_cbench [--dir TMPFS_DIR] [--out FILE.json] [--filter TEXT]
 *
 * --dir names a directory on tmpfs for the syncfs and fsync loops; they are
 * skipped without it, and the program refuses a directory that is not tmpfs,
 * so that it never hammers a real disk.
 *
 * The sync loops run twice: as the single thread of this process, and again
 * while a second, idle thread exists. A process that shares its file table
 * between threads (a JVM always does) makes the kernel take a reference on the
 * file in every fdget, so its system calls on an fd cost more; the second run
 * measures the floor a JVM's syncfs can reach.
 *
 * Two more loops measure what a system call costs the code that runs after it:
 * the same 16 loads on 16 pages, once alone and once after each syncfs. Where
 * the kernel isolates its page tables and the CPU has no PCID, every system
 * call empties the TLB, so each page touched afterwards is walked again; a
 * call from a JVM into native code touches a dozen pages of its own.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/vfs.h>
#include <time.h>
#include <unistd.h>

#include "errseq.h"
#include "errseq_sys.h"

/* From errseq_bench_lib.c, another translation unit: a real call. */
void errseq_bench_nop(void);

#define TMPFS_MAGIC_NUMBER 0x01021994L
#define REPS 7
#define REP_NS 100e6
/* set() alternates EIO and ENOSPC so that every call stores a new errno. */
#define FLIP ((-EIO) ^ (-ENOSPC))

static _Atomic errseq_t word;
static errseq_t cursor;
static int dir_fd = -1;
static int file_fd = -1;
static volatile uint64_t sink;

/* An error that was set, then reported to the cursor: the benchmarks' start. */
static void setup_upstream(void)
{
	atomic_store(&word, 0);
	cursor = 0;
	errseq_set(&word, -EIO);
	errseq_check_and_advance(&word, &cursor);
}

static void setup_split(void)
{
	atomic_store(&word, 0);
	cursor = 0;
	errseq_split_set(&word, -EIO);
	errseq_split_check_and_advance(&word, &cursor);
}

static void setup_none(void)
{
}

static uint64_t b_nop(uint64_t n)
{
	for (uint64_t i = 0; i < n; i++)
		errseq_bench_nop();
	return n;
}

static uint64_t b_up_set(uint64_t n)
{
	uint64_t acc = 0;
	int err = -EIO;

	for (uint64_t i = 0; i < n; i++) {
		acc += errseq_set(&word, err);
		err ^= FLIP;
	}
	return acc;
}

static uint64_t b_up_sample(uint64_t n)
{
	uint64_t acc = 0;

	for (uint64_t i = 0; i < n; i++)
		acc += errseq_sample(&word);
	return acc;
}

static uint64_t b_up_check(uint64_t n)
{
	uint64_t acc = 0;

	for (uint64_t i = 0; i < n; i++)
		acc += (uint32_t)errseq_check(&word, cursor);
	return acc;
}

static uint64_t b_up_check_and_advance(uint64_t n)
{
	uint64_t acc = 0;

	for (uint64_t i = 0; i < n; i++)
		acc += (uint32_t)errseq_check_and_advance(&word, &cursor);
	return acc;
}

static uint64_t b_up_set_then_check_and_advance(uint64_t n)
{
	uint64_t acc = 0;

	for (uint64_t i = 0; i < n; i++) {
		errseq_set(&word, -EIO);
		acc += (uint32_t)errseq_check_and_advance(&word, &cursor);
	}
	return acc;
}

static uint64_t b_split_set(uint64_t n)
{
	uint64_t acc = 0;
	int err = -EIO;

	for (uint64_t i = 0; i < n; i++) {
		acc += errseq_split_set(&word, err);
		err ^= FLIP;
	}
	return acc;
}

static uint64_t b_split_sample(uint64_t n)
{
	uint64_t acc = 0;

	for (uint64_t i = 0; i < n; i++)
		acc += errseq_split_sample(&word);
	return acc;
}

static uint64_t b_split_peek(uint64_t n)
{
	uint64_t acc = 0;

	for (uint64_t i = 0; i < n; i++)
		acc += errseq_split_peek(&word);
	return acc;
}

static uint64_t b_split_check(uint64_t n)
{
	uint64_t acc = 0;

	for (uint64_t i = 0; i < n; i++)
		acc += (uint32_t)errseq_split_check(&word, cursor);
	return acc;
}

static uint64_t b_split_check_and_advance(uint64_t n)
{
	uint64_t acc = 0;

	for (uint64_t i = 0; i < n; i++)
		acc += (uint32_t)errseq_split_check_and_advance(&word, &cursor);
	return acc;
}

static uint64_t b_split_set_then_check_and_advance(uint64_t n)
{
	uint64_t acc = 0;

	for (uint64_t i = 0; i < n; i++) {
		errseq_split_set(&word, -EIO);
		acc += (uint32_t)errseq_split_check_and_advance(&word, &cursor);
	}
	return acc;
}

static uint64_t b_syncfs(uint64_t n)
{
	uint64_t failures = 0;

	for (uint64_t i = 0; i < n; i++)
		failures += errseq_sys_syncfs(dir_fd) < 0;
	return failures;
}

static uint64_t b_fsync(uint64_t n)
{
	uint64_t failures = 0;

	for (uint64_t i = 0; i < n; i++)
		failures += errseq_sys_fsync(file_fd) < 0;
	return failures;
}

/*
 * WALK_PAGES pages, each holding the address of a load in the next, at a
 * different offset in each page: every load waits for the one before, so
 * the page walks cannot overlap, and no two loads share a cache set.
 */
#define WALK_PAGES 16
#define PAGE 4096
static void *walk_start;

static void setup_walk(void)
{
	char *pages;

	if (walk_start != NULL)
		return;
	pages = mmap(NULL, (WALK_PAGES + 1) * PAGE, PROT_READ | PROT_WRITE,
	             MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	if (pages == MAP_FAILED) {
		perror("errseq_cbench: mmap");
		exit(1);
	}
	for (int p = 0; p < WALK_PAGES; p++) {
		void **at = (void **)(pages + p * PAGE + p * 64);

		*at = p + 1 < WALK_PAGES ? pages + (p + 1) * PAGE + (p + 1) * 64 : NULL;
	}
	walk_start = pages;
}

static uint64_t walk_once(void)
{
	void *at = walk_start;
	uint64_t loads = 0;

	while (at != NULL) {
		at = *(void *volatile *)at;
		loads++;
	}
	return loads;
}

static uint64_t b_walk(uint64_t n)
{
	uint64_t loads = 0;

	for (uint64_t i = 0; i < n; i++)
		loads += walk_once();
	return loads;
}

static uint64_t b_syncfs_walk(uint64_t n)
{
	uint64_t loads = 0;

	for (uint64_t i = 0; i < n; i++) {
		loads += errseq_sys_syncfs(dir_fd) < 0;
		loads += walk_once();
	}
	return loads;
}

struct bench {
	const char *name;
	const char *description;
	void (*setup)(void);
	uint64_t (*run)(uint64_t n);
	int needs_dir;
	int threaded; /* run while a second, idle thread exists */
};

static const struct bench benches[] = {
	{ "call.nop", "empty function call", setup_none, b_nop, 0, 0 },
	{ "upstream.set", "errseq_set, alternating EIO and ENOSPC", setup_upstream, b_up_set, 0, 0 },
	{ "upstream.sample", "errseq_sample", setup_upstream, b_up_sample, 0, 0 },
	{ "upstream.check", "errseq_check, nothing new", setup_upstream, b_up_check, 0, 0 },
	{ "upstream.checkAndAdvance", "errseq_check_and_advance, nothing new",
	  setup_upstream, b_up_check_and_advance, 0, 0 },
	{ "upstream.setThenCheckAndAdvance", "errseq_set, then check_and_advance reports it",
	  setup_upstream, b_up_set_then_check_and_advance, 0, 0 },
	{ "split.set", "errseq_split_set, alternating EIO and ENOSPC", setup_split, b_split_set, 0, 0 },
	{ "split.sample", "errseq_split_sample", setup_split, b_split_sample, 0, 0 },
	{ "split.peek", "errseq_split_peek", setup_split, b_split_peek, 0, 0 },
	{ "split.check", "errseq_split_check, nothing new", setup_split, b_split_check, 0, 0 },
	{ "split.checkAndAdvance", "errseq_split_check_and_advance, nothing new",
	  setup_split, b_split_check_and_advance, 0, 0 },
	{ "split.setThenCheckAndAdvance", "errseq_split_set, then check_and_advance reports it",
	  setup_split, b_split_set_then_check_and_advance, 0, 0 },
	{ "sys.syncfs", "syncfs(2) on a tmpfs directory (errseq_sys_syncfs)", setup_none, b_syncfs, 1, 0 },
	{ "sys.fsync", "fsync(2) on a tmpfs file (errseq_sys_fsync)", setup_none, b_fsync, 1, 0 },
	{ "mem.pages16", "16 chained loads on 16 pages", setup_walk, b_walk, 0, 0 },
	{ "sys.syncfs.pages16", "syncfs(2) as above, then the same 16 loads",
	  setup_walk, b_syncfs_walk, 1, 0 },
	{ "sys.syncfs.threaded", "syncfs(2) as above, with a second thread in the process",
	  setup_none, b_syncfs, 1, 1 },
	{ "sys.fsync.threaded", "fsync(2) as above, with a second thread in the process",
	  setup_none, b_fsync, 1, 1 },
};

/* The second thread: it only waits for its pipe to close. */
static int idle_pipe[2] = { -1, -1 };
static pthread_t idle_thread;
static int idle_running;

static void *idle_main(void *arg)
{
	char byte;

	(void)arg;
	while (read(idle_pipe[0], &byte, 1) < 0 && errno == EINTR)
		;
	return NULL;
}

static int set_idle_thread(int on)
{
	if (on && !idle_running) {
		if (pipe(idle_pipe) < 0 || pthread_create(&idle_thread, NULL, idle_main, NULL) != 0)
			return -1;
		idle_running = 1;
	} else if (!on && idle_running) {
		close(idle_pipe[1]);
		pthread_join(idle_thread, NULL);
		close(idle_pipe[0]);
		idle_running = 0;
	}
	return 0;
}

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static double time_run(const struct bench *b, uint64_t n)
{
	double start, end;

	b->setup();
	start = now_ns();
	sink += b->run(n);
	end = now_ns();
	return end - start;
}

static int compare_doubles(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

struct result {
	double median, min, max;
	double samples[REPS]; /* in the order measured */
	uint64_t ops_per_rep;
};

static struct result measure(const struct bench *b)
{
	struct result r;
	double per_op[REPS];
	uint64_t n = 1000;
	double elapsed;

	/* Calibrate: grow n until a run takes 20 ms, then scale to REP_NS. */
	while ((elapsed = time_run(b, n)) < 20e6)
		n *= 2;
	n = (uint64_t)((double)n * REP_NS / elapsed);
	if (n == 0)
		n = 1;
	time_run(b, n); /* warm-up repetition */
	for (int i = 0; i < REPS; i++) {
		per_op[i] = time_run(b, n) / (double)n;
		r.samples[i] = per_op[i];
	}
	qsort(per_op, REPS, sizeof(per_op[0]), compare_doubles);
	r.median = per_op[REPS / 2];
	r.min = per_op[0];
	r.max = per_op[REPS - 1];
	r.ops_per_rep = n;
	return r;
}

static int open_tmpfs(const char *dir)
{
	struct statfs st;
	char path[4096];

	dir_fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dir_fd < 0) {
		fprintf(stderr, "errseq_cbench: cannot open %s: %s\n", dir, strerror(errno));
		return -1;
	}
	if (fstatfs(dir_fd, &st) < 0 || (long)st.f_type != TMPFS_MAGIC_NUMBER) {
		fprintf(stderr, "errseq_cbench: %s is not on tmpfs; refusing to sync a real disk\n",
		        dir);
		return -1;
	}
	snprintf(path, sizeof(path), "%s/errseq-cbench-fsync", dir);
	file_fd = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (file_fd < 0 || write(file_fd, "errseq\n", 7) != 7) {
		fprintf(stderr, "errseq_cbench: cannot write %s: %s\n", path, strerror(errno));
		return -1;
	}
	unlink(path);
	return 0;
}

int main(int argc, char **argv)
{
	const char *dir = NULL, *out = NULL, *filter = NULL;
	FILE *json = NULL;
	int first = 1;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--dir") == 0 && i + 1 < argc) {
			dir = argv[++i];
		} else if (strcmp(argv[i], "--out") == 0 && i + 1 < argc) {
			out = argv[++i];
		} else if (strcmp(argv[i], "--filter") == 0 && i + 1 < argc) {
			filter = argv[++i];
		} else {
			fprintf(stderr, "usage: %s [--dir TMPFS_DIR] [--out FILE.json] [--filter TEXT]\n",
			        argv[0]);
			return 2;
		}
	}
	if (dir != NULL && open_tmpfs(dir) < 0)
		return 1;
	if (out != NULL) {
		json = fopen(out, "w");
		if (json == NULL) {
			fprintf(stderr, "errseq_cbench: cannot write %s: %s\n", out, strerror(errno));
			return 1;
		}
		fprintf(json, "{\n  \"tool\": \"errseq_cbench\",\n  \"compiler\": \"gcc %s\",\n"
		        "  \"unit\": \"ns/op\",\n  \"reps\": %d,\n  \"results\": [",
		        __VERSION__, REPS);
	}
	printf("%-34s %12s %12s %12s\n", "benchmark (C, no JVM)", "median ns", "min ns", "max ns");
	for (size_t i = 0; i < sizeof(benches) / sizeof(benches[0]); i++) {
		const struct bench *b = &benches[i];
		struct result r;

		if (filter != NULL && strstr(b->name, filter) == NULL)
			continue;
		if (b->needs_dir && dir_fd < 0) {
			printf("%-34s skipped: no --dir on tmpfs\n", b->name);
			continue;
		}
		if (set_idle_thread(b->threaded) < 0) {
			fprintf(stderr, "errseq_cbench: cannot start a second thread\n");
			return 1;
		}
		r = measure(b);
		printf("%-34s %12.3f %12.3f %12.3f\n", b->name, r.median, r.min, r.max);
		fflush(stdout);
		if (json != NULL) {
			fprintf(json, "%s\n    {\"name\": \"%s\", \"description\": \"%s\", "
			        "\"ns_per_op\": %.4f, \"min\": %.4f, \"max\": %.4f, \"ops_per_rep\": %llu, "
			        "\"samples\": [",
			        first ? "" : ",", b->name, b->description, r.median, r.min, r.max,
			        (unsigned long long)r.ops_per_rep);
			for (int k = 0; k < REPS; k++)
				fprintf(json, "%s%.4f", k == 0 ? "" : ", ", r.samples[k]);
			fprintf(json, "]}");
			first = 0;
		}
	}
	set_idle_thread(0);
	if (json != NULL) {
		fprintf(json, "\n  ]\n}\n");
		if (fclose(json) != 0) {
			fprintf(stderr, "errseq_cbench: cannot write %s\n", out);
			return 1;
		}
	}
	return 0;
}

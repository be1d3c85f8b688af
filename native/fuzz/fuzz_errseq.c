/*
 * fuzz_errseq.c - libFuzzer target for the C core, both layouts.
 *
 * The input is a little program. It runs on a few words (each upstream or
 * split, each allocated by errseq_alloc) and a few cursors per word, and
 * every step runs twice: once through the core, once through the model
 * below, which shares no code with the core and describes a word by its
 * fields (counter, flags, errno) instead of by masks. Any difference in a
 * return value, a cursor or a word aborts, and so does any sanitizer report.
 *
 * Input layout:
 *
 *   byte 0         bit i set: word i is split (else upstream)
 *   then steps     one op byte, then the op's arguments:
 *                    bits 0..2  the operation (below)
 *                    bits 3..4  the word (modulo N_WORDS)
 *                    bits 5..6  the cursor of that word (modulo N_CURSORS)
 *                    bit  7     for REINIT: the new word's layout is split
 *
 *   0 SET        2 bytes, little endian: the error (see decode_err)
 *   1 SAMPLE     cursor = sample()
 *   2 PEEK       split: peek(); upstream (which has none): load()
 *   3 CHECK      check(cursor)
 *   4 ADVANCE    check_and_advance(&cursor)
 *   5 CURSOR     4 bytes: cursor = any raw value (a watcher that kept one)
 *   6 REINIT     4 bytes: free the word, allocate a new one holding them
 *   7 COPY       cursor = load(), a copy of the word as it is
 *
 * A truncated argument ends the program. Words start at the epoch (0).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "errseq.h"

enum { N_WORDS = 3, N_CURSORS = 4, MAX_STEPS = 4096 };

enum op { OP_SET, OP_SAMPLE, OP_PEEK, OP_CHECK, OP_ADVANCE, OP_CURSOR,
	  OP_REINIT, OP_COPY };

static const char *const op_names[] = {
	"set", "sample", "peek", "check", "check_and_advance", "cursor",
	"reinit", "copy",
};

/* ---- the model: a word as its fields, for one thread --------------------- */

struct model {
	int split;            /* which layout */
	uint32_t counter;     /* 19 bits upstream, 18 bits split */
	int reported;         /* upstream: SEEN; split: REPORTED */
	int observed;         /* split only: OBSERVED */
	uint32_t err;         /* the latest errno, positive, 12 bits */
};

static unsigned model_counter_bits(const struct model *m)
{
	return m->split ? 18 : 19;
}

static uint32_t model_encode(const struct model *m)
{
	unsigned flag_bits = m->split ? 2 : 1;
	uint32_t flags = m->split ?
		(uint32_t)m->reported | (uint32_t)m->observed << 1 :
		(uint32_t)m->reported;

	return m->counter << (12 + flag_bits) | flags << 12 | m->err;
}

static void model_decode(struct model *m, int split, uint32_t raw)
{
	m->split = split;
	m->err = raw % 4096;
	m->reported = (raw >> 12) & 1;
	if (split) {
		m->observed = (raw >> 13) & 1;
		m->counter = raw >> 14;
	} else {
		m->observed = 0;
		m->counter = raw >> 13;
	}
}

/* Upstream's one flag does both jobs: it also makes the next set count. */
static int model_must_count(const struct model *m)
{
	return m->split ? m->observed : m->reported;
}

static uint32_t model_set(struct model *m, int err)
{
	uint32_t before = model_encode(m);

	/* Only -4095..-1 is an error; everything else leaves the word alone. */
	if (err > -1 || err < -4095)
		return before;
	if (model_must_count(m))
		m->counter = (m->counter + 1) % (1u << model_counter_bits(m));
	m->reported = 0;
	m->observed = 0;
	m->err = (uint32_t)(-err);
	return before;
}

static uint32_t model_peek(struct model *m)
{
	if (model_encode(m) != 0)
		m->observed = 1;
	return model_encode(m);
}

static uint32_t model_sample(struct model *m)
{
	if (m->split) {
		uint32_t now = model_peek(m);

		return m->reported ? now : 0;
	}
	return m->reported ? model_encode(m) : 0;
}

static int model_same(const struct model *m, uint32_t since)
{
	struct model then;

	if (!m->split)
		return model_encode(m) == since;
	/* Split compares the error and the counter; the flags do not count. */
	model_decode(&then, 1, since);
	return then.err == m->err && then.counter == m->counter;
}

static int model_check(const struct model *m, uint32_t since)
{
	return model_same(m, since) ? 0 : -(int)m->err;
}

static int model_advance(struct model *m, uint32_t *since)
{
	if (model_encode(m) == *since)
		return 0;
	m->reported = 1;
	if (m->split)
		m->observed = 1;
	*since = model_encode(m);
	return -(int)m->err;
}

/* ---- the core, through the same five calls --------------------------------- */

struct subject {
	_Atomic errseq_t *word;
	int split;
};

static uint32_t core_set(struct subject *s, int err)
{
	return s->split ? errseq_split_set(s->word, err) : errseq_set(s->word, err);
}

static uint32_t core_sample(struct subject *s)
{
	return s->split ? errseq_split_sample(s->word) : errseq_sample(s->word);
}

static int core_check(struct subject *s, uint32_t since)
{
	return s->split ? errseq_split_check(s->word, since) :
			  errseq_check(s->word, since);
}

static int core_advance(struct subject *s, uint32_t *since)
{
	return s->split ? errseq_split_check_and_advance(s->word, since) :
			  errseq_check_and_advance(s->word, since);
}

/* ---- the driver ------------------------------------------------------------ */

struct run {
	struct subject core[N_WORDS];
	struct model model[N_WORDS];
	uint32_t core_cursor[N_WORDS][N_CURSORS];
	uint32_t model_cursor[N_WORDS][N_CURSORS];
	int step;
};

static void mismatch(const struct run *r, enum op op, int w, const char *what,
		     long long core, long long model)
{
	fprintf(stderr,
		"fuzz_errseq: step %d, %s on word %d (%s): %s differs\n"
		"    core  0x%llx (%lld)\n    model 0x%llx (%lld)\n",
		r->step, op_names[op], w,
		r->model[w].split ? "split" : "upstream", what,
		(unsigned long long)core, core, (unsigned long long)model,
		model);
	abort();
}

static void same(const struct run *r, enum op op, int w, const char *what,
		 long long core, long long model)
{
	if (core != model)
		mismatch(r, op, w, what, core, model);
}

/*
 * Mostly real errnos, spread over the whole range, so that equal ones are
 * easy to hit; one in sixteen is picked from the values set() must refuse
 * or must accept at the edges.
 */
static int decode_err(uint16_t v)
{
	static const int edges[] = {
		0, 1, 4095, -4096, INT32_MIN, INT32_MAX, -1, -4095,
		4096, -65536, -5, 5, -28, 28, -4094, 65535,
	};

	if (v >> 12 == 0xF)
		return edges[v & 0xF];
	return -(int)(v % 4095u) - 1;
}

static uint32_t read_u32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static void start_word(struct run *r, int w, int split, uint32_t raw)
{
	r->core[w].split = split;
	r->core[w].word = errseq_alloc(raw);
	if (r->core[w].word == NULL) {
		fprintf(stderr, "fuzz_errseq: errseq_alloc failed\n");
		abort();
	}
	model_decode(&r->model[w], split, raw);
	same(r, OP_REINIT, w, "new word", errseq_load(r->core[w].word),
	     model_encode(&r->model[w]));
}

static void step(struct run *r, enum op op, int w, int c, int flag,
		 const uint8_t *arg)
{
	struct subject *s = &r->core[w];
	struct model *m = &r->model[w];
	uint32_t *core_since = &r->core_cursor[w][c];
	uint32_t *model_since = &r->model_cursor[w][c];

	switch (op) {
	case OP_SET: {
		int err = decode_err((uint16_t)(arg[0] | arg[1] << 8));

		same(r, op, w, "previous value", core_set(s, err),
		     model_set(m, err));
		break;
	}
	case OP_SAMPLE:
		*core_since = core_sample(s);
		*model_since = model_sample(m);
		same(r, op, w, "sample", *core_since, *model_since);
		break;
	case OP_PEEK:
		if (s->split)
			same(r, op, w, "peek", errseq_split_peek(s->word),
			     model_peek(m));
		else
			same(r, op, w, "load", errseq_load(s->word),
			     model_encode(m));
		break;
	case OP_CHECK:
		same(r, op, w, "check", core_check(s, *core_since),
		     model_check(m, *model_since));
		break;
	case OP_ADVANCE:
		same(r, op, w, "result", core_advance(s, core_since),
		     model_advance(m, model_since));
		same(r, op, w, "cursor", *core_since, *model_since);
		break;
	case OP_CURSOR:
		*core_since = *model_since = read_u32(arg);
		break;
	case OP_REINIT:
		errseq_free(s->word);
		start_word(r, w, flag, read_u32(arg));
		break;
	case OP_COPY:
		*core_since = errseq_load(s->word);
		*model_since = model_encode(m);
		same(r, op, w, "copy", *core_since, *model_since);
		break;
	}
	/* Whatever the step did, the word itself must agree too. */
	same(r, op, w, "word", errseq_load(s->word), model_encode(m));
}

static size_t arg_size(enum op op)
{
	switch (op) {
	case OP_SET:
		return 2;
	case OP_CURSOR:
	case OP_REINIT:
		return 4;
	default:
		return 0;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct run r;
	size_t at = 1;

	if (size < 1)
		return 0;
	memset(&r, 0, sizeof(r));
	for (int w = 0; w < N_WORDS; w++)
		start_word(&r, w, (data[0] >> w) & 1, 0);

	for (r.step = 0; r.step < MAX_STEPS && at < size; r.step++) {
		uint8_t code = data[at++];
		enum op op = (enum op)(code & 7);
		int w = ((code >> 3) & 3) % N_WORDS;
		int c = ((code >> 5) & 3) % N_CURSORS;
		size_t need = arg_size(op);

		if (size - at < need)
			break;
		step(&r, op, w, c, code >> 7, data + at);
		at += need;
	}

	for (int w = 0; w < N_WORDS; w++)
		errseq_free(r.core[w].word);
	return 0;
}

/*
 * errseq_jni_word_natives.c - natives of dev.errseq.internal.WordNatives.
 *
 * A word is passed as the address errseq_alloc returned, in a jlong. The
 * Java side validates every argument and never passes a freed address.
 * check_and_advance hands back two values, so they travel packed in one
 * jlong: the new cursor in the high half, the result in the low half.
 */
#include <stdint.h>

#include "errseq.h"
#include "errseq_jni.h"

#define WORD(addr) ((_Atomic errseq_t *)(uintptr_t)(addr))

static jlong pack(errseq_t since, int err)
{
	return (jlong)(((uint64_t)since << 32) | (uint32_t)err);
}

static jlong word_alloc(JNIEnv *env, jclass cls, jint initial)
{
	_Atomic errseq_t *eseq = errseq_alloc((errseq_t)initial);

	(void)cls;
	if (eseq == NULL)
		errseq_jni_throw(env, "java/lang/OutOfMemoryError",
		                 "no native memory for an errseq word");
	return (jlong)(uintptr_t)eseq;
}

static void word_free(JNIEnv *env, jclass cls, jlong addr)
{
	(void)env; (void)cls;
	errseq_free(WORD(addr));
}

static jint word_load(JNIEnv *env, jclass cls, jlong addr)
{
	(void)env; (void)cls;
	return (jint)errseq_load(WORD(addr));
}

static void word_nop(JNIEnv *env, jclass cls)
{
	(void)env; (void)cls;
}

static jint up_set(JNIEnv *env, jclass cls, jlong addr, jint err)
{
	(void)env; (void)cls;
	return (jint)errseq_set(WORD(addr), err);
}

static jint up_sample(JNIEnv *env, jclass cls, jlong addr)
{
	(void)env; (void)cls;
	return (jint)errseq_sample(WORD(addr));
}

static jint up_check(JNIEnv *env, jclass cls, jlong addr, jint since)
{
	(void)env; (void)cls;
	return errseq_check(WORD(addr), (errseq_t)since);
}

static jlong up_check_and_advance(JNIEnv *env, jclass cls, jlong addr, jint since)
{
	errseq_t cursor = (errseq_t)since;
	int err = errseq_check_and_advance(WORD(addr), &cursor);

	(void)env; (void)cls;
	return pack(cursor, err);
}

static jint split_set(JNIEnv *env, jclass cls, jlong addr, jint err)
{
	(void)env; (void)cls;
	return (jint)errseq_split_set(WORD(addr), err);
}

static jint split_peek(JNIEnv *env, jclass cls, jlong addr)
{
	(void)env; (void)cls;
	return (jint)errseq_split_peek(WORD(addr));
}

static jint split_sample(JNIEnv *env, jclass cls, jlong addr)
{
	(void)env; (void)cls;
	return (jint)errseq_split_sample(WORD(addr));
}

static jint split_check(JNIEnv *env, jclass cls, jlong addr, jint since)
{
	(void)env; (void)cls;
	return errseq_split_check(WORD(addr), (errseq_t)since);
}

static jlong split_check_and_advance(JNIEnv *env, jclass cls, jlong addr, jint since)
{
	errseq_t cursor = (errseq_t)since;
	int err = errseq_split_check_and_advance(WORD(addr), &cursor);

	(void)env; (void)cls;
	return pack(cursor, err);
}

static const JNINativeMethod methods[] = {
	{ "alloc", "(I)J", (void *)word_alloc },
	{ "free", "(J)V", (void *)word_free },
	{ "load", "(J)I", (void *)word_load },
	{ "nop", "()V", (void *)word_nop },
	{ "set", "(JI)I", (void *)up_set },
	{ "sample", "(J)I", (void *)up_sample },
	{ "check", "(JI)I", (void *)up_check },
	{ "checkAndAdvance", "(JI)J", (void *)up_check_and_advance },
	{ "splitSet", "(JI)I", (void *)split_set },
	{ "splitPeek", "(J)I", (void *)split_peek },
	{ "splitSample", "(J)I", (void *)split_sample },
	{ "splitCheck", "(JI)I", (void *)split_check },
	{ "splitCheckAndAdvance", "(JI)J", (void *)split_check_and_advance },
};

jint errseq_jni_word_register(JNIEnv *env)
{
	return errseq_jni_register(env, "dev/errseq/internal/WordNatives", methods,
	                           (jint)(sizeof(methods) / sizeof(methods[0])));
}

/*
 * errseq_jni_mount_natives.c - natives of dev.errseq.internal.MountNatives.
 *
 * Strings arrive as NUL-terminated byte arrays, encoded and checked by the
 * Java side; a null array is a NULL pointer (mount's data may be absent).
 * Results travel as native/sys returns them: 0 or a negative errno.
 */
#include <errno.h>
#include <stddef.h>

#include "errseq_jni.h"
#include "errseq_sys.h"

/* A byte[] held as a C string for the length of one call. */
struct pinned {
	jbyteArray array;
	jbyte *bytes;
};

/* 0, or -ENOMEM with the JVM's OutOfMemoryError pending. */
static int pin(JNIEnv *env, struct pinned *p)
{
	p->bytes = NULL;
	if (p->array == NULL)
		return 0;
	p->bytes = (*env)->GetByteArrayElements(env, p->array, NULL);
	return p->bytes == NULL ? -ENOMEM : 0;
}

/* Allowed with an exception pending, as after a failed pin. */
static void unpin(JNIEnv *env, struct pinned *p)
{
	if (p->bytes != NULL)
		(*env)->ReleaseByteArrayElements(env, p->array, p->bytes, JNI_ABORT);
}

/* Pins all @count, stopping at the first failure; returns how many were pinned. */
static size_t pin_all(JNIEnv *env, struct pinned *p, size_t count, int *rc)
{
	size_t n = 0;

	*rc = 0;
	while (n < count && (*rc = pin(env, &p[n])) == 0)
		n++;
	return n;
}

static void unpin_all(JNIEnv *env, struct pinned *p, size_t count)
{
	while (count > 0)
		unpin(env, &p[--count]);
}

#define CHARS(p) ((const char *)(p).bytes)

static jint mount_mount(JNIEnv *env, jclass cls, jbyteArray source, jbyteArray target,
                        jbyteArray fstype, jlong flags, jbyteArray data)
{
	struct pinned args[] = { { source, NULL }, { target, NULL },
	                         { fstype, NULL }, { data, NULL } };
	size_t count = sizeof(args) / sizeof(args[0]);
	int rc;
	size_t pinned = pin_all(env, args, count, &rc);

	(void)cls;
	if (rc == 0)
		rc = errseq_sys_mount(CHARS(args[0]), CHARS(args[1]), CHARS(args[2]),
		                      (unsigned long)flags, CHARS(args[3]));
	unpin_all(env, args, pinned);
	return rc;
}

static jint mount_umount(JNIEnv *env, jclass cls, jbyteArray target, jint flags)
{
	struct pinned arg = { target, NULL };
	int rc = pin(env, &arg);

	(void)cls;
	if (rc == 0)
		rc = errseq_sys_umount(CHARS(arg), flags);
	unpin(env, &arg);
	return rc;
}

static const JNINativeMethod methods[] = {
	{ "mount", "([B[B[BJ[B)I", (void *)mount_mount },
	{ "umount", "([BI)I", (void *)mount_umount },
};

jint errseq_jni_mount_register(JNIEnv *env)
{
	return errseq_jni_register(env, "dev/errseq/internal/MountNatives", methods,
	                           (jint)(sizeof(methods) / sizeof(methods[0])));
}

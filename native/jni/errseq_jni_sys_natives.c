/*
 * errseq_jni_sys_natives.c - natives of dev.errseq.internal.SysNatives.
 *
 * Results travel as the C layer returns them: >= 0, or a negative errno
 * that the Java side turns into a typed exception. Every call on a
 * handle's fd goes through the fd guard (errseq_sys_guard.h) inside the
 * same native, so that one JNI transition covers the check and the call;
 * the guard knows a thread by its JNIEnv. Paths arrive as NUL-terminated
 * bytes, already encoded and checked by the Java side. The fd inside a JDK
 * FileDescriptor or FileChannel is read here, where the module system does
 * not hide the fields; their IDs are looked up once.
 */
#include <errno.h>

#include "errseq_jni.h"
#include "errseq_sys.h"
#include "errseq_sys_guard.h"

static jfieldID fd_int_field;      /* java.io.FileDescriptor.fd */
static jfieldID channel_fd_field;  /* sun.nio.ch.FileChannelImpl.fd */

/* A handle's entry in the fd guard's table, as the Java side keeps it. */
static struct errseq_guard_entry *entry_of(jlong address)
{
	return (struct errseq_guard_entry *)(intptr_t)address;
}

/*
 * Opens and starts guarding the fd (errseq_sys_guard.h): the fd, or
 * -errno; the guard's token goes into guard[0], its entry's address into
 * guard[1].
 */
static jint sys_open(JNIEnv *env, jclass cls, jbyteArray path, jlongArray guard)
{
	jbyte *bytes = (*env)->GetByteArrayElements(env, path, NULL);
	struct errseq_guard_entry *entry = NULL;
	jlong out[2];
	jint fd;

	(void)cls;
	if (bytes == NULL)
		return -ENOMEM; /* the JVM has an OutOfMemoryError pending */
	fd = errseq_sys_open((const char *)bytes);
	(*env)->ReleaseByteArrayElements(env, path, bytes, JNI_ABORT);
	if (fd < 0)
		return fd;
	out[0] = errseq_guard_track(fd, &entry, env);
	if (out[0] < 0) {
		errseq_sys_close(fd);
		return (jint)out[0];
	}
	out[1] = (jlong)(intptr_t)entry;
	(*env)->SetLongArrayRegion(env, guard, 0, 2, out);
	return fd;
}

static jint sys_guard_init(JNIEnv *env, jclass cls, jboolean want_membarrier)
{
	(void)env; (void)cls;
	return errseq_guard_init(want_membarrier == JNI_TRUE);
}

static jint sys_close(JNIEnv *env, jclass cls, jint fd, jlong token, jlong entry)
{
	(void)cls;
	return errseq_guard_close(entry_of(entry), fd, token, env);
}

/*
 * Each guarded native: enter, the call, leave. ERRSEQ_GUARD_CLOSED comes
 * back as it is; the Java side throws IllegalStateException for it. They
 * are marked hot so that they sit together in one page of code: where a
 * system call empties the TLB, each page a call touches costs a page walk.
 */
#define GUARDED(name, call)                                                    \
	static __attribute__((hot)) jint name(JNIEnv *env, jclass cls, jint fd, \
	                                      jlong token, jlong entry)        \
	{                                                                      \
		int rc = errseq_guard_enter(entry_of(entry), fd, token, env);  \
		(void)cls;                                                     \
		if (rc != 0)                                                   \
			return rc;                                             \
		rc = call;                                                     \
		errseq_guard_leave(entry_of(entry), fd, env);                  \
		return rc;                                                     \
	}

GUARDED(sys_syncfs, errseq_sys_syncfs(fd))
GUARDED(sys_fsync, errseq_sys_fsync(fd))
GUARDED(sys_fdatasync, errseq_sys_fdatasync(fd))
GUARDED(sys_freeze, errseq_sys_freeze(fd))
GUARDED(sys_thaw, errseq_sys_thaw(fd))
GUARDED(sys_nop, 0)

static jlong sys_fs_magic(JNIEnv *env, jclass cls, jint fd, jlong token, jlong entry)
{
	int64_t magic = 0;
	int rc = errseq_guard_enter(entry_of(entry), fd, token, env);

	(void)cls;
	if (rc != 0)
		return rc;
	rc = errseq_sys_fs_magic(fd, &magic);
	errseq_guard_leave(entry_of(entry), fd, env);
	return rc < 0 ? (jlong)rc : (jlong)magic;
}

static jint sys_shutdown(JNIEnv *env, jclass cls, jint fd, jlong token, jlong entry,
                         jint flags)
{
	int rc = errseq_guard_enter(entry_of(entry), fd, token, env);

	(void)cls;
	if (rc != 0)
		return rc;
	rc = errseq_sys_shutdown(fd, (uint32_t)flags);
	errseq_guard_leave(entry_of(entry), fd, env);
	return rc;
}

/* What syncOf* runs: the values of SysNatives.SYNCFS, FSYNC and FDATASYNC. */
static int sync_fd(int fd, jint what)
{
	if (fd < 0)
		return -EBADF; /* a closed JDK file: no need to ask the kernel */
	switch (what) {
	case 0: return errseq_sys_syncfs(fd);
	case 1: return errseq_sys_fsync(fd);
	case 2: return errseq_sys_fdatasync(fd);
	default: return -EINVAL;
	}
}

/* The fd and the result, in one long: fd in the high half, result in the low. */
static jlong fd_and_result(int fd, int rc)
{
	return (jlong)(((uint64_t)(uint32_t)fd << 32) | (uint32_t)rc);
}

static jlong sys_sync_of_descriptor(JNIEnv *env, jclass cls, jobject descriptor, jint what)
{
	int fd = (*env)->GetIntField(env, descriptor, fd_int_field);

	(void)cls;
	return fd_and_result(fd, sync_fd(fd, what));
}

static jlong sys_sync_of_channel(JNIEnv *env, jclass cls, jobject channel, jint what)
{
	jobject descriptor = (*env)->GetObjectField(env, channel, channel_fd_field);
	int fd = -1;

	(void)cls;
	if (descriptor != NULL) {
		fd = (*env)->GetIntField(env, descriptor, fd_int_field);
		(*env)->DeleteLocalRef(env, descriptor);
	}
	return fd_and_result(fd, sync_fd(fd, what));
}

static const JNINativeMethod methods[] = {
	{ "open", "([B[J)I", (void *)sys_open },
	{ "guardInit", "(Z)I", (void *)sys_guard_init },
	{ "close", "(IJJ)I", (void *)sys_close },
	{ "syncfs", "(IJJ)I", (void *)sys_syncfs },
	{ "fsync", "(IJJ)I", (void *)sys_fsync },
	{ "fdatasync", "(IJJ)I", (void *)sys_fdatasync },
	{ "fsMagic", "(IJJ)J", (void *)sys_fs_magic },
	{ "shutdown", "(IJJI)I", (void *)sys_shutdown },
	{ "freeze", "(IJJ)I", (void *)sys_freeze },
	{ "thaw", "(IJJ)I", (void *)sys_thaw },
	{ "nop", "(IJJ)I", (void *)sys_nop },
	{ "syncOfDescriptor", "(Ljava/io/FileDescriptor;I)J", (void *)sys_sync_of_descriptor },
	{ "syncOfChannel", "(Ljava/nio/channels/FileChannel;I)J", (void *)sys_sync_of_channel },
};

static jfieldID field_of(JNIEnv *env, const char *class_name, const char *name,
                         const char *signature)
{
	jclass cls = (*env)->FindClass(env, class_name);
	jfieldID id;

	if (cls == NULL)
		return NULL;
	id = (*env)->GetFieldID(env, cls, name, signature);
	(*env)->DeleteLocalRef(env, cls);
	return id;
}

jint errseq_jni_sys_register(JNIEnv *env)
{
	fd_int_field = field_of(env, "java/io/FileDescriptor", "fd", "I");
	if (fd_int_field == NULL)
		return JNI_ERR;
	channel_fd_field = field_of(env, "sun/nio/ch/FileChannelImpl", "fd",
	                            "Ljava/io/FileDescriptor;");
	if (channel_fd_field == NULL)
		return JNI_ERR;
	return errseq_jni_register(env, "dev/errseq/internal/SysNatives", methods,
	                           (jint)(sizeof(methods) / sizeof(methods[0])));
}

/*
 * errseq_jni_sys_natives.c - natives of dev.errseq.internal.SysNatives.
 *
 * Results travel as the C layer returns them: >= 0, or a negative errno
 * that the Java side turns into a typed exception. Paths arrive as
 * NUL-terminated bytes, already encoded and checked by the Java side.
 * The fd inside a JDK FileDescriptor or FileChannel is read here, where the
 * module system does not hide the fields; their IDs are looked up once.
 */
#include "errseq_jni.h"
#include "errseq_sys.h"

static jfieldID fd_int_field;      /* java.io.FileDescriptor.fd */
static jfieldID channel_fd_field;  /* sun.nio.ch.FileChannelImpl.fd */

static jint sys_open(JNIEnv *env, jclass cls, jbyteArray path)
{
	jbyte *bytes = (*env)->GetByteArrayElements(env, path, NULL);
	jint rc;

	(void)cls;
	if (bytes == NULL)
		return -12; /* ENOMEM; the JVM has an OutOfMemoryError pending */
	rc = errseq_sys_open((const char *)bytes);
	(*env)->ReleaseByteArrayElements(env, path, bytes, JNI_ABORT);
	return rc;
}

static jint sys_close(JNIEnv *env, jclass cls, jint fd)
{
	(void)env; (void)cls;
	return errseq_sys_close(fd);
}

static jint sys_syncfs(JNIEnv *env, jclass cls, jint fd)
{
	(void)env; (void)cls;
	return errseq_sys_syncfs(fd);
}

static jint sys_fsync(JNIEnv *env, jclass cls, jint fd)
{
	(void)env; (void)cls;
	return errseq_sys_fsync(fd);
}

static jint sys_fdatasync(JNIEnv *env, jclass cls, jint fd)
{
	(void)env; (void)cls;
	return errseq_sys_fdatasync(fd);
}

static jlong sys_fs_magic(JNIEnv *env, jclass cls, jint fd)
{
	int64_t magic = 0;
	int rc = errseq_sys_fs_magic(fd, &magic);

	(void)env; (void)cls;
	return rc < 0 ? (jlong)rc : (jlong)magic;
}

static jint sys_shutdown(JNIEnv *env, jclass cls, jint fd, jint flags)
{
	(void)env; (void)cls;
	return errseq_sys_shutdown(fd, (uint32_t)flags);
}

static jint sys_freeze(JNIEnv *env, jclass cls, jint fd)
{
	(void)env; (void)cls;
	return errseq_sys_freeze(fd);
}

static jint sys_thaw(JNIEnv *env, jclass cls, jint fd)
{
	(void)env; (void)cls;
	return errseq_sys_thaw(fd);
}

static jint sys_fd_of(JNIEnv *env, jclass cls, jobject descriptor)
{
	(void)cls;
	return (*env)->GetIntField(env, descriptor, fd_int_field);
}

static jint sys_fd_of_channel(JNIEnv *env, jclass cls, jobject channel)
{
	jobject descriptor = (*env)->GetObjectField(env, channel, channel_fd_field);
	jint fd;

	(void)cls;
	if (descriptor == NULL)
		return -1;
	fd = (*env)->GetIntField(env, descriptor, fd_int_field);
	(*env)->DeleteLocalRef(env, descriptor);
	return fd;
}

static const JNINativeMethod methods[] = {
	{ "open", "([B)I", (void *)sys_open },
	{ "close", "(I)I", (void *)sys_close },
	{ "syncfs", "(I)I", (void *)sys_syncfs },
	{ "fsync", "(I)I", (void *)sys_fsync },
	{ "fdatasync", "(I)I", (void *)sys_fdatasync },
	{ "fsMagic", "(I)J", (void *)sys_fs_magic },
	{ "shutdown", "(II)I", (void *)sys_shutdown },
	{ "freeze", "(I)I", (void *)sys_freeze },
	{ "thaw", "(I)I", (void *)sys_thaw },
	{ "fdOf", "(Ljava/io/FileDescriptor;)I", (void *)sys_fd_of },
	{ "fdOfChannel", "(Ljava/nio/channels/FileChannel;)I", (void *)sys_fd_of_channel },
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

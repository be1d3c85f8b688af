/*
 * errseq_jni_throw.c - the one way the glue raises Java exceptions, and the
 * one way it registers natives.
 */
#include "errseq_jni.h"

void errseq_jni_throw(JNIEnv *env, const char *class_name, const char *message)
{
	jclass cls = (*env)->FindClass(env, class_name);

	/* If even the class is missing, FindClass left its own error pending. */
	if (cls != NULL) {
		(*env)->ThrowNew(env, cls, message);
		(*env)->DeleteLocalRef(env, cls);
	}
}

jint errseq_jni_register(JNIEnv *env, const char *class_name,
                         const JNINativeMethod *methods, jint count)
{
	jclass cls = (*env)->FindClass(env, class_name);
	jint rc;

	if (cls == NULL)
		return JNI_ERR;
	rc = (*env)->RegisterNatives(env, cls, methods, count);
	(*env)->DeleteLocalRef(env, cls);
	return rc == 0 ? JNI_OK : JNI_ERR;
}

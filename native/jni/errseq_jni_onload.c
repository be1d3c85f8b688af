/*
 * errseq_jni_onload.c - the library's only exported symbol.
 */
#include "errseq_jni.h"

JNIEXPORT jint JNI_OnLoad(JavaVM *vm, void *reserved)
{
	JNIEnv *env;

	(void)reserved;
	if ((*vm)->GetEnv(vm, (void **)&env, ERRSEQ_JNI_VERSION) != JNI_OK)
		return JNI_ERR;
	if (errseq_jni_word_register(env) != JNI_OK)
		return JNI_ERR;
	if (errseq_jni_sys_register(env) != JNI_OK)
		return JNI_ERR;
	if (errseq_jni_mount_register(env) != JNI_OK)
		return JNI_ERR;
	return ERRSEQ_JNI_VERSION;
}

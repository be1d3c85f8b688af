/*
 * errseq_jni.h - what the glue files share.
 *
 * The glue only passes arguments: each file binds the natives of one Java
 * class to C functions of the core or of native/sys. Natives are
 * registered from JNI_OnLoad, so no Java_* symbol is exported.
 */
#ifndef ERRSEQ_JNI_H
#define ERRSEQ_JNI_H

#include <jni.h>

#define ERRSEQ_JNI_VERSION JNI_VERSION_1_8

/* Registers the natives of dev.errseq.internal.WordNatives; JNI_OK or an error. */
jint errseq_jni_word_register(JNIEnv *env);

/* Registers the natives of dev.errseq.internal.SysNatives; JNI_OK or an error. */
jint errseq_jni_sys_register(JNIEnv *env);

/* Registers the natives of dev.errseq.internal.MountNatives; JNI_OK or an error. */
jint errseq_jni_mount_register(JNIEnv *env);

/* Throws a new @class_name (binary name with '/') with @message. */
void errseq_jni_throw(JNIEnv *env, const char *class_name, const char *message);

/* Registers @count natives of @class_name; JNI_OK or JNI_ERR (exception pending). */
jint errseq_jni_register(JNIEnv *env, const char *class_name,
                         const JNINativeMethod *methods, jint count);

#endif /* ERRSEQ_JNI_H */

package dev.errseq.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Which {@link FaultyFilesystem} a parameter gets from {@link FaultyFilesystemExtension}. A
 * parameter without it gets ext4 of its default size.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface Faulty {
    /**
     * The filesystem to make.
     *
     * @return the filesystem to make
     */
    FilesystemKind value() default FilesystemKind.EXT4;

    /**
     * The size in MiB; 0 for the kind's {@link FilesystemKind#defaultMiB() default}.
     *
     * @return its size in MiB; 0 for the kind's {@link FilesystemKind#defaultMiB() default}
     */
    long sizeMiB() default 0;
}

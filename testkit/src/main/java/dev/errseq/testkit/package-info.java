/**
 * Real filesystems whose writeback fails on demand, for JUnit 5 tests.
 *
 * <p>{@link dev.errseq.testkit.FaultyFilesystem} is ext4, xfs or btrfs on a loop device
 * backed by a small private tmpfs: {@code failWrites()} and {@code causeWritebackError()} make
 * the kernel's own writeback fail, {@code heal()} ends it; shutdown, freeze, inode eviction and
 * a volatile overlay on top come with it. {@link dev.errseq.testkit.FaultyFilesystemExtension}
 * hands one to a test as a parameter and removes it afterwards.
 */
package dev.errseq.testkit;

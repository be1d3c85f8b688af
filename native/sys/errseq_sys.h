/*
 * errseq_sys.h - the system calls through which the kernel reports its own
 * errseq words, the ioctls that disturb a filesystem on purpose, and
 * mount/umount for the overlay helpers.
 *
 * Pure C, no JNI. Every function returns >= 0 on success or a negative
 * errno, as the kernel would, and keeps no state: callers own their fds.
 */
#ifndef ERRSEQ_SYS_H
#define ERRSEQ_SYS_H

#include <stdint.h>

/* FS_IOC_SHUTDOWN flags (the same values for ext4, xfs and f2fs). */
#define ERRSEQ_SHUTDOWN_DEFAULT     0u  /* flush the log and data, then stop */
#define ERRSEQ_SHUTDOWN_LOGFLUSH    1u  /* flush the log only */
#define ERRSEQ_SHUTDOWN_NOLOGFLUSH  2u  /* flush nothing */

/*
 * Opens @path read-only and close-on-exec; directories are fine. The open
 * file is a watcher: the kernel samples the inode's and the superblock's
 * errseq words into it now. Returns the fd.
 */
int errseq_sys_open(const char *path);
int errseq_sys_close(int fd);

/* Report through the superblock's word (syncfs) or the inode's (fsync). */
int errseq_sys_syncfs(int fd);
int errseq_sys_fsync(int fd);
int errseq_sys_fdatasync(int fd);

/* The filesystem's magic number (statfs f_type) in *@magic. */
int errseq_sys_fs_magic(int fd, int64_t *magic);

/* FS_IOC_SHUTDOWN with one of the flags above; FIFREEZE; FITHAW. */
int errseq_sys_shutdown(int fd, uint32_t flags);
int errseq_sys_freeze(int fd);
int errseq_sys_thaw(int fd);

/*
 * mount(2): @data is the filesystem's own option string (NULL for none).
 * umount2(2): @flags such as MNT_DETACH. Both return 0 or -errno.
 */
int errseq_sys_mount(const char *source, const char *target, const char *fstype,
                     unsigned long flags, const char *data);
int errseq_sys_umount(const char *target, int flags);

#endif /* ERRSEQ_SYS_H */

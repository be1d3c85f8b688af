/*
 * errseq_sys_fs.c - what filesystem an fd is on, and the ioctls that stop
 * one: shutdown (every later sync fails with EIO) and freeze/thaw.
 *
 * The request numbers are spelled out here rather than taken from
 * <linux/fs.h>, whose FS_IOC_SHUTDOWN only newer headers define.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sys/ioctl.h>
#include <sys/vfs.h>

#include "errseq_sys.h"

#define ERRSEQ_FS_IOC_SHUTDOWN  _IOR('X', 125, uint32_t)
#define ERRSEQ_FIFREEZE         _IOWR('X', 119, int)
#define ERRSEQ_FITHAW           _IOWR('X', 120, int)

int errseq_sys_fs_magic(int fd, int64_t *magic)
{
	struct statfs st;

	if (fstatfs(fd, &st) < 0)
		return -errno;
	*magic = (int64_t)st.f_type;
	return 0;
}

int errseq_sys_shutdown(int fd, uint32_t flags)
{
	return ioctl(fd, ERRSEQ_FS_IOC_SHUTDOWN, &flags) < 0 ? -errno : 0;
}

int errseq_sys_freeze(int fd)
{
	return ioctl(fd, ERRSEQ_FIFREEZE, 0) < 0 ? -errno : 0;
}

int errseq_sys_thaw(int fd)
{
	return ioctl(fd, ERRSEQ_FITHAW, 0) < 0 ? -errno : 0;
}

/*
 * errseq_sys_sync.c - open, close and the three syncs.
 *
 * syncfs goes through syscall(2) rather than the glibc wrapper, so the
 * library needs no libc newer than it must (the wrapper came in 2.14).
 * Since Linux 5.8 syncfs reports the superblock's errseq word; before, it
 * only failed for a bad fd.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "errseq_sys.h"

static int result(long rc)
{
	return rc < 0 ? -errno : (int)rc;
}

int errseq_sys_open(const char *path)
{
	return result(open(path, O_RDONLY | O_CLOEXEC));
}

/* close(2) releases the fd even when it fails, so it is never retried. */
int errseq_sys_close(int fd)
{
	return result(close(fd));
}

int errseq_sys_syncfs(int fd)
{
	return result(syscall(SYS_syncfs, fd));
}

int errseq_sys_fsync(int fd)
{
	return result(fsync(fd));
}

int errseq_sys_fdatasync(int fd)
{
	return result(fdatasync(fd));
}

/*
 * errseq_sys_sync.c - open, close and the three syncs.
 *
 * The syncs are made inline (errseq_sys_raw.h), not through libc: they are
 * the calls a program makes in a loop, and each page they touch costs a
 * page walk where a system call empties the TLB. That also keeps syncfs off
 * glibc's wrapper, so the library needs no libc newer than it must (the
 * wrapper came in 2.14). Since Linux 5.8 syncfs reports the superblock's
 * errseq word; before, it only failed for a bad fd.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "errseq_sys.h"
#include "errseq_sys_raw.h"

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
	return (int)errseq_sys_raw1(SYS_syncfs, fd);
}

int errseq_sys_fsync(int fd)
{
	return (int)errseq_sys_raw1(SYS_fsync, fd);
}

int errseq_sys_fdatasync(int fd)
{
	return (int)errseq_sys_raw1(SYS_fdatasync, fd);
}

/*
 * errseq_sys_mount.c - mount(2) and umount2(2), for the overlay helpers.
 *
 * Why here and not through mount(8): the kernel's refusals of a volatile
 * overlay differ only in their errno (EIO: the upper filesystem holds a
 * writeback error nobody has seen; EINVAL: a leftover work/incompat/volatile
 * directory), and mount(8) folds every errno into exit status 32. The
 * caller builds the option string; nothing here knows about overlayfs.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sys/mount.h>

#include "errseq_sys.h"

int errseq_sys_mount(const char *source, const char *target, const char *fstype,
                     unsigned long flags, const char *data)
{
	return mount(source, target, fstype, flags, data) < 0 ? -errno : 0;
}

int errseq_sys_umount(const char *target, int flags)
{
	return umount2(target, flags) < 0 ? -errno : 0;
}

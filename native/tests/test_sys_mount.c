/*
 * test_sys_mount.c - errseq_sys_mount and errseq_sys_umount pass the
 * kernel's answer through as -errno, and a real mount works.
 *
 * Only a tmpfs of its own, on a fresh directory under /tmp, is ever
 * mounted, and it is unmounted before the test returns. Without root the
 * kernel refuses with EPERM, and that is what is checked then.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mount.h>
#include <unistd.h>

#include "check.h"
#include "errseq_sys.h"

#define TMPFS_MAGIC 0x01021994

static int is_root(void)
{
	return geteuid() == 0;
}

/* What a refusal looks like for root (@errno_for_root) or for anyone else. */
static int refusal(int errno_for_root)
{
	return is_root() ? -errno_for_root : -EPERM;
}

/* The kernel looks the target up before it checks privileges. */
static void test_mount_on_a_missing_target_is_enoent(void)
{
	int rc = errseq_sys_mount("none", "/nonexistent/errseq-target", "tmpfs", 0, NULL);

	CHECK(rc == -ENOENT || (!is_root() && rc == -EPERM));
}

static void test_unknown_filesystem_type_is_enodev(void)
{
	char dir[] = "/tmp/errseq-ctest-XXXXXX";

	if (!CHECK(mkdtemp(dir) != NULL))
		return;
	CHECK_EQ(refusal(ENODEV), errseq_sys_mount("none", dir, "errseq-no-such-fs", 0, NULL));
	CHECK_EQ(0, rmdir(dir));
}

static void test_umount_of_a_plain_directory_is_einval(void)
{
	char dir[] = "/tmp/errseq-ctest-XXXXXX";

	if (!CHECK(mkdtemp(dir) != NULL))
		return;
	CHECK_EQ(refusal(EINVAL), errseq_sys_umount(dir, 0));
	CHECK_EQ(0, rmdir(dir));
}

/* Mounts a tmpfs with options, sees it through statfs, unmounts it once. */
static void test_tmpfs_mounts_and_unmounts(void)
{
	char dir[] = "/tmp/errseq-ctest-XXXXXX";
	int64_t magic = 0;
	int fd;

	if (!is_root()) {
		printf("  (not root: mounting skipped)\n");
		return;
	}
	if (!CHECK(mkdtemp(dir) != NULL))
		return;
	if (CHECK_EQ(0, errseq_sys_mount("errseq-ctest", dir, "tmpfs", MS_NOSUID | MS_NODEV,
	                                 "size=1m,mode=0700"))) {
		fd = errseq_sys_open(dir);
		if (CHECK(fd >= 0)) {
			CHECK_EQ(0, errseq_sys_fs_magic(fd, &magic));
			CHECK_EQ(TMPFS_MAGIC, magic);
			/* Busy while an fd is open on it. */
			CHECK_EQ(-EBUSY, errseq_sys_umount(dir, 0));
			CHECK_EQ(0, errseq_sys_close(fd));
		}
		CHECK_EQ(0, errseq_sys_umount(dir, 0));
		CHECK_EQ(-EINVAL, errseq_sys_umount(dir, 0));
	}
	/* Whatever failed above, leave nothing mounted behind. */
	errseq_sys_umount(dir, MNT_DETACH);
	CHECK_EQ(0, rmdir(dir));
}

int main(void)
{
	RUN(test_mount_on_a_missing_target_is_enoent);
	RUN(test_unknown_filesystem_type_is_enodev);
	RUN(test_umount_of_a_plain_directory_is_einval);
	RUN(test_tmpfs_mounts_and_unmounts);
	return check_summary("test_sys_mount");
}

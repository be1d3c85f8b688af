/*
 * test_sys_sync.c - the three syncs, made inline (errseq_sys_raw.h) on
 * x86-64 and aarch64, pass the kernel's answer through: 0, or -errno.
 *
 * Each case names the answer it expects from the kernel: a file and a
 * directory of a fresh temporary directory sync (0); a number that is not
 * open is EBADF, whatever its value; fsync and fdatasync of a file that has
 * nothing to sync to (a pipe, /dev/null) are EINVAL, while syncfs of the
 * same fd syncs the filesystem it is on and succeeds. The C tests run on
 * both architectures (aarch64 under qemu-user), so this is where the
 * aarch64 system call is checked.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "errseq_sys.h"

static char dir[] = "/tmp/errseq-ctest-XXXXXX";
static char file[sizeof(dir) + 16];

/* A number that no file has in this process right now. */
static int closed_number(void)
{
	int fd = open("/dev/null", O_RDONLY | O_CLOEXEC);

	if (fd >= 0)
		close(fd);
	return fd;
}

static void test_syncs_of_a_written_file_succeed(void)
{
	int fd = open(file, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);

	if (!CHECK(fd >= 0))
		return;
	CHECK_EQ(7, write(fd, "errseq\n", 7));
	CHECK_EQ(0, errseq_sys_fsync(fd));
	CHECK_EQ(7, write(fd, "errseq\n", 7));
	CHECK_EQ(0, errseq_sys_fdatasync(fd));
	CHECK_EQ(0, errseq_sys_syncfs(fd));
	CHECK_EQ(0, close(fd));
	CHECK_EQ(0, unlink(file));
}

static void test_syncfs_of_a_directory_succeeds(void)
{
	int fd = errseq_sys_open(dir);

	if (!CHECK(fd >= 0))
		return;
	CHECK_EQ(0, errseq_sys_syncfs(fd));
	CHECK_EQ(0, errseq_sys_fsync(fd));
	CHECK_EQ(0, errseq_sys_close(fd));
}

static void test_a_number_that_is_not_open_is_ebadf(void)
{
	const int numbers[] = { closed_number(), -1, 1 << 30, -(1 << 30) };

	for (size_t i = 0; i < sizeof(numbers) / sizeof(numbers[0]); i++) {
		CHECK_EQ(-EBADF, errseq_sys_syncfs(numbers[i]));
		CHECK_EQ(-EBADF, errseq_sys_fsync(numbers[i]));
		CHECK_EQ(-EBADF, errseq_sys_fdatasync(numbers[i]));
	}
}

static void test_fsync_of_a_pipe_is_einval_and_syncfs_is_not(void)
{
	int pipe_fds[2];

	if (!CHECK_EQ(0, pipe2(pipe_fds, O_CLOEXEC)))
		return;
	CHECK_EQ(-EINVAL, errseq_sys_fsync(pipe_fds[0]));
	CHECK_EQ(-EINVAL, errseq_sys_fdatasync(pipe_fds[1]));
	CHECK_EQ(0, errseq_sys_syncfs(pipe_fds[0]));
	CHECK_EQ(0, close(pipe_fds[0]));
	CHECK_EQ(0, close(pipe_fds[1]));
}

static void test_fsync_of_dev_null_is_einval_and_syncfs_is_not(void)
{
	int fd = errseq_sys_open("/dev/null");

	if (!CHECK(fd >= 0))
		return;
	CHECK_EQ(-EINVAL, errseq_sys_fsync(fd));
	CHECK_EQ(-EINVAL, errseq_sys_fdatasync(fd));
	CHECK_EQ(0, errseq_sys_syncfs(fd));
	CHECK_EQ(0, errseq_sys_close(fd));
}

int main(void)
{
	if (mkdtemp(dir) == NULL) {
		perror("test_sys_sync: mkdtemp");
		return 1;
	}
	snprintf(file, sizeof(file), "%s/file", dir);
	RUN(test_syncs_of_a_written_file_succeed);
	RUN(test_syncfs_of_a_directory_succeeds);
	RUN(test_a_number_that_is_not_open_is_ebadf);
	RUN(test_fsync_of_a_pipe_is_einval_and_syncfs_is_not);
	RUN(test_fsync_of_dev_null_is_einval_and_syncfs_is_not);
	unlink(file);
	rmdir(dir);
	return check_summary("test_sys_sync");
}

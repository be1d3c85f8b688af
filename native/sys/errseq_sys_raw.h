/*
 * errseq_sys_raw.h - a system call with one argument, made inline rather
 * than through libc's syscall(2) wrapper.
 *
 * Where the kernel isolates its page tables and the CPU has no PCID, every
 * system call empties the TLB, so each page the caller touches on its way
 * in and out costs a page walk (13 to 17 ns each on such a VM; the
 * benchmarks' C program measures it).
 * Through libc, a sync touches the library's PLT and GOT, a page of libc
 * and, on failure, errno's thread-local block. Inline, it touches nothing
 * but the caller's own code, and the kernel's result comes back as it is:
 * >= 0, or -errno.
 *
 * The calls made this way (syncfs, fsync, fdatasync) are then no thread
 * cancellation points; the JVM never cancels a thread.
 */
#ifndef ERRSEQ_SYS_RAW_H
#define ERRSEQ_SYS_RAW_H

#include <errno.h>
#include <unistd.h>

static inline long errseq_sys_raw1(long nr, long arg)
{
#if defined(__x86_64__)
	long rc;

	__asm__ volatile("syscall"
	                 : "=a"(rc)
	                 : "0"(nr), "D"(arg)
	                 : "rcx", "r11", "memory");
	return rc;
#elif defined(__aarch64__)
	register long x8 __asm__("x8") = nr;
	register long x0 __asm__("x0") = arg;

	__asm__ volatile("svc #0" : "+r"(x0) : "r"(x8) : "memory");
	return x0;
#else
	long rc = syscall(nr, arg);

	return rc < 0 ? -errno : rc;
#endif
}

#endif /* ERRSEQ_SYS_RAW_H */

/* The one list of system calls. Kernel and libc both expand it: the kernel
 * into its dispatch table and name table, libc into its SYS_* numbers, and
 * tools (tracer, fuzzer) into whatever they need.
 *
 * Each entry: S(name, promise). `promise` is the pledge promise a process
 * must hold to make the call (PLEDGE_ALWAYS for calls every process keeps).
 * A call's number is its position: append new calls at the end, never
 * reorder or remove, so that built programs keep working.
 *
 * Arguments travel in ebx, ecx, edx, esi, edi (in that order), the number in
 * eax, and the result comes back in eax: a value >= 0, or -errno. Calls with
 * more than five arguments take a pointer to a parameter struct.
 *
 * Paths are NUL-terminated strings; the *at calls take a directory fd or
 * AT_FDCWD, and libc builds the plain POSIX calls (open, stat, mkdir, ...)
 * on them. A listed call the running kernel does not implement yet returns
 * -ENOSYS, like a number past the end of the list. */
#ifndef KERNEL_API_SYSCALL_LIST_H
#define KERNEL_API_SYSCALL_LIST_H

#define KESTREL_SYSCALLS(S)                 \
    S(exit, PLEDGE_ALWAYS)                  \
    S(debug_write, PLEDGE_ALWAYS)           \
    S(getpid, PLEDGE_STDIO)                 \
    S(getppid, PLEDGE_STDIO)                \
    S(gettid, PLEDGE_STDIO)                 \
    S(getuid, PLEDGE_STDIO)                 \
    S(geteuid, PLEDGE_STDIO)                \
    S(getgid, PLEDGE_STDIO)                 \
    S(getegid, PLEDGE_STDIO)                \
    S(getresuid, PLEDGE_STDIO)              \
    S(getresgid, PLEDGE_STDIO)              \
    S(setuid, PLEDGE_ID)                    \
    S(seteuid, PLEDGE_ID)                   \
    S(setgid, PLEDGE_ID)                    \
    S(setegid, PLEDGE_ID)                   \
    S(setresuid, PLEDGE_ID)                 \
    S(setresgid, PLEDGE_ID)                 \
    S(getgroups, PLEDGE_STDIO)              \
    S(setgroups, PLEDGE_ID)                 \
    S(sched_yield, PLEDGE_STDIO)            \
    S(clock_gettime, PLEDGE_STDIO)          \
    S(clock_nanosleep, PLEDGE_STDIO)        \
    S(uname, PLEDGE_STDIO)                  \
    S(gethostname, PLEDGE_STDIO)            \
    S(sethostname, PLEDGE_ALWAYS)           \
    S(getrandom, PLEDGE_STDIO)              \
    S(set_process_name, PLEDGE_STDIO)       \
    S(fork, PLEDGE_PROC)                    \
    S(execve, PLEDGE_EXEC)                  \
    S(waitid, PLEDGE_STDIO)                 \
    S(mmap, PLEDGE_STDIO)                   \
    S(munmap, PLEDGE_STDIO)                 \
    S(mprotect, PLEDGE_STDIO)               \
    S(create_thread, PLEDGE_THREAD)         \
    S(exit_thread, PLEDGE_THREAD)           \
    S(join_thread, PLEDGE_THREAD)           \
    S(detach_thread, PLEDGE_THREAD)         \
    S(set_thread_area, PLEDGE_STDIO)        \
    S(futex, PLEDGE_THREAD)                 \
    S(openat, PLEDGE_RPATH)                 \
    S(close, PLEDGE_STDIO)                  \
    S(read, PLEDGE_STDIO)                   \
    S(write, PLEDGE_STDIO)                  \
    S(readv, PLEDGE_STDIO)                  \
    S(writev, PLEDGE_STDIO)                 \
    S(pread, PLEDGE_STDIO)                  \
    S(pwrite, PLEDGE_STDIO)                 \
    S(lseek, PLEDGE_STDIO)                  \
    S(fcntl, PLEDGE_STDIO)                  \
    S(dup, PLEDGE_STDIO)                    \
    S(dup3, PLEDGE_STDIO)                   \
    S(fstatat, PLEDGE_RPATH)                \
    S(fstat, PLEDGE_STDIO)                  \
    S(getdents, PLEDGE_RPATH)               \
    S(faccessat, PLEDGE_RPATH)              \
    S(mkdirat, PLEDGE_CPATH)                \
    S(unlinkat, PLEDGE_CPATH)               \
    S(renameat, PLEDGE_CPATH)               \
    S(linkat, PLEDGE_CPATH)                 \
    S(symlinkat, PLEDGE_CPATH)              \
    S(readlinkat, PLEDGE_RPATH)             \
    S(chdir, PLEDGE_RPATH)                  \
    S(fchdir, PLEDGE_RPATH)                 \
    S(getcwd, PLEDGE_RPATH)                 \
    S(fchmodat, PLEDGE_FATTR)               \
    S(fchmod, PLEDGE_FATTR)                 \
    S(fchownat, PLEDGE_CHOWN)               \
    S(fchown, PLEDGE_CHOWN)                 \
    S(umask, PLEDGE_STDIO)                  \
    S(truncate, PLEDGE_WPATH)               \
    S(ftruncate, PLEDGE_STDIO)              \
    S(utimensat, PLEDGE_FATTR)              \
    S(realpath, PLEDGE_RPATH)               \
    S(pipe2, PLEDGE_STDIO)                  \
    S(poll, PLEDGE_STDIO)                   \
    S(ioctl, PLEDGE_STDIO)                  \
    S(mount, PLEDGE_ALWAYS)                 \
    S(umount, PLEDGE_ALWAYS)                \
    S(sync, PLEDGE_STDIO)                   \
    S(chroot, PLEDGE_CHROOT)                \
    S(statvfs, PLEDGE_RPATH)                \
    S(sigaction, PLEDGE_SIGACTION)          \
    S(sigprocmask, PLEDGE_SIGACTION)        \
    S(sigpending, PLEDGE_STDIO)             \
    S(sigsuspend, PLEDGE_STDIO)             \
    S(sigaltstack, PLEDGE_SIGACTION)        \
    S(sigtimedwait, PLEDGE_SIGACTION)       \
    S(sigreturn, PLEDGE_ALWAYS)             \
    S(kill, PLEDGE_PROC)                    \
    S(setitimer, PLEDGE_STDIO)              \
    S(getitimer, PLEDGE_STDIO)              \
    S(setpgid, PLEDGE_PROC)                 \
    S(getpgid, PLEDGE_PROC)                 \
    S(setsid, PLEDGE_PROC)                  \
    S(getsid, PLEDGE_PROC)                  \
    S(pledge, PLEDGE_ALWAYS)                \
    S(unveil, PLEDGE_ALWAYS)                \
    S(dmesg, PLEDGE_STDIO)                  \
    S(power, PLEDGE_ALWAYS)

/* The numbers, as an enum: SYS_exit = 0, SYS_debug_write = 1, ... */
#define KESTREL_SYSCALL_ENUM(name, promise) SYS_##name,
enum {
    KESTREL_SYSCALLS(KESTREL_SYSCALL_ENUM)
    SYSCALL_COUNT
};
#undef KESTREL_SYSCALL_ENUM

/* The interrupt vector of the gate. */
#define SYSCALL_INT_VECTOR 0x82
#endif

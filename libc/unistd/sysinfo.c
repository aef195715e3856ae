/* The machine and the process's place on it: names, randomness, limits,
 * sandboxing, and Kestrel's own calls. */
#include <errno.h>
#include <kestrel.h>
#include <limits.h>
#include <sched.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/random.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "../internal/syscall.h"

int uname(struct utsname *buf)
{
    return (int)__syscall_ret(__syscall1(SYS_uname, __SC(buf)));
}

int gethostname(char *name, size_t len)
{
    return (int)__syscall_ret(__syscall2(SYS_gethostname, __SC(name), __SC(len)));
}

int sethostname(const char *name, size_t len)
{
    return (int)__syscall_ret(__syscall2(SYS_sethostname, __SC(name), __SC(len)));
}

ssize_t getrandom(void *buf, size_t len, unsigned flags)
{
    return __syscall_ret(__syscall3(SYS_getrandom, __SC(buf), __SC(len), __SC(flags)));
}

/* At most 256 bytes, all or nothing, as on the BSDs. */
int getentropy(void *buf, size_t len)
{
    if (len > 256) {
        errno = EIO;
        return -1;
    }
    unsigned char *p = buf;
    while (len > 0) {
        ssize_t n = getrandom(p, len, 0);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

int sched_yield(void)
{
    return (int)__syscall_ret(__syscall0(SYS_sched_yield));
}

int set_process_name(const char *name, size_t len)
{
    return (int)__syscall_ret(__syscall2(SYS_set_process_name, __SC(name), __SC(len)));
}

int debug_write(const char *buf, size_t len)
{
    return (int)__syscall_ret(__syscall2(SYS_debug_write, __SC(buf), __SC(len)));
}

ssize_t dmesg(char *buf, size_t size)
{
    return __syscall_ret(__syscall2(SYS_dmesg, __SC(buf), __SC(size)));
}

int power(int command)
{
    return (int)__syscall_ret(__syscall1(SYS_power, command));
}

/* ---- pledge and unveil -------------------------------------------------- */

/* The kernel parses the promise names itself; NULL leaves that set alone. */
int pledge(const char *promises, const char *execpromises)
{
    return (int)__syscall_ret(__syscall2(SYS_pledge, __SC(promises), __SC(execpromises)));
}

int unveil(const char *path, const char *permissions)
{
    return (int)__syscall_ret(__syscall2(SYS_unveil, __SC(path), __SC(permissions)));
}

/* ---- limits ------------------------------------------------------------- */

int getpagesize(void)
{
    unsigned long size = getauxval(AT_PAGESZ);
    return size ? (int)size : 4096;
}

long sysconf(int name)
{
    switch (name) {
    case _SC_ARG_MAX: return ARG_MAX;
    case _SC_CHILD_MAX: return -1;          /* no fixed limit */
    case _SC_CLK_TCK: return 1000;          /* the kernel's tick rate */
    case _SC_NGROUPS_MAX: return NGROUPS_MAX;
    case _SC_OPEN_MAX: return 1024;         /* the kernel's default table limit */
    case _SC_PAGESIZE: return getpagesize();
    case _SC_HOST_NAME_MAX: return HOST_NAME_MAX;
    case _SC_LOGIN_NAME_MAX: return LOGIN_NAME_MAX;
    case _SC_LINE_MAX: return LINE_MAX;
    case _SC_TTY_NAME_MAX: return TTY_NAME_MAX;
    case _SC_SYMLOOP_MAX: return SYMLOOP_MAX;
    case _SC_IOV_MAX: return IOV_MAX;
    case _SC_GETPW_R_SIZE_MAX: return 1024;
    case _SC_GETGR_R_SIZE_MAX: return 1024;
    case _SC_THREAD_KEYS_MAX: return PTHREAD_KEYS_MAX;
    case _SC_THREAD_STACK_MIN: return PTHREAD_STACK_MIN;
    case _SC_VERSION: return _POSIX_VERSION;
    /* No call reports the processor count; one is always true. */
    case _SC_NPROCESSORS_CONF:
    case _SC_NPROCESSORS_ONLN: return 1;
    default:
        errno = EINVAL;
        return -1;
    }
}

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

#include <kernel/api/pledge.h>

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

#define PROMISE_NAME(name) #name,
static const char *const promise_names[PLEDGE_BIT_COUNT] = {
    KESTREL_PROMISES(PROMISE_NAME)
};
#undef PROMISE_NAME

/* Space-separated promise names to a mask of PLEDGE_* bits; -1 on an
 * unknown name. */
static int parse_promises(const char *s, __UINT32_TYPE__ *mask)
{
    *mask = 0;
    while (*s) {
        while (*s == ' ')
            s++;
        size_t len = strcspn(s, " ");
        if (len == 0)
            break;
        int bit = -1;
        for (int b = 0; b < PLEDGE_BIT_COUNT; b++) {
            if (strlen(promise_names[b]) == len && memcmp(promise_names[b], s, len) == 0)
                bit = b;
        }
        if (bit < 0)
            return -1;
        *mask |= (__UINT32_TYPE__)1 << bit;
        s += len;
    }
    return 0;
}

/* The kernel takes the two sets as masks, by pointer: NULL leaves that set
 * as it is. */
int pledge(const char *promises, const char *execpromises)
{
    __UINT32_TYPE__ now, later;
    if ((promises && parse_promises(promises, &now) < 0) ||
        (execpromises && parse_promises(execpromises, &later) < 0)) {
        errno = EINVAL;
        return -1;
    }
    return (int)__syscall_ret(__syscall2(SYS_pledge, promises ? __SC(&now) : 0,
                                         execpromises ? __SC(&later) : 0));
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

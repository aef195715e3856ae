/* Process identity: the pid family and the user and group ids. */
#include <grp.h>
#include <unistd.h>

#include "../internal/syscall.h"

pid_t getpid(void) { return (pid_t)__syscall0(SYS_getpid); }
pid_t getppid(void) { return (pid_t)__syscall0(SYS_getppid); }
pid_t gettid(void) { return (pid_t)__syscall0(SYS_gettid); }
uid_t getuid(void) { return (uid_t)__syscall0(SYS_getuid); }
uid_t geteuid(void) { return (uid_t)__syscall0(SYS_geteuid); }
gid_t getgid(void) { return (gid_t)__syscall0(SYS_getgid); }
gid_t getegid(void) { return (gid_t)__syscall0(SYS_getegid); }

int getresuid(uid_t *ruid, uid_t *euid, uid_t *suid)
{
    return (int)__syscall_ret(
        __syscall3(SYS_getresuid, __SC(ruid), __SC(euid), __SC(suid)));
}

int getresgid(gid_t *rgid, gid_t *egid, gid_t *sgid)
{
    return (int)__syscall_ret(
        __syscall3(SYS_getresgid, __SC(rgid), __SC(egid), __SC(sgid)));
}

int setuid(uid_t uid) { return (int)__syscall_ret(__syscall1(SYS_setuid, __SC(uid))); }
int seteuid(uid_t uid) { return (int)__syscall_ret(__syscall1(SYS_seteuid, __SC(uid))); }
int setgid(gid_t gid) { return (int)__syscall_ret(__syscall1(SYS_setgid, __SC(gid))); }
int setegid(gid_t gid) { return (int)__syscall_ret(__syscall1(SYS_setegid, __SC(gid))); }

int setresuid(uid_t ruid, uid_t euid, uid_t suid)
{
    return (int)__syscall_ret(
        __syscall3(SYS_setresuid, __SC(ruid), __SC(euid), __SC(suid)));
}

int setresgid(gid_t rgid, gid_t egid, gid_t sgid)
{
    return (int)__syscall_ret(
        __syscall3(SYS_setresgid, __SC(rgid), __SC(egid), __SC(sgid)));
}

/* The saved id follows the new effective id when the real id changes or
 * the effective id moves away from the real one, as on other systems. */
int setreuid(uid_t ruid, uid_t euid)
{
    uid_t suid = (uid_t)-1;
    if (ruid != (uid_t)-1 || (euid != (uid_t)-1 && euid != getuid()))
        suid = euid != (uid_t)-1 ? euid : geteuid();
    return setresuid(ruid, euid, suid);
}

int setregid(gid_t rgid, gid_t egid)
{
    gid_t sgid = (gid_t)-1;
    if (rgid != (gid_t)-1 || (egid != (gid_t)-1 && egid != getgid()))
        sgid = egid != (gid_t)-1 ? egid : getegid();
    return setresgid(rgid, egid, sgid);
}

int getgroups(int size, gid_t list[])
{
    return (int)__syscall_ret(__syscall2(SYS_getgroups, size, __SC(list)));
}

int setgroups(size_t size, const gid_t *list)
{
    return (int)__syscall_ret(__syscall2(SYS_setgroups, __SC(size), __SC(list)));
}

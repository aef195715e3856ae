/* Identity: pid, ppid, tid, and the uid/gid family with POSIX permission
 * rules. Credentials live in the protected data page, so every change goes
 * through a mutation scope. */
#include "kernel/errno.h"
#include "kernel/process.h"
#include "kernel/protected_data.h"
#include "kernel/sched.h"
#include "kernel/thread.h"
#include "kernel/uaccess.h"
#include <string.h>

#define ID_UNCHANGED ((uint32_t)-1)

long sys_getpid(void) { return process_pid(process_current()); }
long sys_getppid(void) { return process_current()->prot->ppid; }
long sys_gettid(void) { return thread_current()->tid; }
long sys_getuid(void) { return process_current()->prot->uid; }
long sys_geteuid(void) { return process_current()->prot->euid; }
long sys_getgid(void) { return process_current()->prot->gid; }
long sys_getegid(void) { return process_current()->prot->egid; }

long sys_sched_yield(void)
{
    sched_yield();
    return 0;
}

/* One of the three current ids: what an unprivileged process may switch to. */
static bool id_is_current(uint32_t id, uint32_t r, uint32_t e, uint32_t s)
{
    return id == r || id == e || id == s;
}

/* The common core of every set*uid call: -1 leaves an id alone; without
 * root, each new id must be one the process already has. */
static long change_user_ids(uint32_t ruid, uint32_t euid, uint32_t suid)
{
    struct process *p = process_current();
    const struct process_protected *d = p->prot;
    bool root = d->euid == 0;
    if (!root) {
        if ((ruid != ID_UNCHANGED && !id_is_current(ruid, d->uid, d->euid, d->suid)) ||
            (euid != ID_UNCHANGED && !id_is_current(euid, d->uid, d->euid, d->suid)) ||
            (suid != ID_UNCHANGED && !id_is_current(suid, d->uid, d->euid, d->suid)))
            return -EPERM;
    }
    process_protected_unlock(p);
    struct process_protected *m = process_protected_mut(p);
    if (ruid != ID_UNCHANGED)
        m->uid = ruid;
    if (euid != ID_UNCHANGED)
        m->euid = euid;
    if (suid != ID_UNCHANGED)
        m->suid = suid;
    /* A process that changed identity must not leave a core dump behind. */
    m->dumpable = false;
    process_protected_lock(p);
    return 0;
}

static long change_group_ids(uint32_t rgid, uint32_t egid, uint32_t sgid)
{
    struct process *p = process_current();
    const struct process_protected *d = p->prot;
    if (d->euid != 0) {
        if ((rgid != ID_UNCHANGED && !id_is_current(rgid, d->gid, d->egid, d->sgid)) ||
            (egid != ID_UNCHANGED && !id_is_current(egid, d->gid, d->egid, d->sgid)) ||
            (sgid != ID_UNCHANGED && !id_is_current(sgid, d->gid, d->egid, d->sgid)))
            return -EPERM;
    }
    process_protected_unlock(p);
    struct process_protected *m = process_protected_mut(p);
    if (rgid != ID_UNCHANGED)
        m->gid = rgid;
    if (egid != ID_UNCHANGED)
        m->egid = egid;
    if (sgid != ID_UNCHANGED)
        m->sgid = sgid;
    m->dumpable = false;
    process_protected_lock(p);
    return 0;
}

long sys_setresuid(uint32_t r, uint32_t e, uint32_t s) { return change_user_ids(r, e, s); }
long sys_setresgid(uint32_t r, uint32_t e, uint32_t s) { return change_group_ids(r, e, s); }

/* POSIX setuid: root sets all three; anyone else only the effective id, to
 * the real or saved one. */
long sys_setuid(uint32_t uid)
{
    if (uid == ID_UNCHANGED)
        return -EINVAL;
    if (process_current()->prot->euid == 0)
        return change_user_ids(uid, uid, uid);
    const struct process_protected *d = process_current()->prot;
    if (uid != d->uid && uid != d->suid)
        return -EPERM;
    return change_user_ids(ID_UNCHANGED, uid, ID_UNCHANGED);
}

long sys_seteuid(uint32_t uid)
{
    if (uid == ID_UNCHANGED)
        return -EINVAL;
    const struct process_protected *d = process_current()->prot;
    if (d->euid != 0 && uid != d->uid && uid != d->suid)
        return -EPERM;
    return change_user_ids(ID_UNCHANGED, uid, ID_UNCHANGED);
}

long sys_setgid(uint32_t gid)
{
    if (gid == ID_UNCHANGED)
        return -EINVAL;
    if (process_current()->prot->euid == 0)
        return change_group_ids(gid, gid, gid);
    const struct process_protected *d = process_current()->prot;
    if (gid != d->gid && gid != d->sgid)
        return -EPERM;
    return change_group_ids(ID_UNCHANGED, gid, ID_UNCHANGED);
}

long sys_setegid(uint32_t gid)
{
    if (gid == ID_UNCHANGED)
        return -EINVAL;
    const struct process_protected *d = process_current()->prot;
    if (d->euid != 0 && gid != d->gid && gid != d->sgid)
        return -EPERM;
    return change_group_ids(ID_UNCHANGED, gid, ID_UNCHANGED);
}

long sys_getresuid(user_ptr_t r, user_ptr_t e, user_ptr_t s)
{
    const struct process_protected *d = process_current()->prot;
    if (copy_to_user(r, &d->uid, 4) < 0 || copy_to_user(e, &d->euid, 4) < 0 || copy_to_user(s, &d->suid, 4) < 0)
        return -EFAULT;
    return 0;
}

long sys_getresgid(user_ptr_t r, user_ptr_t e, user_ptr_t s)
{
    const struct process_protected *d = process_current()->prot;
    if (copy_to_user(r, &d->gid, 4) < 0 || copy_to_user(e, &d->egid, 4) < 0 || copy_to_user(s, &d->sgid, 4) < 0)
        return -EFAULT;
    return 0;
}

/* getgroups(0, ...) asks for the count; a short buffer gives EINVAL. */
long sys_getgroups(int size, user_ptr_t list)
{
    const struct process_protected *d = process_current()->prot;
    if (size < 0)
        return -EINVAL;
    if (size == 0)
        return d->ngroups;
    if ((uint32_t)size < d->ngroups)
        return -EINVAL;
    if (copy_to_user(list, d->groups, d->ngroups * sizeof(uint32_t)) < 0)
        return -EFAULT;
    return d->ngroups;
}

long sys_setgroups(int size, user_ptr_t list)
{
    struct process *p = process_current();
    if (p->prot->euid != 0)
        return -EPERM;
    if (size < 0 || size > PROCESS_NGROUPS_MAX)
        return -EINVAL;
    uint32_t groups[PROCESS_NGROUPS_MAX];
    if (copy_from_user(groups, list, (size_t)size * sizeof(uint32_t)) < 0)
        return -EFAULT;
    process_protected_unlock(p);
    struct process_protected *m = process_protected_mut(p);
    m->ngroups = (uint32_t)size;
    memcpy(m->groups, groups, (size_t)size * sizeof(uint32_t));
    process_protected_lock(p);
    return 0;
}

/* Permission checks: owner/group/other bits with supplementary groups, and
 * the superuser's exemptions. */
#include "fs/vfs.h"
#include "kernel/errno.h"

const struct vfs_cred vfs_kernel_cred = { 0, 0, 0, 0, 0, NULL };

bool vfs_cred_in_group(const struct vfs_cred *cred, gid_t gid)
{
    if (cred->egid == gid)
        return true;
    for (unsigned i = 0; i < cred->ngroups; i++)
        if (cred->groups[i] == gid)
            return true;
    return false;
}

/* Reads the attributes without the inode lock: a racing chmod/chown may be
 * seen either before or after, as with any check-then-use. */
int vfs_permission(const struct vfs_cred *cred, const struct inode *inode, int mask)
{
    mode_t mode = __atomic_load_n(&inode->mode, __ATOMIC_RELAXED);
    mask &= R_OK | W_OK | X_OK;
    if (cred->euid == 0) {
        /* Root may read, write and search anything, but executing a file
         * nobody may execute would run something never meant to be run. */
        if (!(mask & X_OK) || S_ISDIR(mode) || (mode & (S_IXUSR | S_IXGRP | S_IXOTH)))
            return 0;
        return -EACCES;
    }
    unsigned bits;
    if (cred->euid == inode->uid)
        bits = (mode >> 6) & 7;
    else if (vfs_cred_in_group(cred, inode->gid))
        bits = (mode >> 3) & 7;
    else
        bits = mode & 7;
    return ((bits & (unsigned)mask) == (unsigned)mask) ? 0 : -EACCES;
}

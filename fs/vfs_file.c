/* File operations of regular files and directories that live in a file
 * system: reads and writes go to the inode's ops under its lock. */
#include "fs/vfs.h"
#include "fs/vfs_internal.h"
#include "kernel/api/dirent.h"
#include "kernel/errno.h"
#include "kernel/file.h"
#include "kernel/panic.h"
#include <stddef.h>
#include <string.h>

/* Files may not grow past this (2^40 bytes); beyond is -EFBIG. */
#define VFS_MAX_FILE_SIZE ((off_t)1 << 40)

static ssize_t vfs_file_read(struct file *f, struct io_buffer *buf, size_t len, off_t *pos)
{
    struct inode *inode = f->inode;
    if (!inode->ops->read)
        return -EINVAL;
    if (len == 0)
        return 0;
    mutex_lock(&inode->lock);
    ssize_t n = inode->ops->read(inode, buf, len, *pos);
    if (n > 0) {
        *pos += n;
        if (!(file_get_flags(f) & O_NOATIME))
            vfs_now(&inode->atime);
    }
    mutex_unlock(&inode->lock);
    return n;
}

static ssize_t vfs_file_write(struct file *f, const struct io_buffer *buf, size_t len, off_t *pos)
{
    struct inode *inode = f->inode;
    if (!inode->ops->write)
        return -EINVAL;
    if (len == 0)
        return 0;
    if (len > (size_t)0x7fffffff)
        len = 0x7fffffff;   /* the count must fit the return value */
    mutex_lock(&inode->lock);
    off_t at = (file_get_flags(f) & O_APPEND) ? inode->size : *pos;
    ssize_t n;
    if (at >= VFS_MAX_FILE_SIZE) {
        n = -EFBIG;
    } else {
        if ((off_t)len > VFS_MAX_FILE_SIZE - at)
            len = (size_t)(VFS_MAX_FILE_SIZE - at);
        n = inode->ops->write(inode, buf, len, at);
    }
    if (n > 0) {
        *pos = at + n;
        vfs_now(&inode->mtime);
        inode->ctime = inode->mtime;
        /* A write by someone else must not leave a set-ID program behind. */
        inode->mode &= ~(mode_t)S_ISUID;
        if (inode->mode & S_IXGRP)
            inode->mode &= ~(mode_t)S_ISGID;
    }
    mutex_unlock(&inode->lock);
    return n;
}

const struct file_ops vfs_regular_file_ops = {
    .read = vfs_file_read,
    .write = vfs_file_write,
};

/* ---- directories -------------------------------------------------------- */

struct vfs_getdents_sink {
    struct vfs_dirent_sink sink;
    struct io_buffer *buf;
    size_t len, used;
    int error;
    bool full;      /* an entry did not fit */
};

#define DIRENT_NAME_OFFSET offsetof(struct dirent, d_name)

static bool vfs_getdents_emit(struct vfs_dirent_sink *s, const char *name, size_t name_len, ino_t ino,
                              unsigned char d_type, off_t next_pos)
{
    struct vfs_getdents_sink *g = container_of(s, struct vfs_getdents_sink, sink);
    size_t reclen = (DIRENT_NAME_OFFSET + name_len + 1 + 7) & ~(size_t)7;
    if (g->error)
        return false;
    if (reclen > g->len - g->used) {
        g->full = true;
        return false;
    }
    union {
        struct dirent d;
        char bytes[DIRENT_NAME_OFFSET + NAME_MAX + 1 + 8];
    } rec;
    ASSERT(name_len <= NAME_MAX);
    memset(&rec, 0, reclen);
    rec.d.d_ino = ino;
    rec.d.d_off = next_pos;
    rec.d.d_reclen = (unsigned short)reclen;
    rec.d.d_type = d_type;
    memcpy(rec.d.d_name, name, name_len);
    int rc = io_buffer_put(g->buf, g->used, &rec, reclen);
    if (rc < 0) {
        g->error = rc;
        return false;
    }
    g->used += reclen;
    return true;
}

static ssize_t vfs_dir_getdents(struct file *f, struct io_buffer *buf, size_t len, off_t *pos)
{
    struct inode *dir = f->inode;
    if (!dir->ops->getdents)
        return -ENOTDIR;
    struct vfs_getdents_sink g = { .sink = { vfs_getdents_emit }, .buf = buf, .len = len };
    mutex_lock(&dir->lock);
    int rc = dir->ops->getdents(dir, &g.sink, pos);
    if (rc == 0 && !(file_get_flags(f) & O_NOATIME))
        vfs_now(&dir->atime);
    mutex_unlock(&dir->lock);
    if (rc < 0)
        return rc;
    if (g.used == 0 && g.error)
        return g.error;
    if (g.used == 0 && g.full)
        return -EINVAL;     /* the buffer cannot hold even one entry */
    return (ssize_t)g.used;
}

static ssize_t vfs_dir_read(struct file *f, struct io_buffer *buf, size_t len, off_t *pos)
{
    return -EISDIR;
}

const struct file_ops vfs_directory_file_ops = {
    .read = vfs_dir_read,
    .getdents = vfs_dir_getdents,
};

/* Character devices: drivers register a (major, minor) number with file
 * operations; opening any device node (in /dev or anywhere else) with that
 * number gets a description using those operations.
 *
 * Device numbers in use (Linux's, so familiar tools print familiar things):
 *   1:3 null  1:5 zero  1:7 full  1:8 random  1:9 urandom
 *   4:1-4 tty1-4 (VGA consoles)  4:64+n ttySn  5:0 tty  5:1 console  5:2 ptmx
 *   136:n pts/n (pseudo-terminal slaves)  3:0 hda (block; later) */
#ifndef FS_DEVICE_H
#define FS_DEVICE_H
#include "kernel/api/types.h"
#include "kernel/list.h"
#include <stdbool.h>
#include <stddef.h>

struct file;
struct file_ops;
struct inode;
struct vfs_fs;

struct char_device {
    struct list_node node;          /* in the registry */
    const char *name;               /* the node's name under /dev */
    dev_t dev;
    mode_t mode;                    /* permission bits of the node; 0: 0666 */
    const struct file_ops *ops;
    /* Optional: runs on every open once the description exists (whose
     * private_data starts out pointing at this struct). A failure closes the
     * description again, so the ops' release must cope with that. */
    int (*open)(struct char_device *cdev, struct file *f);
    /* Like open, for drivers that need the open(2) flags the description
     * does not keep (terminals look at O_NOCTTY). Use one or the other. */
    int (*open_with_flags)(struct char_device *cdev, struct file *f, int flags);
    /* 0 or 1: the device is the number `dev`. More: it answers the minors
     * dev .. dev + minor_count - 1 of the same major (pseudo-terminals). */
    unsigned minor_count;
    /* devfs makes no node for it: the driver names its nodes itself. */
    bool no_devfs_node;
    void *private_data;             /* the driver's */
};

/* Registers cdev (which must stay alive forever) and, once /dev exists,
 * creates its node there. -EEXIST if the number is taken. */
int device_register_char(struct char_device *cdev);
struct char_device *device_find_char(dev_t dev);
/* For vfs_open: a description for the character device node `inode`
 * (-ENXIO if no driver has its number). */
int device_open_char(struct inode *inode, int flags, struct file **out);
/* Walks the registry (devfs creates the nodes registered before it). */
void device_for_each_char(void (*fn)(struct char_device *cdev, void *ctx), void *ctx);

/* The registration API for drivers: name under /dev, numbers, operations.
 * Allocates the record itself. */
int devfs_register_char(const char *name, unsigned major, unsigned minor, const struct file_ops *ops);
/* Makes the node of a newly registered device, if devfs exists yet. */
void devfs_publish(struct char_device *cdev);
/* Creates the devfs instance with a node for every device registered so
 * far; later registrations add theirs. Returns the fs to mount on /dev. */
int devfs_create(struct vfs_fs **out);
/* The standard devices (null, zero, full, random, urandom). */
void dev_basic_register(void);
void dev_random_register(void);
#endif

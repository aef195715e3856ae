/* Mounting file systems. The arguments are passed to the kernel as they
 * are: source (a device path or a name), the directory to mount on, the
 * file-system type, flags, and type-specific data. */
#ifndef _SYS_MOUNT_H
#define _SYS_MOUNT_H

#ifdef __cplusplus
extern "C" {
#endif

int mount(const char *source, const char *target, const char *fstype,
          unsigned long flags, const void *data);
int umount(const char *target);

#ifdef __cplusplus
}
#endif

#endif

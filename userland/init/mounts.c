/* The file systems every Kestrel system has: the kernel mounts some at
 * boot, init makes sure of the rest. */
#include "init.h"
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

/* Whether path is a mount point: on a different device than its parent. */
static bool is_mount_point(const char *path)
{
    struct stat here, up;
    char parent[128];
    snprintf(parent, sizeof(parent), "%s/..", path);
    if (stat(path, &here) < 0 || stat(parent, &up) < 0)
        return false;
    return here.st_dev != up.st_dev;
}

static void ensure_mounted(const char *type, const char *path, int mode)
{
    if (mkdir(path, mode) < 0 && errno != EEXIST) {
        init_log("cannot create %s: %s", path, strerror(errno));
        return;
    }
    if (is_mount_point(path))
        return;
    if (mount(NULL, path, type, 0, NULL) == 0)
        return;
    if (errno == ENODEV)
        init_log("no %s file system in this kernel; %s stays empty", type, path);
    else
        init_log("cannot mount %s on %s: %s", type, path, strerror(errno));
}

void init_mount_all(void)
{
    ensure_mounted("devfs", "/dev", 0755);
    ensure_mounted("tmpfs", "/tmp", 01777);
    ensure_mounted("proc", "/proc", 0555);
    ensure_mounted("devpts", "/dev/pts", 0755);
}

/* ttyname: the device node whose device number is the terminal's, in /dev
 * or, for pseudo-terminal slaves, in /dev/pts. */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Looks for rdev among the character devices of dir: 0 and the path in
 * buf, ERANGE when it does not fit, ENOTTY when it is not there, or the
 * error that kept dir from being read. */
static int search_dir(const char *dir, dev_t rdev, char *buf, size_t size)
{
    DIR *d = opendir(dir);
    if (!d)
        return errno;
    size_t dl = strlen(dir);
    int err = ENOTTY;
    struct dirent *e;
    while ((e = readdir(d))) {
        char path[sizeof("/dev/pts/") + NAME_MAX];
        size_t len = strlen(e->d_name);
        if (dl + 1 + len >= sizeof(path))
            continue;
        memcpy(path, dir, dl);
        path[dl] = '/';
        memcpy(path + dl + 1, e->d_name, len + 1);
        struct stat st;
        if (stat(path, &st) < 0 || !S_ISCHR(st.st_mode) || st.st_rdev != rdev)
            continue;
        if (dl + 1 + len + 1 > size) {
            err = ERANGE;
        } else {
            memcpy(buf, path, dl + 1 + len + 1);
            err = 0;
        }
        break;
    }
    closedir(d);
    return err;
}

int ttyname_r(int fd, char *buf, size_t size)
{
    static const char *const dirs[] = { "/dev", "/dev/pts" };
    struct stat tty;
    if (!isatty(fd))
        return errno == EBADF ? EBADF : ENOTTY;
    if (fstat(fd, &tty) < 0)
        return errno;
    int err = ENOTTY;
    for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]) && err == ENOTTY; i++) {
        int e = search_dir(dirs[i], tty.st_rdev, buf, size);
        /* A directory we cannot read is as good as one without the node. */
        err = e == 0 || e == ERANGE ? e : ENOTTY;
    }
    return err;
}

char *ttyname(int fd)
{
    static char name[sizeof("/dev/pts/") + NAME_MAX];
    int err = ttyname_r(fd, name, sizeof(name));
    if (err) {
        errno = err;
        return NULL;
    }
    return name;
}

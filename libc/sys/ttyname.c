/* ttyname: the device node in /dev whose device number is the terminal's. */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int ttyname_r(int fd, char *buf, size_t size)
{
    struct stat tty;
    if (!isatty(fd))
        return errno == EBADF ? EBADF : ENOTTY;
    if (fstat(fd, &tty) < 0)
        return errno;
    DIR *d = opendir("/dev");
    if (!d)
        return errno;
    int err = ENOTTY;
    struct dirent *e;
    while ((e = readdir(d))) {
        char path[sizeof("/dev/") + NAME_MAX];
        size_t len = strlen(e->d_name);
        if (len > NAME_MAX)
            continue;
        memcpy(path, "/dev/", 5);
        memcpy(path + 5, e->d_name, len + 1);
        struct stat st;
        if (stat(path, &st) < 0 || !S_ISCHR(st.st_mode) || st.st_rdev != tty.st_rdev)
            continue;
        if (len + 6 > size) {
            err = ERANGE;
        } else {
            memcpy(buf, path, len + 6);
            err = 0;
        }
        break;
    }
    closedir(d);
    return err;
}

char *ttyname(int fd)
{
    static char name[TTY_NAME_MAX + 6];
    int err = ttyname_r(fd, name, sizeof(name));
    if (err) {
        errno = err;
        return NULL;
    }
    return name;
}

/* getlogin: Kestrel keeps no login records, so the name is the one the
 * user database gives the real user id. */
#include <errno.h>
#include <pwd.h>
#include <string.h>
#include <limits.h>
#include <unistd.h>

int getlogin_r(char *buf, size_t size)
{
    struct passwd pw, *found;
    char tmp[1024];
    int err = getpwuid_r(getuid(), &pw, tmp, sizeof(tmp), &found);
    if (err)
        return err;
    if (!found)
        return ENOENT;
    size_t len = strlen(pw.pw_name);
    if (len >= size)
        return ERANGE;
    memcpy(buf, pw.pw_name, len + 1);
    return 0;
}

char *getlogin(void)
{
    static char name[LOGIN_NAME_MAX];
    int err = getlogin_r(name, sizeof(name));
    if (err) {
        errno = err;
        return NULL;
    }
    return name;
}

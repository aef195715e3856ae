/* The user database (POSIX <pwd.h>), read from /etc/passwd: one user per
 * line, "name:password:uid:gid:gecos:home:shell". */
#ifndef _PWD_H
#define _PWD_H

#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

struct passwd {
    char *pw_name;
    char *pw_passwd;
    uid_t pw_uid;
    gid_t pw_gid;
    char *pw_gecos;
    char *pw_dir;
    char *pw_shell;
};

/* The non-_r forms return static storage that the next call overwrites.
 * Not found: NULL with errno unchanged (0 from the _r forms). */
struct passwd *getpwnam(const char *name);
struct passwd *getpwuid(uid_t uid);
int getpwnam_r(const char *name, struct passwd *pw, char *buf, size_t size,
               struct passwd **result);
int getpwuid_r(uid_t uid, struct passwd *pw, char *buf, size_t size,
               struct passwd **result);

/* Sequential access. */
void setpwent(void);
struct passwd *getpwent(void);
void endpwent(void);

#ifdef __cplusplus
}
#endif

#endif

/* The group database (POSIX <grp.h>), read from /etc/group: one group per
 * line, "name:password:gid:member,member,...". */
#ifndef _GRP_H
#define _GRP_H

#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

struct group {
    char *gr_name;
    char *gr_passwd;
    gid_t gr_gid;
    char **gr_mem;  /* NULL-terminated */
};

/* The non-_r forms return static storage that the next call overwrites.
 * Not found: NULL with errno unchanged (0 from the _r forms). */
struct group *getgrnam(const char *name);
struct group *getgrgid(gid_t gid);
int getgrnam_r(const char *name, struct group *gr, char *buf, size_t size,
               struct group **result);
int getgrgid_r(gid_t gid, struct group *gr, char *buf, size_t size,
               struct group **result);

void setgrent(void);
struct group *getgrent(void);
void endgrent(void);

/* BSD/GNU, needed by login programs. */
int setgroups(size_t size, const gid_t *list);
int initgroups(const char *user, gid_t group);
int getgrouplist(const char *user, gid_t group, gid_t *groups, int *ngroups);

#ifdef __cplusplus
}
#endif

#endif

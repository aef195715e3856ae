/* The passwd and group databases over files in /tmp: lookups by name and
 * id, malformed and over-long lines, the _r forms' ERANGE, member lists,
 * sequential reading and getgrouplist. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/types.h>
#include <unistd.h>

#include "host_test.h"

struct kl_passwd {
    char *pw_name, *pw_passwd;
    uid_t pw_uid;
    gid_t pw_gid;
    char *pw_gecos, *pw_dir, *pw_shell;
};
struct kl_group {
    char *gr_name, *gr_passwd;
    gid_t gr_gid;
    char **gr_mem;
};

extern const char *kl___libc_passwd_path;
extern const char *kl___libc_group_path;
struct kl_passwd *kl_getpwnam(const char *name);
struct kl_passwd *kl_getpwuid(uid_t uid);
int kl_getpwnam_r(const char *, struct kl_passwd *, char *, size_t, struct kl_passwd **);
int kl_getpwuid_r(uid_t, struct kl_passwd *, char *, size_t, struct kl_passwd **);
void kl_setpwent(void);
struct kl_passwd *kl_getpwent(void);
void kl_endpwent(void);
struct kl_group *kl_getgrnam(const char *name);
struct kl_group *kl_getgrgid(gid_t gid);
int kl_getgrnam_r(const char *, struct kl_group *, char *, size_t, struct kl_group **);
int kl_getgrouplist(const char *user, gid_t group, gid_t *groups, int *ngroups);

void *kl___libc_pages_alloc(size_t bytes)
{
    void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    return p == MAP_FAILED ? NULL : p;
}

void kl___libc_pages_free(void *p, size_t bytes)
{
    munmap(p, bytes);
}

static char passwd_path[] = "/tmp/kestrel-passwd-XXXXXX";
static char group_path[] = "/tmp/kestrel-group-XXXXXX";

static void write_file(char *path, const char *text)
{
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    CHECK(write(fd, text, strlen(text)) == (ssize_t)strlen(text));
    close(fd);
}

static void test_passwd(void)
{
    char longline[3000];
    memset(longline, 'g', sizeof(longline));
    memcpy(longline, "verylong:x:7:7:", 15);
    memcpy(longline + sizeof(longline) - 12, ":/home:/sh\n", 12);
    char text[4000];
    snprintf(text, sizeof(text),
             "root:x:0:0:The Root:/root:/bin/sh\n"
             "# a comment line is malformed and skipped\n"
             "broken:x:notanumber:0::/:/bin/sh\n"
             "short:x:1\n"
             "%s"
             "alice:x:1000:100:Alice:/home/alice:/bin/sh\n"
             "bob:*:1001:100::/home/bob:\n"
             "last:x:4294967294:5::/:/bin/false",  /* no final newline */
             longline);
    write_file(passwd_path, text);
    kl___libc_passwd_path = passwd_path;

    struct kl_passwd *pw = kl_getpwnam("alice");
    CHECK(pw && pw->pw_uid == 1000 && pw->pw_gid == 100);
    CHECK(pw && strcmp(pw->pw_dir, "/home/alice") == 0 && strcmp(pw->pw_gecos, "Alice") == 0);
    pw = kl_getpwuid(1001);
    CHECK(pw && strcmp(pw->pw_name, "bob") == 0 && strcmp(pw->pw_shell, "") == 0);
    pw = kl_getpwuid(4294967294u);
    CHECK(pw && strcmp(pw->pw_name, "last") == 0 && strcmp(pw->pw_shell, "/bin/false") == 0);
    errno = 0;
    CHECK(kl_getpwnam("broken") == NULL && kl_getpwnam("short") == NULL && errno == 0);
    CHECK(kl_getpwnam("nobody-here") == NULL && errno == 0);
    /* The long entry needs the growing buffer of the non-_r form. */
    pw = kl_getpwnam("verylong");
    CHECK(pw && pw->pw_uid == 7 && strlen(pw->pw_gecos) > 2900);

    struct kl_passwd buf_pw, *found = (void *)1;
    char small[64];
    CHECK(kl_getpwnam_r("root", &buf_pw, small, sizeof(small), &found) == 0 && found == &buf_pw);
    CHECK(buf_pw.pw_uid == 0 && strcmp(buf_pw.pw_gecos, "The Root") == 0);
    /* Too small for the wanted entry: ERANGE; a long line of someone else
     * does not stand in the way. */
    CHECK(kl_getpwnam_r("verylong", &buf_pw, small, sizeof(small), &found) == 34 /* ERANGE */);
    CHECK(found == NULL);
    CHECK(kl_getpwnam_r("alice", &buf_pw, small, sizeof(small), &found) == 0 && found);
    CHECK(kl_getpwuid_r(1000, &buf_pw, small, sizeof(small), &found) == 0 && found);
    CHECK(kl_getpwuid_r(7, &buf_pw, small, sizeof(small), &found) == 34 && !found);
    CHECK(kl_getpwuid_r(4242, &buf_pw, small, sizeof(small), &found) == 0 && !found);

    int n = 0;
    kl_setpwent();
    while ((pw = kl_getpwent()))
        n++;
    CHECK(n == 4);  /* root, alice, bob, last: the malformed and the long skipped */
    kl_setpwent();
    pw = kl_getpwent();
    CHECK(pw && strcmp(pw->pw_name, "root") == 0);
    kl_endpwent();

    kl___libc_passwd_path = "/nonexistent/passwd";
    errno = 0;
    CHECK(kl_getpwnam("root") == NULL && errno == 0);
    unlink(passwd_path);
}

static void test_group(void)
{
    write_file(group_path,
               "root:x:0:\n"
               "wheel:x:10:alice,bob\n"
               "users:x:100:alice,carol,\n"
               "bad:x::alice\n"
               "staff:x:50:bob\n");
    kl___libc_group_path = group_path;
    struct kl_group *g = kl_getgrnam("wheel");
    CHECK(g && g->gr_gid == 10);
    CHECK(g && g->gr_mem[0] && strcmp(g->gr_mem[0], "alice") == 0);
    CHECK(g && g->gr_mem[1] && strcmp(g->gr_mem[1], "bob") == 0 && g->gr_mem[2] == NULL);
    g = kl_getgrgid(0);
    CHECK(g && strcmp(g->gr_name, "root") == 0 && g->gr_mem[0] == NULL);
    g = kl_getgrgid(100);
    CHECK(g && g->gr_mem[0] && g->gr_mem[1] && strcmp(g->gr_mem[1], "carol") == 0 && !g->gr_mem[2]);
    CHECK(kl_getgrnam("bad") == NULL);

    struct kl_group gr, *found;
    char tiny[24];
    CHECK(kl_getgrnam_r("wheel", &gr, tiny, sizeof(tiny), &found) == 34 && !found);

    gid_t groups[8];
    int count = 8;
    CHECK(kl_getgrouplist("alice", 100, groups, &count) == 2 && count == 2);
    CHECK(groups[0] == 100 && groups[1] == 10);
    count = 1;
    CHECK(kl_getgrouplist("bob", 1, groups, &count) == -1 && count == 3);
    unlink(group_path);
}

int main(void)
{
    test_passwd();
    test_group();
    return host_test_finish("pwd");
}

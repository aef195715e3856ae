/* id: the user and group ids of this process (-u, -g: just the number;
 * -n with them: the name). */
#include <grp.h>
#include <pwd.h>
#include <stdbool.h>
#include <stdio.h>
#include <unistd.h>

static void id_user(uid_t uid)
{
    struct passwd *pw = getpwuid(uid);
    printf("%u", (unsigned)uid);
    if (pw)
        printf("(%s)", pw->pw_name);
}

static void id_group(gid_t gid)
{
    struct group *gr = getgrgid(gid);
    printf("%u", (unsigned)gid);
    if (gr)
        printf("(%s)", gr->gr_name);
}

int main(int argc, char **argv)
{
    bool only_u = false, only_g = false, names = false;
    int c;
    while ((c = getopt(argc, argv, "ugnr")) != -1) {
        switch (c) {
        case 'u': only_u = true; break;
        case 'g': only_g = true; break;
        case 'n': names = true; break;
        case 'r': break;
        default:
            fprintf(stderr, "usage: id [-u|-g [-n]]\n");
            return 2;
        }
    }
    if (optind < argc || (only_u && only_g)) {
        fprintf(stderr, "usage: id [-u|-g [-n]]\n");
        return 2;
    }
    uid_t uid = getuid(), euid = geteuid();
    gid_t gid = getgid(), egid = getegid();
    if (only_u || only_g) {
        if (names) {
            struct passwd *pw = only_u ? getpwuid(euid) : NULL;
            struct group *gr = only_g ? getgrgid(egid) : NULL;
            if (pw)
                puts(pw->pw_name);
            else if (gr)
                puts(gr->gr_name);
            else
                printf("%u\n", only_u ? (unsigned)euid : (unsigned)egid);
        } else {
            printf("%u\n", only_u ? (unsigned)euid : (unsigned)egid);
        }
        return 0;
    }
    printf("uid=");
    id_user(uid);
    printf(" gid=");
    id_group(gid);
    if (euid != uid) {
        printf(" euid=");
        id_user(euid);
    }
    if (egid != gid) {
        printf(" egid=");
        id_group(egid);
    }
    gid_t groups[64];
    int n = getgroups(64, groups);
    if (n > 0) {
        printf(" groups=");
        for (int i = 0; i < n; i++) {
            if (i)
                putchar(',');
            id_group(groups[i]);
        }
    }
    putchar('\n');
    return 0;
}

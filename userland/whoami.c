/* whoami: the name of the effective user, from /etc/passwd. */
#include <pwd.h>
#include <stdio.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    if (argc > 1) {
        fprintf(stderr, "usage: %s\n", argv[0]);
        return 2;
    }
    uid_t uid = geteuid();
    struct passwd *pw = getpwuid(uid);
    if (!pw) {
        fprintf(stderr, "whoami: no user name for uid %u\n", (unsigned)uid);
        return 1;
    }
    puts(pw->pw_name);
    return 0;
}

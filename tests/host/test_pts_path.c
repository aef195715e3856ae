/* Host tests for the slave name ptsname builds: exact text for numbers of
 * every width, and a buffer one byte short is refused without being
 * written past. */
#include <errno.h>
#include <string.h>

#include "host_test.h"

int kl___libc_pts_path(unsigned n, char *buf, size_t size);

static void check_name(unsigned n, const char *want)
{
    char buf[32];
    memset(buf, 'x', sizeof(buf));
    CHECK(kl___libc_pts_path(n, buf, sizeof(buf)) == 0);
    CHECK(strcmp(buf, want) == 0);

    /* Exactly enough room works; one byte less is ERANGE. */
    size_t need = strlen(want) + 1;
    char exact[32];
    memset(exact, 'x', sizeof(exact));
    CHECK(kl___libc_pts_path(n, exact, need) == 0);
    CHECK(strcmp(exact, want) == 0);
    memset(exact, 'x', sizeof(exact));
    CHECK(kl___libc_pts_path(n, exact, need - 1) == ERANGE);
    CHECK(exact[need - 1] == 'x');
}

int main(void)
{
    check_name(0, "/dev/pts/0");
    check_name(7, "/dev/pts/7");
    check_name(10, "/dev/pts/10");
    check_name(255, "/dev/pts/255");
    check_name(4294967295u, "/dev/pts/4294967295");
    CHECK(kl___libc_pts_path(1, NULL, 0) == ERANGE);
    char tiny[1] = { 'x' };
    CHECK(kl___libc_pts_path(1, tiny, 1) == ERANGE && tiny[0] == 'x');
    return host_test_finish("test_pts_path");
}

/* Compares every "C"-locale classification and case mapping with the host C
 * library, for EOF and for every unsigned char value. */
#include <ctype.h>
#include <stdio.h>

#include "host_test.h"

int kl_isalnum(int), kl_isalpha(int), kl_isblank(int), kl_iscntrl(int);
int kl_isdigit(int), kl_isgraph(int), kl_islower(int), kl_isprint(int);
int kl_ispunct(int), kl_isspace(int), kl_isupper(int), kl_isxdigit(int);
int kl_tolower(int), kl_toupper(int), kl_isascii(int), kl_toascii(int);

struct classifier {
    const char *name;
    int (*mine)(int);
    int (*host)(int);
};

/* The host versions may be macros; wrap them to take their address. */
#define HOST_WRAP(f) static int host_##f(int c) { return f(c); }
HOST_WRAP(isalnum) HOST_WRAP(isalpha) HOST_WRAP(isblank) HOST_WRAP(iscntrl)
HOST_WRAP(isdigit) HOST_WRAP(isgraph) HOST_WRAP(islower) HOST_WRAP(isprint)
HOST_WRAP(ispunct) HOST_WRAP(isspace) HOST_WRAP(isupper) HOST_WRAP(isxdigit)
HOST_WRAP(isascii)

static const struct classifier classifiers[] = {
    {"isalnum", kl_isalnum, host_isalnum},
    {"isalpha", kl_isalpha, host_isalpha},
    {"isblank", kl_isblank, host_isblank},
    {"iscntrl", kl_iscntrl, host_iscntrl},
    {"isdigit", kl_isdigit, host_isdigit},
    {"isgraph", kl_isgraph, host_isgraph},
    {"islower", kl_islower, host_islower},
    {"isprint", kl_isprint, host_isprint},
    {"ispunct", kl_ispunct, host_ispunct},
    {"isspace", kl_isspace, host_isspace},
    {"isupper", kl_isupper, host_isupper},
    {"isxdigit", kl_isxdigit, host_isxdigit},
    {"isascii", kl_isascii, host_isascii},
};

int main(void)
{
    /* The host starts in the "C" locale, the one we implement. */
    for (size_t i = 0; i < sizeof(classifiers) / sizeof(classifiers[0]); i++) {
        const struct classifier *cl = &classifiers[i];
        for (int c = EOF; c <= 255; c++) {
            int mine = cl->mine(c) != 0, host = cl->host(c) != 0;
            CHECK(mine == host);
            if (mine != host)
                fprintf(stderr, "  %s(%d): got %d, host says %d\n", cl->name,
                        c, mine, host);
        }
    }
    for (int c = EOF; c <= 255; c++) {
        CHECK(kl_tolower(c) == tolower(c));
        CHECK(kl_toupper(c) == toupper(c));
        CHECK(kl_toascii(c) == toascii(c));
    }
    /* A few absolute facts, in case the host were ever in another locale. */
    CHECK(kl_isspace('\v') && kl_isblank('\t') && !kl_isblank('\n'));
    CHECK(kl_isxdigit('F') && !kl_isxdigit('g') && kl_ispunct('~'));
    CHECK(!kl_isprint(0x7f) && kl_isprint(' ') && !kl_isgraph(' '));
    CHECK(!kl_isalpha(0xe9) && kl_tolower(0xc9) == 0xc9);
    return host_test_finish("test_ctype");
}

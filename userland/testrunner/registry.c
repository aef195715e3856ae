/* The lists of tests and helpers, filled by constructors before main. */
#include "registry.h"
#include <string.h>

static const struct tl_test *tests[TL_MAX_TESTS];
static int test_count;
static const struct tl_helper *helpers[TL_MAX_HELPERS];
static int helper_count;

void tl_register(const struct tl_test *t)
{
    if (test_count < TL_MAX_TESTS)
        tests[test_count++] = t;
    else
        tl_registry_overflow = true;
}

void tl_register_helper(const struct tl_helper *h)
{
    if (helper_count < TL_MAX_HELPERS)
        helpers[helper_count++] = h;
    else
        tl_registry_overflow = true;
}

bool tl_registry_overflow;

int tl_tests(const struct tl_test *const **out)
{
    *out = tests;
    return test_count;
}

const struct tl_helper *tl_find_helper(const char *name)
{
    for (int i = 0; i < helper_count; i++)
        if (strcmp(helpers[i]->name, name) == 0)
            return helpers[i];
    return NULL;
}

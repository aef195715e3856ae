/* The runner's view of the registry that TEST() and HELPER() fill. */
#ifndef TESTRUNNER_REGISTRY_H
#define TESTRUNNER_REGISTRY_H
#include "testlib.h"

#define TL_MAX_TESTS   1024
#define TL_MAX_HELPERS 64

/* Set when more tests or helpers were declared than the tables hold. */
extern bool tl_registry_overflow;
/* Every registered test, in registration order. */
int tl_tests(const struct tl_test *const **out);
const struct tl_helper *tl_find_helper(const char *name);
#endif

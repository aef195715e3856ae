/* A tiny assertion helper for the host-side unit tests: counts checks, prints
 * every failure with its location, and makes the program exit non-zero. */
#ifndef HOST_TEST_H
#define HOST_TEST_H
#include <stdio.h>
#include <stdlib.h>

static int host_test_failures;
static int host_test_checks;

#define CHECK(cond)                                                            \
    do {                                                                       \
        host_test_checks++;                                                    \
        if (!(cond)) {                                                         \
            host_test_failures++;                                              \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__,   \
                    #cond);                                                    \
        }                                                                      \
    } while (0)

/* Call at the end of main(): prints the tally and returns the exit status. */
static inline int host_test_finish(const char *name)
{
    printf("%s: %d checks, %d failed\n", name, host_test_checks,
           host_test_failures);
    return host_test_failures ? EXIT_FAILURE : EXIT_SUCCESS;
}
#endif

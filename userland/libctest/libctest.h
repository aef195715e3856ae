/* The libc test suite's tiny framework. Each test is a function run in a
 * child process of its own (so a crash or a hang fails that test only);
 * CHECK records a failure with its location and goes on. */
#ifndef LIBCTEST_H
#define LIBCTEST_H

#include <stdio.h>

void check_failed(const char *what, const char *file, int line);
extern int check_failures;

#define CHECK(cond)                                          \
    do {                                                     \
        if (!(cond))                                         \
            check_failed(#cond, __FILE__, __LINE__);         \
    } while (0)

struct libc_test {
    const char *name;
    void (*run)(void);
};

/* Each test file lists its tests; main.c runs them all. */
extern const struct libc_test stdio_tests[], process_tests[], thread_tests[],
    fs_tests[], misc_tests[];

/* A scratch directory for the file-system tests, made fresh per run. */
extern char scratch_dir[];

#endif

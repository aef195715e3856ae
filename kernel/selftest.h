/* In-kernel self-tests. A test is declared anywhere with
 *
 *     KTEST(group, name) { KT_CHECK(t, 1 + 1 == 2); }
 *
 * and collected by the linker into the .ktests section, so adding one needs
 * no edit to a central list. Results are reported in TAP on the console. */
#ifndef KERNEL_SELFTEST_H
#define KERNEL_SELFTEST_H
#include <stdbool.h>

struct ktest_ctx {
    const char *group, *name;
    int failures;
};

struct ktest {
    const char *group;
    const char *name;
    void (*fn)(struct ktest_ctx *t);
};

#define KTEST(group, name)                                                     \
    static void ktest_fn_##group##_##name(struct ktest_ctx *t);                \
    static const struct ktest ktest_##group##_##name                           \
        __attribute__((used, section(".ktests." #group), aligned(4))) = {      \
            #group, #name, ktest_fn_##group##_##name};                         \
    static void ktest_fn_##group##_##name(struct ktest_ctx *t)

void ktest_fail(struct ktest_ctx *t, const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Records a failure and goes on. */
#define KT_CHECK(t, cond)                                                      \
    do {                                                                       \
        if (!(cond))                                                           \
            ktest_fail((t), __FILE__, __LINE__, "check failed: %s", #cond);    \
    } while (0)
/* Records a failure and leaves the test. */
#define KT_ASSERT(t, cond)                                                     \
    do {                                                                       \
        if (!(cond)) {                                                         \
            ktest_fail((t), __FILE__, __LINE__, "assertion failed: %s", #cond); \
            return;                                                            \
        }                                                                      \
    } while (0)
#define KT_CHECK_EQ(t, a, b)                                                   \
    do {                                                                       \
        long long kt_a_ = (long long)(a), kt_b_ = (long long)(b);              \
        if (kt_a_ != kt_b_)                                                    \
            ktest_fail((t), __FILE__, __LINE__, "%s == %s: %lld != %lld", #a,  \
                       #b, kt_a_, kt_b_);                                      \
    } while (0)

/* TAP reporting, shared by the kernel tests and the userland suite so that
 * one numbering covers both. */
void tap_begin(void);
void tap_result(bool ok, const char *name);
/* Prints the plan and the finish marker; returns whether everything passed. */
bool tap_finish(void);

/* Runs every registered kernel test (and any fault injection the command
 * line asks for). */
void selftest_run_all(void);
#endif

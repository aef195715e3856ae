/* Clocks and sleeping: monotonic time never goes back, sleeps last at least
 * as long as asked, bad requests are refused, and an interrupted sleep
 * reports what was left. */
#include "rawsys.h"
#include "testlib.h"
#include <signal.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static int64_t ts_ns(const struct timespec *t)
{
    return (int64_t)t->tv_sec * 1000000000 + t->tv_nsec;
}

TEST(time, monotonic_never_goes_back)
{
    struct timespec prev, now;
    REQUIRE_OK(clock_gettime(CLOCK_MONOTONIC, &prev));
    int64_t first = ts_ns(&prev);
    for (int i = 0; i < 2000; i++) {
        REQUIRE_OK(clock_gettime(CLOCK_MONOTONIC, &now));
        CHECK_CMP(now.tv_nsec, <, 1000000000);
        CHECK_CMP(now.tv_nsec, >=, 0);
        if (!CHECK_CMP(ts_ns(&now), >=, ts_ns(&prev)))
            break;
        prev = now;
    }
    tl_sleep_ms(5);
    REQUIRE_OK(clock_gettime(CLOCK_MONOTONIC, &now));
    CHECK_CMP(ts_ns(&now) - first, >=, 5000000);
}

TEST(time, realtime_is_a_plausible_date)
{
    struct timespec t;
    CHECK_OK(clock_gettime(CLOCK_REALTIME, &t));
    /* After 2020-01-01: the RTC was read at boot. */
    CHECK_CMP(t.tv_sec, >, 1577836800);
    CHECK_CMP(t.tv_nsec, <, 1000000000);
}

TEST(time, cpu_clocks_advance_with_work)
{
    struct timespec a, b;
    CHECK_OK(clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &a));
    int64_t until = tl_now_ns() + 50000000;
    volatile unsigned spin = 0;
    while (tl_now_ns() < until)
        spin++;
    CHECK_OK(clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &b));
    CHECK_CMP(ts_ns(&b), >, ts_ns(&a));
    CHECK_OK(clock_gettime(CLOCK_THREAD_CPUTIME_ID, &b));
    CHECK_CMP(ts_ns(&b), >, 0);
}

TEST(time, clock_gettime_errors)
{
    struct timespec t;
    CHECK_ERRNO(clock_gettime(99, &t), EINVAL);
    CHECK_ERRNO(clock_gettime(-1, &t), EINVAL);
    CHECK_EQ(RAW2(SYS_clock_gettime, CLOCK_MONOTONIC, 0xC0000000), -EFAULT);
    CHECK_EQ(RAW2(SYS_clock_gettime, CLOCK_MONOTONIC, 0x10), -EFAULT);
}

TEST(time, nanosleep_lasts_at_least_the_request)
{
    static const long asks_ms[] = { 1, 10, 30 };
    for (unsigned i = 0; i < sizeof(asks_ms) / sizeof(asks_ms[0]); i++) {
        struct timespec req = { 0, asks_ms[i] * 1000000 };
        int64_t t0 = tl_now_ns();
        CHECK_OK(nanosleep(&req, NULL));
        int64_t took = tl_now_ns() - t0;
        CHECK_CMP(took, >=, asks_ms[i] * 1000000);
        CHECK_CMP(took, <, asks_ms[i] * 1000000 + 2000000000LL);
    }
    struct timespec zero = { 0, 0 };
    CHECK_OK(nanosleep(&zero, NULL));
}

TEST(time, clock_nanosleep_absolute_and_relative)
{
    struct timespec now;
    REQUIRE_OK(clock_gettime(CLOCK_MONOTONIC, &now));
    int64_t target = ts_ns(&now) + 20000000;
    struct timespec abs = { target / 1000000000, target % 1000000000 };
    CHECK_EQ(clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &abs, NULL), 0);
    CHECK_CMP(tl_now_ns(), >=, target);
    /* A time in the past returns at once. */
    struct timespec past = { 0, 1 };
    int64_t t0 = tl_now_ns();
    CHECK_EQ(clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &past, NULL), 0);
    CHECK_CMP(tl_now_ns() - t0, <, 1000000000);
    struct timespec rel = { 0, 10000000 };
    t0 = tl_now_ns();
    CHECK_EQ(clock_nanosleep(CLOCK_REALTIME, 0, &rel, NULL), 0);
    CHECK_CMP(tl_now_ns() - t0, >=, 10000000);
}

TEST(time, sleep_rejects_bad_requests)
{
    struct timespec bad_ns = { 0, 1000000000 };
    struct timespec neg_ns = { 0, -1 };
    struct timespec neg_s = { -1, 0 };
    CHECK_ERRNO(nanosleep(&bad_ns, NULL), EINVAL);
    CHECK_ERRNO(nanosleep(&neg_ns, NULL), EINVAL);
    CHECK_ERRNO(nanosleep(&neg_s, NULL), EINVAL);
    struct timespec ok = { 0, 1 };
    CHECK_EQ(clock_nanosleep(42, 0, &ok, NULL), EINVAL);
    CHECK_EQ(clock_nanosleep(CLOCK_MONOTONIC, 0x40, &ok, NULL), EINVAL);
    CHECK_EQ(RAW4(SYS_clock_nanosleep, CLOCK_MONOTONIC, 0, 0xC0000000, 0), -EFAULT);
    CHECK_EQ(RAW4(SYS_clock_nanosleep, CLOCK_MONOTONIC, 0, 0x10, 0), -EFAULT);
}

static void on_alarm(int sig)
{
    (void)sig;
}

TEST(time, interrupted_sleep_reports_the_rest)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_alarm;
    REQUIRE_OK(sigaction(SIGALRM, &sa, NULL));
    struct itimerval it = { { 0, 0 }, { 0, 50000 } };   /* 50 ms */
    REQUIRE_OK(setitimer(ITIMER_REAL, &it, NULL));
    struct timespec req = { 5, 0 }, rem = { 0, 0 };
    int64_t t0 = tl_now_ns();
    CHECK_ERRNO(nanosleep(&req, &rem), EINTR);
    int64_t took = tl_now_ns() - t0;
    CHECK_CMP(took, <, 4000000000LL);
    int64_t left = ts_ns(&rem);
    CHECK_CMP(left, >, 0);
    CHECK_CMP(left, <=, 5000000000LL);
    /* what was slept plus what is left is the request, give or take */
    CHECK_CMP(took + left, >=, 4900000000LL);
    /* A bad remainder pointer is noticed once the sleep is cut short. */
    REQUIRE_OK(setitimer(ITIMER_REAL, &it, NULL));
    CHECK_EQ(RAW4(SYS_clock_nanosleep, CLOCK_MONOTONIC, 0, &req, 0xC0000000), -EFAULT);
}

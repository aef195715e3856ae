/* Scheduler, sleeping, wait queues and mutexes under preemption. */
#include "kernel/clock.h"
#include "kernel/completion.h"
#include "kernel/errno.h"
#include "kernel/mutex.h"
#include "kernel/process.h"
#include "kernel/sched.h"
#include "kernel/selftest.h"
#include "kernel/thread.h"

#define MS (1000000ull)
#define SECONDS (1000000000ull)

struct spinner {
    volatile int *stop;
    struct thread *self;
    uint64_t ticks;
    struct completion *done;
};

static void spinner_main(void *arg)
{
    struct spinner *s = arg;
    s->self = thread_current();
    while (!*s->stop)
        cpu_relax();
    s->ticks = thread_current()->ticks_kernel;
    completion_signal(s->done);
}

KTEST(sched, fairness_equal_priority)
{
    enum { N = 4 };
    volatile int stop = 0;
    struct completion done;
    completion_init(&done);
    struct spinner s[N];
    for (int i = 0; i < N; i++) {
        s[i] = (struct spinner){ .stop = &stop, .done = &done };
        KT_ASSERT(t, thread_create_kernel(kernel_process, spinner_main, &s[i], THREAD_PRIORITY_NORMAL, "spinner"));
    }
    /* The test thread sleeps, so the spinners share the CPU among themselves. */
    KT_CHECK_EQ(t, thread_sleep_ns(800 * MS), 0);
    stop = 1;
    KT_ASSERT(t, completion_wait(&done, N, 10 * SECONDS) == 0);
    uint64_t total = 0, min = UINT64_MAX, max = 0;
    for (int i = 0; i < N; i++) {
        total += s[i].ticks;
        if (s[i].ticks < min)
            min = s[i].ticks;
        if (s[i].ticks > max)
            max = s[i].ticks;
    }
    /* Round robin with 10-tick slices: every spinner ran, and none got more
     * than two slices more than another. */
    KT_CHECK(t, total >= 600);
    KT_CHECK(t, min > 0);
    if (max - min > 2 * SCHED_SLICE_TICKS + 2)
        ktest_fail(t, __FILE__, __LINE__, "unfair: min %llu max %llu ticks", min, max);
}

KTEST(sched, higher_priority_preempts)
{
    volatile int stop = 0;
    struct completion done;
    completion_init(&done);
    struct spinner low = { .stop = &stop, .done = &done };
    KT_ASSERT(t, thread_create_kernel(kernel_process, spinner_main, &low, THREAD_PRIORITY_LOW, "low"));
    /* We run at normal priority: the low spinner may only run while we sleep. */
    uint64_t start = clock_ticks();
    while (clock_ticks() - start < 100)
        cpu_relax();
    KT_CHECK(t, low.self == NULL || low.self->ticks_kernel <= 2);
    stop = 1;
    KT_ASSERT(t, completion_wait(&done, 1, 10 * SECONDS) == 0);
}

KTEST(sched, sleep_accuracy)
{
    const uint64_t durations[] = { 1 * MS, 20 * MS, 100 * MS };
    for (unsigned i = 0; i < sizeof(durations) / sizeof(durations[0]); i++) {
        uint64_t before = clock_monotonic_ns();
        KT_CHECK_EQ(t, thread_sleep_ns(durations[i]), 0);
        uint64_t slept = clock_monotonic_ns() - before;
        KT_CHECK(t, slept >= durations[i]);
        /* Generous upper bound: the guest clock is real time under TCG. */
        KT_CHECK(t, slept <= durations[i] + 100 * MS);
    }
}

struct waiter {
    struct wait_queue *wq;
    volatile int *flag;
    int rc;
    struct completion *done;
};

static int flag_set(void *arg) { return *(volatile int *)arg != 0; }

static void waiter_main(void *arg)
{
    struct waiter *w = arg;
    w->rc = wait_queue_wait(w->wq, flag_set, (void *)w->flag, 5 * SECONDS, 0);
    completion_signal(w->done);
}

KTEST(sched, wait_queue_wake_all)
{
    enum { N = 5 };
    struct wait_queue wq;
    wait_queue_init(&wq, "test");
    volatile int flag = 0;
    struct completion done;
    completion_init(&done);
    struct waiter w[N];
    for (int i = 0; i < N; i++) {
        w[i] = (struct waiter){ &wq, &flag, 99, &done };
        KT_ASSERT(t, thread_create_kernel(kernel_process, waiter_main, &w[i], THREAD_PRIORITY_NORMAL, "waiter"));
    }
    thread_sleep_ns(20 * MS);
    KT_CHECK_EQ(t, done.done, 0);   /* nobody returned before the condition held */
    flag = 1;
    wait_queue_wake_all(&wq);
    KT_ASSERT(t, completion_wait(&done, N, 5 * SECONDS) == 0);
    for (int i = 0; i < N; i++)
        KT_CHECK_EQ(t, w[i].rc, 0);
}

struct token_waiter {
    struct wait_queue *wq;
    volatile int *tokens;
    struct completion *done;
};

static int token_available(void *arg) { return *(volatile int *)arg > 0; }

static void token_waiter_main(void *arg)
{
    struct token_waiter *w = arg;
    for (;;) {
        if (wait_queue_wait(w->wq, token_available, (void *)w->tokens, 0, 0) != 0)
            return;
        irqflags_t fl = spin_lock_irqsave(&w->wq->lock);
        bool got = *w->tokens > 0;
        if (got)
            (*w->tokens)--;
        spin_unlock_irqrestore(&w->wq->lock, fl);
        if (got)
            break;
    }
    completion_signal(w->done);
}

KTEST(sched, wait_queue_wake_one)
{
    enum { N = 3 };
    struct wait_queue wq;
    wait_queue_init(&wq, "test");
    volatile int tokens = 0;
    struct completion done;
    completion_init(&done);
    struct token_waiter w[N];
    for (int i = 0; i < N; i++) {
        w[i] = (struct token_waiter){ &wq, &tokens, &done };
        KT_ASSERT(t, thread_create_kernel(kernel_process, token_waiter_main, &w[i], THREAD_PRIORITY_NORMAL, "tok"));
    }
    thread_sleep_ns(20 * MS);
    for (int i = 1; i <= N; i++) {
        irqflags_t fl = spin_lock_irqsave(&wq.lock);
        tokens++;
        spin_unlock_irqrestore(&wq.lock, fl);
        wait_queue_wake_one(&wq);
        KT_CHECK_EQ(t, completion_wait(&done, i, 5 * SECONDS), 0);
        thread_sleep_ns(10 * MS);
        KT_CHECK_EQ(t, done.done, i);   /* one token wakes exactly one waiter */
    }
}

KTEST(sched, wait_queue_timeout)
{
    struct wait_queue wq;
    wait_queue_init(&wq, "test");
    volatile int never = 0;
    uint64_t before = clock_monotonic_ns();
    KT_CHECK_EQ(t, wait_queue_wait(&wq, flag_set, (void *)&never, 30 * MS, 0), -ETIMEDOUT);
    KT_CHECK(t, clock_monotonic_ns() - before >= 30 * MS);
}

struct mutex_worker {
    struct mutex *m;
    volatile int *counter;
    volatile int *inside;
    int overlaps;
    struct completion *done;
};

static void mutex_worker_main(void *arg)
{
    struct mutex_worker *w = arg;
    for (int i = 0; i < 3000; i++) {
        mutex_lock(w->m);
        if ((*w->inside)++ != 0)
            w->overlaps++;
        int v = *w->counter;
        /* Long enough inside the lock that timer preemption lands here often. */
        for (volatile int spin = 0; spin < 200; spin++)
            ;
        *w->counter = v + 1;
        (*w->inside)--;
        mutex_unlock(w->m);
    }
    completion_signal(w->done);
}

KTEST(sched, mutex_exclusion_under_preemption)
{
    enum { N = 4 };
    struct mutex m;
    mutex_init(&m, "test");
    volatile int counter = 0, inside = 0;
    struct completion done;
    completion_init(&done);
    struct mutex_worker w[N];
    uint64_t switches_before = sched_switch_count();
    for (int i = 0; i < N; i++) {
        w[i] = (struct mutex_worker){ &m, &counter, &inside, 0, &done };
        KT_ASSERT(t, thread_create_kernel(kernel_process, mutex_worker_main, &w[i], THREAD_PRIORITY_NORMAL, "mtx"));
    }
    KT_ASSERT(t, completion_wait(&done, N, 30 * SECONDS) == 0);
    KT_CHECK_EQ(t, counter, N * 3000);
    for (int i = 0; i < N; i++)
        KT_CHECK_EQ(t, w[i].overlaps, 0);
    KT_CHECK(t, sched_switch_count() - switches_before > N);
    KT_CHECK(t, m.owner == NULL);
    KT_CHECK(t, mutex_trylock(&m));
    KT_CHECK(t, mutex_is_held(&m));
    mutex_unlock(&m);
}

/* Threads: creation, join and detach, mutual exclusion under contention,
 * condition variables, and what is private to a thread (errno, TLS,
 * thread id) versus shared (memory, descriptors). */
#include "rawsys.h"
#include "testlib.h"
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static void *return_arg_plus_one(void *arg)
{
    return (void *)((intptr_t)arg + 1);
}

TEST(threads, create_and_join_return_values)
{
    pthread_t t[8];
    for (intptr_t i = 0; i < 8; i++)
        CHECK_EQ(pthread_create(&t[i], NULL, return_arg_plus_one, (void *)(i * 10)), 0);
    for (intptr_t i = 0; i < 8; i++) {
        void *v = NULL;
        CHECK_EQ(pthread_join(t[i], &v), 0);
        CHECK_EQ((intptr_t)v, i * 10 + 1);
    }
}

static void *report_tid(void *arg)
{
    *(pid_t *)arg = gettid();
    return NULL;
}

TEST(threads, ids_differ_pid_is_shared)
{
    pid_t tid = 0;
    pthread_t t;
    REQUIRE(pthread_create(&t, NULL, report_tid, &tid) == 0);
    CHECK_EQ(pthread_join(t, NULL), 0);
    CHECK_CMP(tid, >, 0);
    CHECK_NE(tid, getpid());
    CHECK_NE(tid, gettid());
    /* A thread that was joined cannot be joined again. */
    CHECK_EQ(RAW2(SYS_join_thread, tid, NULL), -ESRCH);
    CHECK_EQ(RAW2(SYS_join_thread, 999999, NULL), -ESRCH);
    /* Joining yourself would wait forever. */
    CHECK_EQ(RAW2(SYS_join_thread, gettid(), NULL), -EDEADLK);
}

static volatile int detached_done;

static void *detached_body(void *arg)
{
    (void)arg;
    detached_done = 1;
    return NULL;
}

TEST(threads, detach)
{
    pthread_t t;
    REQUIRE(pthread_create(&t, NULL, detached_body, NULL) == 0);
    CHECK_EQ(pthread_detach(t), 0);
    int64_t until = tl_now_ns() + 5000000000LL;
    while (!detached_done && tl_now_ns() < until)
        tl_yield();
    CHECK(detached_done);
    /* Detached at creation, many times over: nothing must pile up. */
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    for (int i = 0; i < 200; i++) {
        detached_done = 0;
        if (!CHECK_EQ(pthread_create(&t, &attr, detached_body, NULL), 0))
            break;
        until = tl_now_ns() + 5000000000LL;
        while (!detached_done && tl_now_ns() < until)
            tl_yield();
    }
    pthread_attr_destroy(&attr);
}

static pthread_mutex_t counter_lock = PTHREAD_MUTEX_INITIALIZER;
static long counter;

static void *add_many(void *arg)
{
    long n = (long)(intptr_t)arg;
    for (long i = 0; i < n; i++) {
        pthread_mutex_lock(&counter_lock);
        long v = counter;
        /* Widen the window in which a broken lock would lose updates. */
        if ((i & 63) == 0)
            tl_yield();
        counter = v + 1;
        pthread_mutex_unlock(&counter_lock);
    }
    return NULL;
}

TEST(threads, mutex_contention_counts_exactly)
{
    enum { THREADS = 4, EACH = 20000 };
    pthread_t t[THREADS];
    for (int i = 0; i < THREADS; i++)
        REQUIRE(pthread_create(&t[i], NULL, add_many, (void *)(intptr_t)EACH) == 0);
    for (int i = 0; i < THREADS; i++)
        pthread_join(t[i], NULL);
    CHECK_EQ(counter, THREADS * EACH);
    CHECK_EQ(pthread_mutex_trylock(&counter_lock), 0);
    CHECK_EQ(pthread_mutex_trylock(&counter_lock), EBUSY);
    CHECK_EQ(pthread_mutex_unlock(&counter_lock), 0);
}

static pthread_mutex_t q_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t q_nonempty = PTHREAD_COND_INITIALIZER;
static pthread_cond_t q_nonfull = PTHREAD_COND_INITIALIZER;
static int queue[4], q_head, q_count;

static void *producer(void *arg)
{
    (void)arg;
    for (int i = 1; i <= 1000; i++) {
        pthread_mutex_lock(&q_lock);
        while (q_count == 4)
            pthread_cond_wait(&q_nonfull, &q_lock);
        queue[(q_head + q_count) % 4] = i;
        q_count++;
        pthread_cond_signal(&q_nonempty);
        pthread_mutex_unlock(&q_lock);
    }
    return NULL;
}

TEST(threads, condition_variable_queue)
{
    pthread_t t;
    REQUIRE(pthread_create(&t, NULL, producer, NULL) == 0);
    long sum = 0;
    int expect = 1;
    for (int i = 0; i < 1000; i++) {
        pthread_mutex_lock(&q_lock);
        while (q_count == 0)
            pthread_cond_wait(&q_nonempty, &q_lock);
        int v = queue[q_head];
        q_head = (q_head + 1) % 4;
        q_count--;
        pthread_cond_signal(&q_nonfull);
        pthread_mutex_unlock(&q_lock);
        if (v != expect) {
            tl_fail(__FILE__, __LINE__, "item %d arrived out of order (expected %d)", v, expect);
            break;
        }
        expect++;
        sum += v;
    }
    pthread_join(t, NULL);
    CHECK_EQ(sum, 1000 * 1001 / 2);
}

static pthread_mutex_t gate_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t gate_cond = PTHREAD_COND_INITIALIZER;
static int gate_open, gate_waiting, gate_passed;

static void *wait_at_gate(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&gate_lock);
    gate_waiting++;
    while (!gate_open)
        pthread_cond_wait(&gate_cond, &gate_lock);
    gate_passed++;
    pthread_mutex_unlock(&gate_lock);
    return NULL;
}

TEST(threads, broadcast_wakes_everyone)
{
    enum { N = 5 };
    pthread_t t[N];
    for (int i = 0; i < N; i++)
        REQUIRE(pthread_create(&t[i], NULL, wait_at_gate, NULL) == 0);
    int64_t until = tl_now_ns() + 5000000000LL;
    for (;;) {
        pthread_mutex_lock(&gate_lock);
        int w = gate_waiting;
        pthread_mutex_unlock(&gate_lock);
        if (w == N || tl_now_ns() > until)
            break;
        tl_sleep_ms(1);
    }
    pthread_mutex_lock(&gate_lock);
    gate_open = 1;
    pthread_cond_broadcast(&gate_cond);
    pthread_mutex_unlock(&gate_lock);
    for (int i = 0; i < N; i++)
        pthread_join(t[i], NULL);
    CHECK_EQ(gate_passed, N);
}

TEST(threads, cond_timedwait_times_out)
{
    pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
    pthread_cond_t c = PTHREAD_COND_INITIALIZER;
    struct timespec deadline;
    clock_gettime(CLOCK_REALTIME, &deadline);
    deadline.tv_nsec += 30000000;
    if (deadline.tv_nsec >= 1000000000) {
        deadline.tv_sec++;
        deadline.tv_nsec -= 1000000000;
    }
    pthread_mutex_lock(&m);
    int64_t t0 = tl_now_ns();
    CHECK_EQ(pthread_cond_timedwait(&c, &m, &deadline), ETIMEDOUT);
    CHECK_CMP(tl_now_ns() - t0, >=, 20000000);
    /* The mutex is held again on return. */
    CHECK_EQ(pthread_mutex_trylock(&m), EBUSY);
    pthread_mutex_unlock(&m);
}

static void *errno_worker(void *arg)
{
    errno = 0;
    close(-1);   /* EBADF in this thread only */
    int mine = errno;
    *(int *)arg = mine;
    return NULL;
}

TEST(threads, errno_is_per_thread)
{
    errno = ENOENT;
    int theirs = 0;
    pthread_t t;
    REQUIRE(pthread_create(&t, NULL, errno_worker, &theirs) == 0);
    pthread_join(t, NULL);
    CHECK_EQ(theirs, EBADF);
    CHECK_EQ(errno, ENOENT);
}

static __thread int tls_value = 7;
static __thread char tls_buf[64];

static void *tls_worker(void *arg)
{
    int id = (int)(intptr_t)arg;
    int ok = tls_value == 7 && tls_buf[0] == 0;  /* a fresh copy of the template */
    tls_value = id;
    memset(tls_buf, id, sizeof(tls_buf));
    for (int i = 0; i < 50; i++)
        tl_yield();
    ok = ok && tls_value == id && tls_buf[63] == (char)id;
    return (void *)(intptr_t)ok;
}

TEST(threads, thread_local_storage)
{
    tls_value = 99;
    pthread_t t[4];
    for (int i = 0; i < 4; i++)
        REQUIRE(pthread_create(&t[i], NULL, tls_worker, (void *)(intptr_t)(i + 1)) == 0);
    for (int i = 0; i < 4; i++) {
        void *ok = NULL;
        pthread_join(t[i], &ok);
        CHECK_EQ((intptr_t)ok, 1);
    }
    CHECK_EQ(tls_value, 99);
}

static pthread_key_t key;
static int destructed;

static void key_destructor(void *v)
{
    __atomic_add_fetch(&destructed, (int)(intptr_t)v, __ATOMIC_SEQ_CST);
}

static void *key_worker(void *arg)
{
    pthread_setspecific(key, arg);
    return pthread_getspecific(key);
}

TEST(threads, keys_and_destructors)
{
    REQUIRE(pthread_key_create(&key, key_destructor) == 0);
    pthread_setspecific(key, (void *)100);
    pthread_t t[3];
    for (int i = 0; i < 3; i++)
        REQUIRE(pthread_create(&t[i], NULL, key_worker, (void *)(intptr_t)(i + 1)) == 0);
    for (int i = 0; i < 3; i++) {
        void *v;
        pthread_join(t[i], &v);
        CHECK_EQ((intptr_t)v, i + 1);
    }
    CHECK_EQ(destructed, 1 + 2 + 3);
    CHECK_EQ((intptr_t)pthread_getspecific(key), 100);
}

static void *write_shared(void *arg)
{
    int fd = *(int *)arg;
    write(fd, "thread", 6);
    return NULL;
}

TEST(threads, share_memory_and_descriptors)
{
    int fds[2];
    REQUIRE_OK(pipe(fds));
    pthread_t t;
    REQUIRE(pthread_create(&t, NULL, write_shared, &fds[1]) == 0);
    pthread_join(t, NULL);
    char buf[8] = { 0 };
    CHECK_EQ(read(fds[0], buf, sizeof(buf)), 6);
    CHECK_STREQ(buf, "thread");
}

static void *spin_forever(void *arg)
{
    (void)arg;
    for (;;)
        tl_yield();
    return NULL;
}

TEST(threads, exit_ends_every_thread)
{
    pid_t pid = tl_fork();
    if (pid == 0) {
        pthread_t t;
        for (int i = 0; i < 3; i++)
            pthread_create(&t, NULL, spin_forever, NULL);
        _exit(9);
    }
    tl_wait_exit(pid, 9);
    /* and a crash in one thread takes the whole process down */
    pid = tl_fork();
    if (pid == 0) {
        pthread_t t;
        pthread_create(&t, NULL, spin_forever, NULL);
        *(volatile int *)0 = 0;
        _exit(0);
    }
    tl_wait_signal(pid, SIGSEGV);
}

static void *fork_in_thread(void *arg)
{
    (void)arg;
    pid_t pid = fork();
    if (pid == 0)
        _exit(33);
    int status = 0;
    waitpid(pid, &status, 0);
    return (void *)(intptr_t)status;
}

TEST(threads, fork_from_a_thread)
{
    pthread_t t;
    REQUIRE(pthread_create(&t, NULL, fork_in_thread, NULL) == 0);
    void *v;
    pthread_join(t, &v);
    CHECK_EQ((intptr_t)v, 33 << 8);
}

static void *exec_in_thread(void *arg)
{
    (void)arg;
    char *argv[] = { TL_SELF, "--helper", "exit", "44", NULL };
    char *envp[] = { NULL };
    execve(TL_SELF, argv, envp);
    return NULL;
}

TEST(threads, exec_from_a_thread_replaces_the_process)
{
    pid_t pid = tl_fork();
    if (pid == 0) {
        pthread_t t1, t2;
        pthread_create(&t1, NULL, spin_forever, NULL);
        pthread_create(&t2, NULL, exec_in_thread, NULL);
        pthread_join(t2, NULL);
        _exit(1);   /* the exec failed */
    }
    tl_wait_exit(pid, 44);
}

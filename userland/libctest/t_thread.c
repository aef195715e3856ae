/* Threads: creation and joining, per-thread errno and __thread storage,
 * mutexes under contention, condition variables, once, keys, detached
 * threads, and malloc and stdio used from many threads at once. */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "libctest.h"

#define THREADS 8

static __thread int tls_value = 5;
static __thread char tls_buffer[100];

static void *return_arg_plus_one(void *arg)
{
    return (void *)((uintptr_t)arg + 1);
}

static void test_create_join(void)
{
    pthread_t t[THREADS];
    for (uintptr_t i = 0; i < THREADS; i++)
        CHECK(pthread_create(&t[i], NULL, return_arg_plus_one, (void *)(i * 10)) == 0);
    for (uintptr_t i = 0; i < THREADS; i++) {
        void *r = NULL;
        CHECK(pthread_join(t[i], &r) == 0);
        CHECK((uintptr_t)r == i * 10 + 1);
    }
    CHECK(pthread_join(pthread_self(), NULL) == EDEADLK);
    CHECK(pthread_equal(pthread_self(), pthread_self()));
}

static void *tls_worker(void *arg)
{
    uintptr_t id = (uintptr_t)arg;
    /* Each thread starts from the initial image and keeps its own copy. */
    if (tls_value != 5 || tls_buffer[0] != 0)
        return (void *)1;
    tls_value = (int)id;
    memset(tls_buffer, (int)id, sizeof(tls_buffer));
    errno = (int)id + 1000;
    usleep(10000);
    if (tls_value != (int)id || tls_buffer[99] != (char)id || errno != (int)id + 1000)
        return (void *)2;
    return NULL;
}

static void test_thread_local_and_errno(void)
{
    tls_value = 77;
    errno = 0;
    pthread_t t[THREADS];
    for (uintptr_t i = 0; i < THREADS; i++)
        CHECK(pthread_create(&t[i], NULL, tls_worker, (void *)(i + 1)) == 0);
    for (int i = 0; i < THREADS; i++) {
        void *r = (void *)-1;
        CHECK(pthread_join(t[i], &r) == 0 && r == NULL);
    }
    CHECK(tls_value == 77 && errno == 0);
}

static pthread_mutex_t counter_lock = PTHREAD_MUTEX_INITIALIZER;
static long counter;

static void *count_up(void *arg)
{
    (void)arg;
    for (int i = 0; i < 20000; i++) {
        pthread_mutex_lock(&counter_lock);
        long v = counter;
        if (i % 1000 == 0)
            sched_yield(); /* invite the others in while we hold it */
        counter = v + 1;
        pthread_mutex_unlock(&counter_lock);
    }
    return NULL;
}

static void test_mutex(void)
{
    counter = 0;
    pthread_t t[4];
    for (int i = 0; i < 4; i++)
        CHECK(pthread_create(&t[i], NULL, count_up, NULL) == 0);
    for (int i = 0; i < 4; i++)
        CHECK(pthread_join(t[i], NULL) == 0);
    CHECK(counter == 4 * 20000);

    pthread_mutexattr_t attr;
    pthread_mutex_t m;
    pthread_mutexattr_init(&attr);
    CHECK(pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_RECURSIVE) == 0);
    CHECK(pthread_mutex_init(&m, &attr) == 0);
    CHECK(pthread_mutex_lock(&m) == 0 && pthread_mutex_lock(&m) == 0);
    CHECK(pthread_mutex_unlock(&m) == 0 && pthread_mutex_unlock(&m) == 0);
    CHECK(pthread_mutex_unlock(&m) == EPERM);

    CHECK(pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_ERRORCHECK) == 0);
    CHECK(pthread_mutex_init(&m, &attr) == 0);
    CHECK(pthread_mutex_lock(&m) == 0);
    CHECK(pthread_mutex_lock(&m) == EDEADLK);
    CHECK(pthread_mutex_trylock(&m) == EBUSY);
    CHECK(pthread_mutex_unlock(&m) == 0);
    CHECK(pthread_mutex_trylock(&m) == 0 && pthread_mutex_unlock(&m) == 0);
    CHECK(pthread_mutex_destroy(&m) == 0);
}

/* A bounded queue between producers and consumers. */
#define QUEUE 4
static pthread_mutex_t q_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t q_not_empty = PTHREAD_COND_INITIALIZER;
static pthread_cond_t q_not_full = PTHREAD_COND_INITIALIZER;
static int q_items[QUEUE], q_count, q_head;
static long q_sum;

static void *producer(void *arg)
{
    (void)arg;
    for (int i = 1; i <= 500; i++) {
        pthread_mutex_lock(&q_lock);
        while (q_count == QUEUE)
            pthread_cond_wait(&q_not_full, &q_lock);
        q_items[(q_head + q_count++) % QUEUE] = i;
        pthread_cond_signal(&q_not_empty);
        pthread_mutex_unlock(&q_lock);
    }
    return NULL;
}

static void *consumer(void *arg)
{
    (void)arg;
    for (int i = 0; i < 500; i++) {
        pthread_mutex_lock(&q_lock);
        while (q_count == 0)
            pthread_cond_wait(&q_not_empty, &q_lock);
        q_sum += q_items[q_head];
        q_head = (q_head + 1) % QUEUE;
        q_count--;
        pthread_cond_signal(&q_not_full);
        pthread_mutex_unlock(&q_lock);
    }
    return NULL;
}

static void test_condition_variables(void)
{
    pthread_t p[2], c[2];
    for (int i = 0; i < 2; i++) {
        CHECK(pthread_create(&p[i], NULL, producer, NULL) == 0);
        CHECK(pthread_create(&c[i], NULL, consumer, NULL) == 0);
    }
    for (int i = 0; i < 2; i++) {
        CHECK(pthread_join(p[i], NULL) == 0);
        CHECK(pthread_join(c[i], NULL) == 0);
    }
    CHECK(q_sum == 2 * (500 * 501 / 2));

    /* A timed wait that nobody signals times out, with the mutex held. */
    pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
    pthread_cond_t c1 = PTHREAD_COND_INITIALIZER;
    struct timespec deadline;
    clock_gettime(CLOCK_REALTIME, &deadline);
    deadline.tv_nsec += 50 * 1000000;
    if (deadline.tv_nsec >= 1000000000) {
        deadline.tv_sec++;
        deadline.tv_nsec -= 1000000000;
    }
    pthread_mutex_lock(&m);
    int r;
    do
        r = pthread_cond_timedwait(&c1, &m, &deadline);
    while (r == 0);
    CHECK(r == ETIMEDOUT);
    CHECK(pthread_mutex_trylock(&m) == EBUSY || pthread_mutex_unlock(&m) == 0);
    pthread_mutex_unlock(&m);
}

static pthread_once_t once = PTHREAD_ONCE_INIT;
static int once_runs;

static void run_once(void)
{
    once_runs++;
    usleep(20000);
}

static void *call_once(void *arg)
{
    (void)arg;
    pthread_once(&once, run_once);
    return (void *)(uintptr_t)once_runs;
}

static pthread_key_t key;
static int destructor_runs;
static pthread_mutex_t destructor_lock = PTHREAD_MUTEX_INITIALIZER;

static void destroy_value(void *v)
{
    pthread_mutex_lock(&destructor_lock);
    destructor_runs += (int)(uintptr_t)v;
    pthread_mutex_unlock(&destructor_lock);
}

static void *use_key(void *arg)
{
    if (pthread_getspecific(key) != NULL)
        return (void *)1;
    pthread_setspecific(key, arg);
    return pthread_getspecific(key) == arg ? NULL : (void *)2;
}

static void test_once_and_keys(void)
{
    pthread_t t[4];
    for (int i = 0; i < 4; i++)
        CHECK(pthread_create(&t[i], NULL, call_once, NULL) == 0);
    for (int i = 0; i < 4; i++) {
        void *r;
        CHECK(pthread_join(t[i], &r) == 0 && (uintptr_t)r == 1);
    }
    CHECK(once_runs == 1);

    CHECK(pthread_key_create(&key, destroy_value) == 0);
    for (uintptr_t i = 0; i < 4; i++)
        CHECK(pthread_create(&t[i], NULL, use_key, (void *)(i + 1)) == 0);
    for (int i = 0; i < 4; i++) {
        void *r;
        CHECK(pthread_join(t[i], &r) == 0 && r == NULL);
    }
    CHECK(destructor_runs == 1 + 2 + 3 + 4);
    CHECK(pthread_getspecific(key) == NULL);
    CHECK(pthread_key_delete(key) == 0);
    CHECK(pthread_setspecific(key, &key) == EINVAL);
}

static int detached_done;

static void *detached_worker(void *arg)
{
    (void)arg;
    __atomic_add_fetch(&detached_done, 1, __ATOMIC_RELAXED);
    return NULL;
}

static void test_detached(void)
{
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    CHECK(pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED) == 0);
    /* Many short-lived detached threads, each freeing its own memory. */
    for (int i = 0; i < 200; i++) {
        pthread_t t;
        CHECK(pthread_create(&t, &attr, detached_worker, NULL) == 0);
    }
    for (int i = 0; i < 500 && __atomic_load_n(&detached_done, __ATOMIC_RELAXED) < 200; i++)
        usleep(10000);
    CHECK(detached_done == 200);

    /* Detaching a running thread, and one that has already finished. */
    pthread_t a, b;
    CHECK(pthread_create(&a, NULL, detached_worker, NULL) == 0);
    CHECK(pthread_detach(a) == 0);
    CHECK(pthread_create(&b, NULL, detached_worker, NULL) == 0);
    usleep(50000);
    CHECK(pthread_detach(b) == 0);
    pthread_attr_destroy(&attr);
}

static void *stress_allocator(void *arg)
{
    uintptr_t seed = (uintptr_t)arg;
    void *blocks[64] = { 0 };
    for (int i = 0; i < 3000; i++) {
        seed = seed * 1103515245 + 12345;
        int slot = (int)((seed >> 8) % 64);
        free(blocks[slot]);
        size_t size = (seed >> 16) % 2000 + 1;
        blocks[slot] = malloc(size);
        if (!blocks[slot])
            return (void *)1;
        memset(blocks[slot], (int)slot, size);
    }
    for (int i = 0; i < 64; i++)
        free(blocks[i]);
    return NULL;
}

static void test_malloc_from_threads(void)
{
    pthread_t t[THREADS];
    for (uintptr_t i = 0; i < THREADS; i++)
        CHECK(pthread_create(&t[i], NULL, stress_allocator, (void *)(i + 1)) == 0);
    for (int i = 0; i < THREADS; i++) {
        void *r;
        CHECK(pthread_join(t[i], &r) == 0 && r == NULL);
    }
}

static void *exit_early(void *arg)
{
    pthread_exit(arg);
}

static void test_pthread_exit_and_attrs(void)
{
    pthread_t t;
    void *r = NULL;
    CHECK(pthread_create(&t, NULL, exit_early, (void *)0x1234) == 0);
    CHECK(pthread_join(t, &r) == 0 && r == (void *)0x1234);

    pthread_attr_t attr;
    size_t size;
    pthread_attr_init(&attr);
    CHECK(pthread_attr_setstacksize(&attr, 1) == EINVAL);
    CHECK(pthread_attr_setstacksize(&attr, 1 << 20) == 0);
    CHECK(pthread_attr_getstacksize(&attr, &size) == 0 && size == 1 << 20);
    CHECK(pthread_create(&t, &attr, return_arg_plus_one, NULL) == 0);
    CHECK(pthread_join(t, &r) == 0 && r == (void *)1);
}

const struct libc_test thread_tests[] = {
    { "thread/create-join", test_create_join },
    { "thread/tls-errno", test_thread_local_and_errno },
    { "thread/mutex", test_mutex },
    { "thread/cond", test_condition_variables },
    { "thread/once-keys", test_once_and_keys },
    { "thread/detached", test_detached },
    { "thread/malloc", test_malloc_from_threads },
    { "thread/exit-attrs", test_pthread_exit_and_attrs },
    { NULL, NULL },
};

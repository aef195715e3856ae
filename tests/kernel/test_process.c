/* Process table, id allocation, protected data, die() and the finalizer. */
#include "arch/x86/paging.h"
#include "arch/x86/usercopy.h"
#include "kernel/clock.h"
#include "kernel/completion.h"
#include "kernel/errno.h"
#include "kernel/finalizer.h"
#include "kernel/pid.h"
#include "kernel/process.h"
#include "kernel/protected_data.h"
#include "kernel/sched.h"
#include "kernel/selftest.h"
#include "kernel/thread.h"
#include "mm/heap.h"
#include "mm/pmm.h"
#include "mm/vmap.h"

#define MS (1000000ull)
#define SECONDS (1000000000ull)

static void exit_at_once(void *arg) { (void)arg; }

struct memory_figures {
    size_t heap_bytes, free_frames, vmap_pages;
};

static void memory_figures_take(struct memory_figures *m)
{
    finalizer_drain();
    heap_trim();
    struct heap_stats hs;
    heap_get_stats(&hs);
    m->heap_bytes = hs.bytes_in_use;
    /* Kernel page tables made meanwhile are permanent, not leaked. */
    m->free_frames = pmm_free_frames() + paging_kernel_table_frames();
    m->vmap_pages = vmap_pages_in_use();
}

struct parked {
    volatile int *release;
};

static void park_until_released(void *arg)
{
    struct parked *pk = arg;
    while (!*pk->release && !thread_current()->should_die)
        thread_sleep_ns(2 * MS);
}

KTEST(process, ten_thousand_threads_leave_nothing_behind)
{
    enum { TOTAL = 10000, BATCH = 100 };
    struct memory_figures before, after;
    memory_figures_take(&before);
    struct process *p = process_create("many-threads", process_current(), true);
    KT_ASSERT(t, p);
    int pid = process_pid(p);
    /* A parked thread keeps the process alive across the batches. */
    volatile int release = 0;
    struct parked keeper = { &release };
    KT_ASSERT(t, thread_create_kernel(p, park_until_released, &keeper, THREAD_PRIORITY_NORMAL, "keeper"));
    for (int made = 0; made < TOTAL; made += BATCH) {
        for (int i = 0; i < BATCH; i++)
            KT_ASSERT(t, thread_create_kernel(p, exit_at_once, NULL, THREAD_PRIORITY_NORMAL, "short"));
        /* Sleeping lets the batch run, exit and be finalized. */
        thread_sleep_ns(1 * MS);
    }
    release = 1;
    int status = -1;
    KT_CHECK_EQ(t, process_waitpid(process_current(), pid, &status, false), pid);
    KT_CHECK_EQ(t, status, WAIT_STATUS_EXITED(0));
    memory_figures_take(&after);
    KT_CHECK_EQ(t, after.heap_bytes, before.heap_bytes);
    KT_CHECK_EQ(t, after.free_frames, before.free_frames);
    KT_CHECK_EQ(t, after.vmap_pages, before.vmap_pages);
}

KTEST(process, pid_wraparound_skips_ids_in_use)
{
    enum { LIVE = 8, AFTER_WRAP = 24 };
    volatile int release = 0;
    struct parked pk = { &release };
    struct process *live[LIVE];
    int live_ids[LIVE * 2];
    int nlive = 0;
    /* Live processes at low numbers: start the search near the bottom. */
    id_table_set_next(2);
    for (int i = 0; i < LIVE; i++) {
        live[i] = process_create("live", process_current(), true);
        KT_ASSERT(t, live[i]);
        struct thread *th = thread_create_kernel(live[i], park_until_released, &pk, THREAD_PRIORITY_NORMAL, "park");
        KT_ASSERT(t, th);
        live_ids[nlive++] = process_pid(live[i]);
        live_ids[nlive++] = th->tid;    /* a second thread id, distinct from the pid */
    }
    /* Force the counter to the top so that the next ids wrap around. */
    id_table_set_next(PID_MAX - 4);
    bool wrapped = false;
    for (int i = 0; i < AFTER_WRAP; i++) {
        struct process *q = process_create("wrap", process_current(), true);
        KT_ASSERT(t, q);
        int pid = process_pid(q);
        KT_CHECK(t, pid > 0 && pid < PID_MAX);
        if (pid < PID_MAX - 4)
            wrapped = true;
        for (int j = 0; j < nlive; j++)
            if (pid == live_ids[j])
                ktest_fail(t, __FILE__, __LINE__, "pid %d handed out while in use", pid);
        KT_ASSERT(t, thread_create_kernel(q, exit_at_once, NULL, THREAD_PRIORITY_NORMAL, "short"));
        KT_CHECK_EQ(t, process_waitpid(process_current(), pid, NULL, false), pid);
    }
    KT_CHECK(t, wrapped);
    release = 1;
    for (int i = 0; i < LIVE; i++) {
        int pid = process_pid(live[i]);
        KT_CHECK_EQ(t, process_waitpid(process_current(), pid, NULL, false), pid);
        KT_CHECK(t, process_from_pid(pid) == NULL);
    }
}

KTEST(process, group_and_session_ids_stay_reserved)
{
    struct process *leader = process_create("leader", process_current(), true);
    KT_ASSERT(t, leader);
    int id = process_pid(leader);
    /* Someone else still uses the number as its group id ... */
    id_table_group_ref(id);
    KT_ASSERT(t, thread_create_kernel(leader, exit_at_once, NULL, THREAD_PRIORITY_NORMAL, "short"));
    KT_CHECK_EQ(t, process_waitpid(process_current(), id, NULL, false), id);
    /* ... so after the leader is gone the number is still not reused. */
    id_table_set_next(id);
    struct process *q = process_create("next", process_current(), true);
    KT_ASSERT(t, q);
    KT_CHECK(t, process_pid(q) != id);
    id_table_group_unref(id);
    int qpid = process_pid(q);
    KT_ASSERT(t, thread_create_kernel(q, exit_at_once, NULL, THREAD_PRIORITY_NORMAL, "short"));
    KT_CHECK_EQ(t, process_waitpid(process_current(), qpid, NULL, false), qpid);
    /* Once released, the number is available again. */
    id_table_set_next(id);
    struct process *r = process_create("again", process_current(), true);
    KT_ASSERT(t, r);
    KT_CHECK_EQ(t, process_pid(r), id);
    KT_ASSERT(t, thread_create_kernel(r, exit_at_once, NULL, THREAD_PRIORITY_NORMAL, "short"));
    KT_CHECK_EQ(t, process_waitpid(process_current(), id, NULL, false), id);
}

KTEST(process, lookup_by_pid)
{
    struct process *p = process_create("lookup", process_current(), true);
    KT_ASSERT(t, p);
    int pid = process_pid(p);
    struct process *found = process_from_pid(pid);
    KT_CHECK(t, found == p);
    if (found)
        process_put(found);
    KT_CHECK(t, process_from_pid(-1) == NULL);
    KT_CHECK(t, process_from_pid(PID_MAX + 5) == NULL);
    struct process *k = process_from_pid(0);
    KT_CHECK(t, k == kernel_process);
    if (k)
        process_put(k);
    KT_ASSERT(t, thread_create_kernel(p, exit_at_once, NULL, THREAD_PRIORITY_NORMAL, "short"));
    KT_CHECK_EQ(t, process_waitpid(process_current(), pid, NULL, false), pid);
    KT_CHECK(t, process_from_pid(pid) == NULL);
}

KTEST(process, protected_data_scopes_nest)
{
    struct process *p = process_create("protected", process_current(), true);
    KT_ASSERT(t, p);
    KT_CHECK(t, !process_protected_is_writable(p));
    process_protected_unlock(p);
    KT_CHECK(t, process_protected_is_writable(p));
    process_protected_unlock(p);
    process_protected_mut(p)->euid = 1234;
    process_protected_lock(p);
    /* Inner scope closed: the outer one still holds the page open. */
    KT_CHECK(t, process_protected_is_writable(p));
    process_protected_mut(p)->egid = 4321;
    process_protected_lock(p);
    KT_CHECK(t, !process_protected_is_writable(p));
    KT_CHECK_EQ(t, p->prot->euid, 1234);
    KT_CHECK_EQ(t, p->prot->egid, 4321);
    int pid = process_pid(p);
    KT_ASSERT(t, thread_create_kernel(p, exit_at_once, NULL, THREAD_PRIORITY_NORMAL, "short"));
    KT_CHECK_EQ(t, process_waitpid(process_current(), pid, NULL, false), pid);
}

struct racer {
    struct process *p;
    int my_status;
    volatile int *go;
    bool won;
    struct completion *ready;
};

static void racer_main(void *arg)
{
    struct racer *r = arg;
    completion_signal(r->ready);
    while (!*r->go)
        cpu_relax();
    r->won = process_die(r->p, r->my_status, 0);
    /* Like user threads, the racers go on until they notice they must die. */
    while (!thread_current()->should_die)
        sched_yield();
}

KTEST(process, die_happens_exactly_once)
{
    enum { N = 6, ROUNDS = 5 };
    for (int round = 0; round < ROUNDS; round++) {
        struct process *p = process_create("racers", process_current(), true);
        KT_ASSERT(t, p);
        volatile int go = 0;
        struct completion ready;
        completion_init(&ready);
        struct racer r[N];
        for (int i = 0; i < N; i++) {
            r[i] = (struct racer){ p, 10 + i, &go, false, &ready };
            KT_ASSERT(t, thread_create_kernel(p, racer_main, &r[i], THREAD_PRIORITY_NORMAL, "racer"));
        }
        KT_ASSERT(t, completion_wait(&ready, N, 5 * SECONDS) == 0);
        go = 1;
        int status = -1, pid = process_pid(p);
        KT_CHECK_EQ(t, process_waitpid(process_current(), pid, &status, false), pid);
        int winners = 0, winner_status = -1;
        for (int i = 0; i < N; i++) {
            if (r[i].won) {
                winners++;
                winner_status = r[i].my_status;
            }
        }
        KT_CHECK_EQ(t, winners, 1);
        KT_CHECK_EQ(t, status, WAIT_STATUS_EXITED(winner_status));
    }
}

KTEST(process, zombie_until_reaped)
{
    struct process *p = process_create("zombie", process_current(), true);
    KT_ASSERT(t, p);
    int pid = process_pid(p);
    KT_ASSERT(t, thread_create_kernel(p, exit_at_once, NULL, THREAD_PRIORITY_NORMAL, "short"));
    finalizer_drain();
    thread_sleep_ns(5 * MS);
    finalizer_drain();
    struct process *z = process_from_pid(pid);
    KT_ASSERT(t, z == p);
    KT_CHECK_EQ(t, z->state, PROCESS_ZOMBIE);
    KT_CHECK_EQ(t, z->prot->thread_count, 0);
    process_put(z);
    KT_CHECK_EQ(t, process_waitpid(process_current(), pid, NULL, true), pid);
    KT_CHECK(t, process_from_pid(pid) == NULL);
    KT_CHECK_EQ(t, process_waitpid(process_current(), pid, NULL, true), -ECHILD);
}

KTEST(process, waitpid_nohang_and_echild)
{
    KT_CHECK_EQ(t, process_waitpid(process_current(), 999, NULL, true), -ECHILD);
    volatile int release = 0;
    struct parked pk = { &release };
    struct process *p = process_create("busy", process_current(), true);
    KT_ASSERT(t, p);
    KT_ASSERT(t, thread_create_kernel(p, park_until_released, &pk, THREAD_PRIORITY_NORMAL, "park"));
    int pid = process_pid(p);
    KT_CHECK_EQ(t, process_waitpid(process_current(), pid, NULL, true), 0);
    release = 1;
    KT_CHECK_EQ(t, process_waitpid(process_current(), pid, NULL, false), pid);
}

static void burn_cpu(void *arg)
{
    uint64_t until = clock_ticks() + (uint32_t)(uintptr_t)arg;
    while (clock_ticks() < until)
        cpu_relax();
}

KTEST(process, cpu_time_reaches_parent)
{
    struct process *parent = process_current();
    uint64_t before_user = parent->child_ticks_user, before_kernel = parent->child_ticks_kernel;
    struct process *p = process_create("burner", parent, true);
    KT_ASSERT(t, p);
    KT_ASSERT(t, thread_create_kernel(p, burn_cpu, (void *)50, THREAD_PRIORITY_NORMAL, "burn"));
    KT_ASSERT(t, thread_create_kernel(p, burn_cpu, (void *)50, THREAD_PRIORITY_NORMAL, "burn"));
    int pid = process_pid(p);
    KT_CHECK_EQ(t, process_waitpid(parent, pid, NULL, false), pid);
    KT_CHECK_EQ(t, parent->child_ticks_user, before_user);     /* kernel threads never run in user mode */
    KT_CHECK(t, parent->child_ticks_kernel - before_kernel >= 50);
}

KTEST(process, orphans_are_released)
{
    /* A kernel process with no parent is freed by the finalizer itself. */
    struct memory_figures before, after;
    memory_figures_take(&before);
    int count_before = process_count();
    struct process *p = process_create("orphan", NULL, true);
    KT_ASSERT(t, p);
    int pid = process_pid(p);
    KT_ASSERT(t, thread_create_kernel(p, exit_at_once, NULL, THREAD_PRIORITY_NORMAL, "short"));
    /* Nobody can wait for it: poll until the finalizer has let it go. */
    for (int i = 0; i < 1000; i++) {
        struct process *still = process_from_pid(pid);
        if (!still)
            break;
        process_put(still);
        thread_sleep_ns(1 * MS);
    }
    memory_figures_take(&after);
    KT_CHECK_EQ(t, process_count(), count_before);
    KT_CHECK_EQ(t, after.heap_bytes, before.heap_bytes);
    KT_CHECK_EQ(t, after.free_frames, before.free_frames);
}

KTEST(process, protected_data_write_outside_scope_faults)
{
    struct process *p = process_create("protected-fault", process_current(), true);
    KT_ASSERT(t, p);
    uint32_t *euid = (uint32_t *)&p->prot->euid;
    /* Outside any scope the kernel itself cannot write the page. */
    KT_CHECK_EQ(t, probe_kernel_write32(euid, 0), -EFAULT);
    KT_CHECK_EQ(t, p->prot->euid, 0);
    process_protected_unlock(p);
    KT_CHECK_EQ(t, probe_kernel_write32(euid, 77), 0);
    process_protected_unlock(p);
    process_protected_lock(p);
    /* Still inside the outer scope after the inner one closed. */
    KT_CHECK_EQ(t, probe_kernel_write32(euid, 78), 0);
    process_protected_lock(p);
    KT_CHECK_EQ(t, probe_kernel_write32(euid, 0), -EFAULT);
    KT_CHECK_EQ(t, p->prot->euid, 78);
    int pid = process_pid(p);
    KT_ASSERT(t, thread_create_kernel(p, exit_at_once, NULL, THREAD_PRIORITY_NORMAL, "short"));
    KT_CHECK_EQ(t, process_waitpid(process_current(), pid, NULL, false), pid);
}

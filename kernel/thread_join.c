/* Join records. A record keeps its thread id reserved in the id table (as
 * a group id use), so the number cannot be handed out again while some
 * thread may still join it. */
#include "kernel/thread_join.h"
#include "kernel/errno.h"
#include "kernel/pid.h"
#include "kernel/process.h"
#include "kernel/thread.h"
#include "mm/heap.h"

struct thread_exit_record {
    int tid;
    void *value;
    struct list_node node;  /* process->exited_threads (process->lock) */
};

void thread_join_record_exit(struct process *p, struct thread *t)
{
    if (t->detached)
        return;
    struct thread_exit_record *r = kmalloc(sizeof(*r));
    if (!r)
        return;     /* without memory the thread behaves as detached */
    r->tid = t->tid;
    r->value = t->exit_value;
    id_table_group_ref(r->tid);
    irqflags_t fl = spin_lock_irqsave(&p->lock);
    list_push_back(&p->exited_threads, &r->node);
    spin_unlock_irqrestore(&p->lock, fl);
    wait_queue_wake_all(&p->thread_exit_wq);
}

void thread_join_discard_all(struct process *p)
{
    for (;;) {
        irqflags_t fl = spin_lock_irqsave(&p->lock);
        struct list_node *n = list_pop_front(&p->exited_threads);
        spin_unlock_irqrestore(&p->lock, fl);
        if (!n)
            return;
        struct thread_exit_record *r = list_entry(n, struct thread_exit_record, node);
        id_table_group_unref(r->tid);
        kfree(r);
    }
}

/* p->lock held. */
static struct thread_exit_record *record_find(struct process *p, int tid)
{
    list_for_each(n, &p->exited_threads) {
        struct thread_exit_record *r = list_entry(n, struct thread_exit_record, node);
        if (r->tid == tid)
            return r;
    }
    return NULL;
}

/* p->lock held. */
static struct thread *live_thread_find(struct process *p, int tid)
{
    list_for_each(n, &p->threads) {
        struct thread *t = list_entry(n, struct thread, process_node);
        if (t->tid == tid)
            return t;
    }
    return NULL;
}

struct join_wait {
    struct process *p;
    int tid;
    int state;  /* 1: record there, -ESRCH: gone, -EINVAL: detached, 0: still running */
};

static int join_ready(void *arg)
{
    struct join_wait *w = arg;
    irqflags_t fl = spin_lock_irqsave(&w->p->lock);
    struct thread *t = NULL;
    if (record_find(w->p, w->tid))
        w->state = 1;
    else if (!(t = live_thread_find(w->p, w->tid)))
        w->state = -ESRCH;
    else
        w->state = t->detached ? -EINVAL : 0;
    spin_unlock_irqrestore(&w->p->lock, fl);
    return w->state != 0;
}

int thread_join(struct process *p, int tid, void **value)
{
    if (tid == thread_current()->tid)
        return -EDEADLK;
    struct join_wait w = { p, tid, 0 };
    int rc = wait_queue_wait(&p->thread_exit_wq, join_ready, &w, 0, 1);
    if (rc < 0)
        return rc;
    if (w.state < 0)
        return w.state;
    irqflags_t fl = spin_lock_irqsave(&p->lock);
    struct thread_exit_record *r = record_find(p, tid);
    if (r)
        list_remove(&r->node);
    spin_unlock_irqrestore(&p->lock, fl);
    if (!r)
        return -ESRCH;  /* another thread joined it first */
    *value = r->value;
    id_table_group_unref(r->tid);
    kfree(r);
    return 0;
}

int thread_detach(struct process *p, int tid)
{
    irqflags_t fl = spin_lock_irqsave(&p->lock);
    struct thread_exit_record *r = record_find(p, tid);
    struct thread *t = r ? NULL : live_thread_find(p, tid);
    int rc = 0;
    if (r)
        list_remove(&r->node);
    else if (!t)
        rc = -ESRCH;
    else if (t->detached)
        rc = -EINVAL;
    else
        t->detached = true;
    spin_unlock_irqrestore(&p->lock, fl);
    if (r) {
        id_table_group_unref(r->tid);
        kfree(r);
    }
    return rc;
}

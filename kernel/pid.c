/* Id allocation and lookup. One spinlock guards the hash chains, the list
 * of all processes and the group reference counts. */
#include "kernel/pid.h"
#include "kernel/errno.h"
#include "kernel/panic.h"
#include "kernel/process.h"
#include "kernel/protected_data.h"
#include "kernel/spinlock.h"
#include "kernel/thread.h"
#include "mm/heap.h"

#define ID_BUCKETS 1024

struct group_use {
    int id;
    int count;
    struct group_use *next;
};

/* Protects everything in this file. */
static struct spinlock id_lock = SPINLOCK_INIT("id_table");
static struct process *pid_buckets[ID_BUCKETS];
static struct thread *tid_buckets[ID_BUCKETS];
static struct group_use *group_buckets[ID_BUCKETS];
static struct list_node all_processes = LIST_INIT(all_processes);
static int processes_alive;
static int next_id = ID_FIRST_DYNAMIC;

static inline unsigned bucket(int id) { return (unsigned)id % ID_BUCKETS; }

/* id_lock held. */
static struct process *pid_find(int id)
{
    for (struct process *p = pid_buckets[bucket(id)]; p; p = p->pid_next)
        if (p->prot->pid == id)
            return p;
    return NULL;
}

static struct thread *tid_find(int id)
{
    for (struct thread *t = tid_buckets[bucket(id)]; t; t = t->tid_next)
        if (t->tid == id)
            return t;
    return NULL;
}

static struct group_use *group_find(int id)
{
    for (struct group_use *g = group_buckets[bucket(id)]; g; g = g->next)
        if (g->id == id)
            return g;
    return NULL;
}

static bool id_in_use(int id) { return pid_find(id) || tid_find(id) || group_find(id); }

/* id_lock held. The next free id after the cursor, wrapping past PID_MAX.
 * 1 is init's and only handed out on request. */
static int id_pick(void)
{
    for (int tries = 0; tries < PID_MAX - 1; tries++) {
        int id = next_id;
        next_id = next_id + 1 >= PID_MAX ? ID_FIRST_DYNAMIC : next_id + 1;
        if (id >= ID_FIRST_DYNAMIC && !id_in_use(id))
            return id;
    }
    return -EAGAIN;
}

/* Picking the number, writing it into the protected data and linking the
 * process all happen under id_lock, so two creations can never pick the
 * same number. */
int id_table_alloc_pid(struct process *p, int wanted)
{
    irqflags_t fl = spin_lock_irqsave(&id_lock);
    int id = wanted >= 0 ? (id_in_use(wanted) && wanted != 0 ? -EEXIST : wanted) : id_pick();
    if (id >= 0) {
        process_protected_unlock(p);
        process_protected_mut(p)->pid = id;
        process_protected_lock(p);
        p->pid_next = pid_buckets[bucket(id)];
        pid_buckets[bucket(id)] = p;
        list_push_back(&all_processes, &p->all_node);
        processes_alive++;
    }
    spin_unlock_irqrestore(&id_lock, fl);
    return id;
}

void id_table_release_pid(struct process *p)
{
    irqflags_t fl = spin_lock_irqsave(&id_lock);
    struct process **pp = &pid_buckets[bucket(p->prot->pid)];
    while (*pp && *pp != p)
        pp = &(*pp)->pid_next;
    ASSERT(*pp == p);
    *pp = p->pid_next;
    list_remove(&p->all_node);
    processes_alive--;
    spin_unlock_irqrestore(&id_lock, fl);
}

static void tid_link(struct thread *t)
{
    t->tid_next = tid_buckets[bucket(t->tid)];
    tid_buckets[bucket(t->tid)] = t;
}

int id_table_attach_tid(int pid, struct thread *t)
{
    irqflags_t fl = spin_lock_irqsave(&id_lock);
    int rc = tid_find(pid) ? -EEXIST : pid;
    if (rc >= 0) {
        t->tid = pid;
        tid_link(t);
    }
    spin_unlock_irqrestore(&id_lock, fl);
    return rc;
}

int id_table_alloc_tid(struct thread *t)
{
    irqflags_t fl = spin_lock_irqsave(&id_lock);
    int id = id_pick();
    if (id >= 0) {
        t->tid = id;
        tid_link(t);
    }
    spin_unlock_irqrestore(&id_lock, fl);
    return id;
}

void id_table_release_tid(struct thread *t)
{
    irqflags_t fl = spin_lock_irqsave(&id_lock);
    struct thread **pp = &tid_buckets[bucket(t->tid)];
    while (*pp && *pp != t)
        pp = &(*pp)->tid_next;
    if (*pp == t)
        *pp = t->tid_next;
    spin_unlock_irqrestore(&id_lock, fl);
}

void id_table_group_ref(int id)
{
    struct group_use *fresh = kmalloc(sizeof(*fresh));   /* allocated before locking */
    irqflags_t fl = spin_lock_irqsave(&id_lock);
    struct group_use *g = group_find(id);
    if (g) {
        g->count++;
    } else if (fresh) {
        fresh->id = id;
        fresh->count = 1;
        fresh->next = group_buckets[bucket(id)];
        group_buckets[bucket(id)] = fresh;
        fresh = NULL;
    }
    spin_unlock_irqrestore(&id_lock, fl);
    if (!g && fresh)
        panic("id table: no memory to record group %d", id);
    kfree(fresh);
}

void id_table_group_unref(int id)
{
    struct group_use *dead = NULL;
    irqflags_t fl = spin_lock_irqsave(&id_lock);
    struct group_use **gp = &group_buckets[bucket(id)];
    while (*gp && (*gp)->id != id)
        gp = &(*gp)->next;
    ASSERT(*gp);
    if (--(*gp)->count == 0) {
        dead = *gp;
        *gp = dead->next;
    }
    spin_unlock_irqrestore(&id_lock, fl);
    kfree(dead);
}

struct process *process_from_pid(int pid)
{
    irqflags_t fl = spin_lock_irqsave(&id_lock);
    struct process *p = pid >= 0 ? pid_find(pid) : NULL;
    if (p)
        process_get(p);
    spin_unlock_irqrestore(&id_lock, fl);
    return p;
}

struct thread *thread_from_tid(int tid)
{
    irqflags_t fl = spin_lock_irqsave(&id_lock);
    struct thread *t = tid_find(tid);
    spin_unlock_irqrestore(&id_lock, fl);
    return t;
}

void process_for_each(void (*fn)(struct process *p, void *arg), void *arg)
{
    irqflags_t fl = spin_lock_irqsave(&id_lock);
    list_for_each(n, &all_processes)
        fn(list_entry(n, struct process, all_node), arg);
    spin_unlock_irqrestore(&id_lock, fl);
}

int process_count(void) { return processes_alive; }

void id_table_set_next(int next)
{
    irqflags_t fl = spin_lock_irqsave(&id_lock);
    next_id = next >= ID_FIRST_DYNAMIC && next < PID_MAX ? next : ID_FIRST_DYNAMIC;
    spin_unlock_irqrestore(&id_lock, fl);
}

void id_table_init(void) {}

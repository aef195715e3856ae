/* The id table: pids and tids share one number space, and a number stays
 * taken while it is in use as a pid, a tid, a process group id or a
 * session id. Lookups are O(1) through hash tables. */
#ifndef KERNEL_PID_H
#define KERNEL_PID_H
#include "kernel/list.h"

struct process;
struct thread;

#define PID_MAX 32768   /* ids are 1..PID_MAX-1; 0 is the kernel process */
#define PID_INIT 1      /* reserved for init, the first user process */
#define ID_FIRST_DYNAMIC 2

void id_table_init(void);
/* Registers p under a fresh id, or under `wanted` (0 for the kernel
 * process, PID_INIT for init) when that is >= 0; returns the id, -EAGAIN
 * when none is free or -EEXIST when the wanted one is taken. */
int id_table_alloc_pid(struct process *p, int wanted);
void id_table_release_pid(struct process *p);
/* The first thread of a process takes the process's own number. */
int id_table_attach_tid(int pid, struct thread *t);
int id_table_alloc_tid(struct thread *t);
void id_table_release_tid(struct thread *t);
/* Process groups and sessions keep their numbers reserved while used. */
void id_table_group_ref(int id);
void id_table_group_unref(int id);

/* A referenced process (process_put when done), or NULL. */
struct process *process_from_pid(int pid);
/* The thread with that tid, or NULL. Only stable while the caller keeps the
 * thread alive by other means (e.g. it is in the caller's process). */
struct thread *thread_from_tid(int tid);
/* Calls fn on every process with the table locked: fn must not sleep. */
void process_for_each(void (*fn)(struct process *p, void *arg), void *arg);
int process_count(void);

/* For the wrap-around test: where the next search starts. */
void id_table_set_next(int next);
#endif

/* What a joinable user thread leaves behind: its id (still reserved) and its
 * exit value, until another thread joins it. */
#ifndef KERNEL_THREAD_JOIN_H
#define KERNEL_THREAD_JOIN_H
struct process;
struct thread;
/* From the finalizer, for a thread of a live process. */
void thread_join_record_exit(struct process *p, struct thread *t);
/* From the finalizer, when the process ends: nobody can join any more. */
void thread_join_discard_all(struct process *p);
/* 0 with *value filled, -ESRCH, -EINVAL (detached), -EDEADLK, -EINTR. */
int thread_join(struct process *p, int tid, void **value);
int thread_detach(struct process *p, int tid);
#endif

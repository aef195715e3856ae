/* fork: a new process with a copy-on-write copy of the address space, the
 * same identity, and one thread that returns 0 from the same call. */
#include "arch/x86/context.h"
#include "arch/x86/trap_frame.h"
#include "fs/inode.h"
#include "kernel/errno.h"
#include "kernel/fd_table.h"
#include "kernel/process.h"
#include "kernel/sched.h"
#include "kernel/signal.h"
#include "kernel/thread.h"
#include "kernel/user_entry.h"
#include "mm/vm_space.h"
#include <string.h>

long sys_fork(void)
{
    struct thread *self = thread_current();
    struct process *parent = self->process;
    struct process *child = process_create(parent->name, parent, false);
    if (!child)
        return -EAGAIN;
    int rc = vm_space_clone_for_fork(parent->vm, &child->vm);
    if (rc < 0)
        goto fail_vm;
    if (parent->fds) {
        rc = fd_table_clone(parent->fds, &child->fds);
        if (rc < 0)
            goto fail_fds;
    }
    rc = unveil_copy(child, parent);
    if (rc < 0)
        goto fail_unveil;
    child->cwd = parent->cwd ? inode_get(parent->cwd) : NULL;
    child->root = parent->root ? inode_get(parent->root) : NULL;
    child->executable = parent->executable ? inode_get(parent->executable) : NULL;
    process_copy_exec_strings(child, parent);
    struct thread *t = thread_create_in(child, user_entry_from_frame, NULL, self->priority, self->name, true);
    if (!t) {
        rc = -ENOMEM;
        goto fail_thread;
    }
    /* Nothing below can fail: the child exists. */
    struct trap_frame *frame = arch_thread_user_frame(&t->arch);
    *frame = *self->user_frame;
    frame->eax = 0;     /* fork returns 0 in the child */
    t->arch.tls_base = self->arch.tls_base;
    arch_save_fpu(&self->arch);
    t->arch.fpu = self->arch.fpu;
    t->signal_mask = self->signal_mask;
    t->altstack = self->altstack;
    signal_fork_copy(child, parent);
    int pid = process_pid(child);
    sched_enqueue_new(t);
    return pid;

fail_thread:
fail_unveil:
fail_fds:
fail_vm:
    process_destroy_unstarted(child);
    return rc;
}

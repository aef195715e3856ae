/* User threads: create, exit, join, detach, and the TLS segment base. */
#include "arch/x86/context.h"
#include "arch/x86/gdt.h"
#include "arch/x86/trap_frame.h"
#include "kernel/api/thread.h"
#include "kernel/errno.h"
#include "kernel/process.h"
#include "kernel/sched.h"
#include "kernel/thread.h"
#include "kernel/thread_join.h"
#include "kernel/uaccess.h"
#include "kernel/user_entry.h"
#include "mm/layout.h"

long sys_create_thread(user_ptr_t params_ptr)
{
    struct thread_params params;
    if (copy_from_user(&params, params_ptr, sizeof(params)) < 0)
        return -EFAULT;
    uintptr_t top = (uintptr_t)params.stack_top;
    if ((top & 15) || top < USER_SPACE_START + 32 || top > USER_SPACE_END)
        return -EINVAL;
    if ((uintptr_t)params.entry < USER_SPACE_START || (uintptr_t)params.entry >= USER_SPACE_END)
        return -EINVAL;
    /* The new thread starts as if entry(arg) had just been called. */
    uint32_t start[2] = { 0, (uint32_t)(uintptr_t)params.arg };
    if (copy_to_user(user_ptr(top - 20), start, sizeof(start)) < 0)
        return -EFAULT;
    struct thread *self = thread_current();
    struct thread *t = thread_create_in(self->process, user_entry_from_frame, NULL, self->priority, self->name, false);
    if (!t)
        return -ENOMEM;
    arch_trap_frame_init_user(arch_thread_user_frame(&t->arch), (uint32_t)(uintptr_t)params.entry, top - 20);
    t->arch.tls_base = (uint32_t)(uintptr_t)params.tls;
    t->signal_mask = self->signal_mask;
    int tid = t->tid;
    sched_enqueue_new(t);
    return tid;
}

long sys_exit_thread(uint32_t value)
{
    thread_current()->exit_value = (void *)(uintptr_t)value;
    thread_exit();
}

long sys_join_thread(int tid, user_ptr_t value_out)
{
    void *value = NULL;
    int rc = thread_join(process_current(), tid, &value);
    if (rc < 0)
        return rc;
    if (!user_ptr_is_null(value_out)) {
        uint32_t v = (uint32_t)(uintptr_t)value;
        if (copy_to_user(value_out, &v, sizeof(v)) < 0)
            return -EFAULT;
    }
    return 0;
}

long sys_detach_thread(int tid) { return thread_detach(process_current(), tid); }

/* The base takes effect when %gs is next loaded, which the return to user
 * mode does from the saved frame. */
long sys_set_thread_area(uint32_t base)
{
    if (base >= USER_SPACE_END)
        return -EINVAL;
    struct thread *self = thread_current();
    irqflags_t fl = irq_save();
    self->arch.tls_base = base;
    gdt_set_tls_base(base);
    irq_restore(fl);
    return 0;
}

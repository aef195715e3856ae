#include "kernel/user_entry.h"
#include "arch/x86/context.h"
#include "kernel/thread.h"
#include "kernel/user_return.h"

void user_entry_from_frame(void *unused)
{
    (void)unused;
    struct thread *self = thread_current();
    struct trap_frame *frame = arch_thread_user_frame(&self->arch);
    user_return_prepare(frame);
    arch_enter_user(frame);
}

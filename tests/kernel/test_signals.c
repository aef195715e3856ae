/* Signals end to end with tiny programs: default actions, stop and
 * continue seen through waitid, handlers entered through the trampoline,
 * sigreturn resuming the interrupted code, and forged frames refused. */
#include "arch/x86/gdt.h"
#include "kernel/api/signal.h"
#include "kernel/api/syscall_list.h"
#include "kernel/api/wait.h"
#include "kernel/errno.h"
#include "kernel/job_control.h"
#include "kernel/pid.h"
#include "kernel/process.h"
#include "kernel/selftest.h"
#include "kernel/signal.h"
#include "kernel/thread.h"
#include "tests/kernel/tiny_program.h"

#define MS 1000000ull

static void emit_spin_forever(struct tiny_code *c) { tiny_emit(c, (const unsigned char[]){ 0xEB, 0xFE }, 2); }

static int send_to_pid(int pid, int sig)
{
    struct process *p = process_from_pid(pid);
    if (!p)
        return -ESRCH;
    struct signal_info info = { .code = SI_KERNEL };
    int rc = signal_send_process(p, sig, &info);
    process_put(p);
    return rc;
}

KTEST(signal, default_actions_terminate)
{
    const int sigs[] = { SIGKILL, SIGTERM, SIGINT, SIGUSR1, SIGSEGV };
    for (unsigned i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
        struct tiny_code c = { .len = 0 };
        emit_spin_forever(&c);
        int pid = tiny_spawn(&c, process_current());
        KT_ASSERT(t, pid > 0);
        KT_CHECK_EQ(t, send_to_pid(pid, sigs[i]), 0);
        int status = -1;
        KT_CHECK_EQ(t, process_waitpid(process_current(), pid, &status, false), pid);
        KT_CHECK_EQ(t, status, WAIT_STATUS_SIGNALED(sigs[i]));
    }
}

KTEST(signal, default_ignore_leaves_process_running)
{
    struct tiny_code c = { .len = 0 };
    emit_spin_forever(&c);
    int pid = tiny_spawn(&c, process_current());
    KT_ASSERT(t, pid > 0);
    KT_CHECK_EQ(t, send_to_pid(pid, SIGCHLD), 0);
    KT_CHECK_EQ(t, send_to_pid(pid, SIGWINCH), 0);
    thread_sleep_ns(30 * MS);
    KT_CHECK_EQ(t, process_waitpid(process_current(), pid, NULL, true), 0);   /* still alive */
    KT_CHECK_EQ(t, send_to_pid(pid, SIGKILL), 0);
    KT_CHECK_EQ(t, process_waitpid(process_current(), pid, NULL, false), pid);
}

KTEST(signal, stop_and_continue_reported_by_waitid)
{
    struct tiny_code c = { .len = 0 };
    emit_spin_forever(&c);
    int pid = tiny_spawn(&c, process_current());
    KT_ASSERT(t, pid > 0);
    struct wait_result r;
    KT_CHECK_EQ(t, process_wait(process_current(), P_PID, pid, WSTOPPED | WNOHANG, &r), 0);
    KT_CHECK_EQ(t, send_to_pid(pid, SIGSTOP), 0);
    KT_CHECK_EQ(t, process_wait(process_current(), P_PID, pid, WSTOPPED, &r), pid);
    KT_CHECK_EQ(t, r.code, CLD_STOPPED);
    KT_CHECK_EQ(t, r.signal, SIGSTOP);
    /* Reported once only. */
    KT_CHECK_EQ(t, process_wait(process_current(), P_PID, pid, WSTOPPED | WNOHANG, &r), 0);
    struct process *p = process_from_pid(pid);
    KT_ASSERT(t, p);
    KT_CHECK(t, p->stopped);
    uint64_t ticks = p->dead_ticks_user;
    struct thread *main_thread = list_entry(p->threads.next, struct thread, process_node);
    uint64_t user_before = main_thread->ticks_user;
    thread_sleep_ns(50 * MS);
    KT_CHECK_EQ(t, main_thread->ticks_user, user_before);   /* a stopped process does not run */
    (void)ticks;
    KT_CHECK_EQ(t, send_to_pid(pid, SIGCONT), 0);
    KT_CHECK_EQ(t, process_wait(process_current(), P_PID, pid, WCONTINUED, &r), pid);
    KT_CHECK_EQ(t, r.code, CLD_CONTINUED);
    KT_CHECK(t, !p->stopped);
    process_put(p);
    KT_CHECK_EQ(t, send_to_pid(pid, SIGKILL), 0);
    int status = -1;
    KT_CHECK_EQ(t, process_waitpid(process_current(), pid, &status, false), pid);
    KT_CHECK_EQ(t, status, WAIT_STATUS_SIGNALED(SIGKILL));
}

KTEST(signal, sigkill_ends_a_stopped_process)
{
    struct tiny_code c = { .len = 0 };
    emit_spin_forever(&c);
    int pid = tiny_spawn(&c, process_current());
    KT_ASSERT(t, pid > 0);
    KT_CHECK_EQ(t, send_to_pid(pid, SIGSTOP), 0);
    struct wait_result r;
    KT_CHECK_EQ(t, process_wait(process_current(), P_PID, pid, WSTOPPED, &r), pid);
    KT_CHECK_EQ(t, r.signal, SIGSTOP);
    KT_CHECK_EQ(t, send_to_pid(pid, SIGKILL), 0);
    int status = -1;
    KT_CHECK_EQ(t, process_waitpid(process_current(), pid, &status, false), pid);
    KT_CHECK_EQ(t, status, WAIT_STATUS_SIGNALED(SIGKILL));
}

/* A tiny process shares the kernel's group: nobody outside the group could
 * continue it, so its group is orphaned and the terminal's stop signals
 * must not stop it (POSIX), while SIGSTOP still does. */
KTEST(signal, orphaned_group_ignores_terminal_stop_signals)
{
    struct tiny_code c = { .len = 0 };
    emit_spin_forever(&c);
    int pid = tiny_spawn(&c, process_current());
    KT_ASSERT(t, pid > 0);
    struct process *p = process_from_pid(pid);
    KT_ASSERT(t, p);
    KT_CHECK(t, job_control_group_orphaned(p->prot->pgid));
    const int stops[] = { SIGTSTP, SIGTTIN, SIGTTOU };
    for (unsigned i = 0; i < 3; i++)
        KT_CHECK_EQ(t, send_to_pid(pid, stops[i]), 0);
    /* Give it time to take them: it runs on every tick it gets. */
    struct thread *main_thread = list_entry(p->threads.next, struct thread, process_node);
    uint64_t before = main_thread->ticks_user;
    thread_sleep_ns(60 * MS);
    KT_CHECK(t, !p->stopped);
    KT_CHECK(t, main_thread->ticks_user > before);
    struct wait_result r;
    KT_CHECK_EQ(t, process_wait(process_current(), P_PID, pid, WSTOPPED | WNOHANG, &r), 0);
    KT_CHECK_EQ(t, send_to_pid(pid, SIGSTOP), 0);
    KT_CHECK_EQ(t, process_wait(process_current(), P_PID, pid, WSTOPPED, &r), pid);
    process_put(p);
    KT_CHECK_EQ(t, send_to_pid(pid, SIGKILL), 0);
    KT_CHECK_EQ(t, process_waitpid(process_current(), pid, NULL, false), pid);
}

/* sigaction(SIGUSR1, {handler}), kill(getpid(), SIGUSR1), then exit(kill's
 * result + 7). The handler is appended by the caller. Returns the offset
 * of the handler's address in the code, to patch. */
static size_t emit_install_and_raise(struct tiny_code *c, uint32_t sa_flags)
{
    tiny_emit(c, (const unsigned char[]){ 0x83, 0xEC, 0x10 }, 3);     /* sub esp, 16 */
    tiny_emit(c, (const unsigned char[]){ 0xC7, 0x04, 0x24 }, 3);     /* mov dword [esp], handler */
    size_t patch = c->len;
    tiny_emit_imm32(c, 0);
    tiny_store_esp(c, 4, 0);                                          /* sa_mask */
    tiny_store_esp(c, 8, sa_flags);
    tiny_store_esp(c, 12, 0);
    tiny_mov_ebx(c, SIGUSR1);
    tiny_emit(c, (const unsigned char[]){ 0x89, 0xE1, 0x31, 0xD2 }, 4); /* mov ecx, esp; xor edx, edx */
    tiny_syscall(c, SYS_sigaction);
    tiny_syscall(c, SYS_getpid);
    tiny_emit(c, (const unsigned char[]){ 0x89, 0xC3 }, 2);           /* mov ebx, eax */
    tiny_mov_ecx(c, SIGUSR1);
    tiny_syscall(c, SYS_kill);
    tiny_emit(c, (const unsigned char[]){ 0x89, 0xC3, 0x83, 0xC3, 0x07 }, 5); /* mov ebx, eax; add ebx, 7 */
    tiny_exit_ebx(c);
    return patch;
}

static void patch_imm32(struct tiny_code *c, size_t at, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        c->bytes[at + i] = (unsigned char)(v >> (8 * i));
}

KTEST(signal, handler_receives_the_signal_number)
{
    struct tiny_code c = { .len = 0 };
    size_t patch = emit_install_and_raise(&c, 0);
    patch_imm32(&c, patch, tiny_here(&c));
    /* handler(signo): exit(signo + 100) */
    tiny_emit(&c, (const unsigned char[]){ 0x8B, 0x5C, 0x24, 0x04, 0x83, 0xC3, 0x64 }, 7);
    tiny_exit_ebx(&c);
    int status = -1;
    KT_ASSERT(t, tiny_run(&c, &status) > 0);
    KT_CHECK_EQ(t, status, WAIT_STATUS_EXITED(SIGUSR1 + 100));
}

KTEST(signal, sigreturn_resumes_with_registers_intact)
{
    struct tiny_code c = { .len = 0 };
    size_t patch = emit_install_and_raise(&c, 0);
    patch_imm32(&c, patch, tiny_here(&c));
    /* handler: clobber registers, then return into the trampoline. */
    tiny_mov_eax(&c, 0x12345678);
    tiny_mov_ebx(&c, 0x9ABCDEF0);
    tiny_emit(&c, (const unsigned char[]){ 0xC3 }, 1);                 /* ret */
    int status = -1;
    KT_ASSERT(t, tiny_run(&c, &status) > 0);
    /* kill returned 0 in eax, preserved across the handler: exit(0 + 7). */
    KT_CHECK_EQ(t, status, WAIT_STATUS_EXITED(7));
}

/* Builds a context by hand at esp+16 and calls sigreturn with it. The
 * resumed code, if any, exits with ebx (9). */
static void emit_handmade_sigreturn(struct tiny_code *c, uint32_t cs, uint32_t eflags, uint32_t eip_offset_mode)
{
    tiny_emit(c, (const unsigned char[]){ 0x81, 0xEC, 0x00, 0x04, 0x00, 0x00 }, 6); /* sub esp, 1024 */
    tiny_emit(c, (const unsigned char[]){ 0x89, 0xE7 }, 2);                         /* mov edi, esp */
    tiny_mov_ecx(c, 256);
    tiny_emit(c, (const unsigned char[]){ 0x31, 0xC0, 0xF3, 0xAB }, 4);             /* xor eax,eax; rep stosd */
    /* mcontext at esp + 16 (header) + 16 (ucontext flags, mask, onstack, reserved) */
    const uint8_t m = 32;
    tiny_store_esp(c, m + 0, SEL_USER_TLS);
    tiny_store_esp(c, m + 4, SEL_USER_DATA);
    tiny_store_esp(c, m + 8, SEL_USER_DATA);
    tiny_store_esp(c, m + 12, SEL_USER_DATA);
    tiny_emit(c, (const unsigned char[]){ 0x89, 0xE0 }, 2);                         /* mov eax, esp */
    tiny_emit(c, (const unsigned char[]){ 0x89, 0x44, 0x24, m + 28 }, 4);           /* context esp = esp */
    tiny_store_esp(c, m + 32, 9);                                                   /* ebx = 9 */
    size_t eip_at = c->len + 4;
    tiny_store_esp(c, m + 48, 0);                                                   /* eip, patched */
    tiny_store_esp(c, m + 52, cs);
    tiny_store_esp(c, m + 56, eflags);
    tiny_store_esp(c, m + 60, SEL_USER_DATA);
    tiny_syscall(c, SYS_sigreturn);
    tiny_emit(c, (const unsigned char[]){ 0x0F, 0x0B }, 2);                         /* ud2 */
    (void)eip_offset_mode;
    patch_imm32(c, eip_at, tiny_here(c));
    tiny_exit_ebx(c);
}

KTEST(signal, sigreturn_accepts_a_valid_frame)
{
    struct tiny_code c = { .len = 0 };
    emit_handmade_sigreturn(&c, SEL_USER_CODE, 0x202, 0);
    int status = -1;
    KT_ASSERT(t, tiny_run(&c, &status) > 0);
    KT_CHECK_EQ(t, status, WAIT_STATUS_EXITED(9));
}

KTEST(signal, sigreturn_refuses_forged_frames)
{
    const struct { uint32_t cs, eflags; const char *what; } forged[] = {
        { SEL_KERNEL_CODE, 0x202, "kernel code segment" },
        { SEL_USER_CODE, 0x3202, "IOPL 3" },
        { SEL_USER_CODE, 0x20202, "virtual-8086 mode" },
    };
    for (unsigned i = 0; i < sizeof(forged) / sizeof(forged[0]); i++) {
        struct tiny_code c = { .len = 0 };
        emit_handmade_sigreturn(&c, forged[i].cs, forged[i].eflags, 0);
        int status = -1;
        KT_ASSERT(t, tiny_run(&c, &status) > 0);
        if (status != WAIT_STATUS_SIGNALED(SIGSEGV))
            ktest_fail(t, __FILE__, __LINE__, "%s: status %#x, expected SIGSEGV", forged[i].what, status);
    }
}

KTEST(signal, kernel_processes_ignore_signals)
{
    struct process *self = process_current();
    KT_CHECK_EQ(t, signal_send_process(self, SIGTERM, NULL), 0);
    KT_CHECK_EQ(t, self->signals_pending, 0);
    KT_CHECK(t, !thread_interrupted(thread_current()));
    KT_CHECK_EQ(t, signal_send_process(self, NSIG, NULL), -EINVAL);
}

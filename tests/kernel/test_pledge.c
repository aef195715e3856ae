/* pledge: narrowing works, widening is refused, and a call outside the
 * promises kills the process with SIGABRT. */
#include "kernel/api/syscall_list.h"
#include "kernel/errno.h"
#include "kernel/process.h"
#include "kernel/selftest.h"
#include "kernel/signal_numbers.h"
#include "tests/kernel/tiny_program.h"
#include <string.h>

/* Emits `jmp over; "text\0"; over:` and returns the string's address. */
static uint32_t emit_string(struct tiny_code *c, const char *text)
{
    size_t len = strlen(text) + 1;
    tiny_emit(c, (const unsigned char[]){ 0xEB, (unsigned char)len }, 2);   /* jmp short over the bytes */
    uint32_t at = tiny_here(c);
    tiny_emit(c, (const unsigned char *)text, len);
    return at;
}

static void emit_pledge(struct tiny_code *c, uint32_t promises, uint32_t exec_promises)
{
    tiny_mov_ebx(c, promises);
    tiny_mov_ecx(c, exec_promises);
    tiny_syscall(c, SYS_pledge);
}

KTEST(pledge, call_outside_promises_aborts)
{
    struct tiny_code c = { .len = 0 };
    uint32_t stdio = emit_string(&c, "stdio");
    emit_pledge(&c, stdio, 0);
    tiny_syscall(&c, SYS_getpid);       /* allowed by stdio */
    tiny_syscall(&c, SYS_fork);         /* needs "proc": fatal */
    tiny_mov_ebx(&c, 3);
    tiny_exit_ebx(&c);
    int status = -1;
    KT_ASSERT(t, tiny_run(&c, &status) > 0);
    KT_CHECK_EQ(t, status, WAIT_STATUS_SIGNALED(KSIG_ABRT));
}

/* exit(-eax): the last call's errno becomes the exit status. */
static void emit_exit_negated_eax(struct tiny_code *c)
{
    tiny_emit(c, (const unsigned char[]){ 0x89, 0xC3, 0xF7, 0xDB }, 4);   /* mov ebx, eax; neg ebx */
    tiny_exit_ebx(c);
}

static int run_and_status(struct ktest_ctx *t, const struct tiny_code *c)
{
    int status = -1;
    KT_CHECK(t, tiny_run(c, &status) > 0);
    return status;
}

KTEST(pledge, unknown_promise_is_einval)
{
    struct tiny_code c = { .len = 0 };
    uint32_t bogus = emit_string(&c, "stdio flying");
    emit_pledge(&c, bogus, 0);
    emit_exit_negated_eax(&c);
    KT_CHECK_EQ(t, run_and_status(t, &c), WAIT_STATUS_EXITED(EINVAL));
}

KTEST(pledge, narrowing_is_allowed_widening_is_eperm)
{
    struct tiny_code c = { .len = 0 };
    uint32_t narrow = emit_string(&c, "stdio rpath");
    uint32_t narrower = emit_string(&c, "stdio");
    emit_pledge(&c, narrow, 0);
    emit_pledge(&c, narrower, 0);
    emit_exit_negated_eax(&c);
    KT_CHECK_EQ(t, run_and_status(t, &c), WAIT_STATUS_EXITED(0));

    struct tiny_code w = { .len = 0 };
    uint32_t small = emit_string(&w, "stdio");
    uint32_t wide = emit_string(&w, "stdio rpath");
    emit_pledge(&w, small, 0);
    emit_pledge(&w, wide, 0);
    emit_exit_negated_eax(&w);
    KT_CHECK_EQ(t, run_and_status(t, &w), WAIT_STATUS_EXITED(EPERM));
}

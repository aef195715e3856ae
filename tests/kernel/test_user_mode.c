/* Ring 3 end to end: tiny ELF programs built here in memory enter user mode,
 * come back only through int 0x82, and die with the right signal when they
 * fault, while the kernel carries on. */
#include "kernel/api/syscall_list.h"
#include "kernel/errno.h"
#include "kernel/exec.h"
#include "kernel/pid.h"
#include "kernel/process.h"
#include "kernel/selftest.h"
#include "kernel/signal_numbers.h"
#include "tests/kernel/tiny_program.h"
#include <string.h>

/* A program from raw bytes. */
static int run_tiny(struct ktest_ctx *t, const unsigned char *code, size_t len, int *status)
{
    struct tiny_code c = { .len = 0 };
    tiny_emit(&c, code, len);
    int pid = tiny_run(&c, status);
    KT_CHECK(t, pid > 0);
    return pid;
}

#define MOV_EAX(n) 0xB8, (n) & 0xFF, ((n) >> 8) & 0xFF, ((n) >> 16) & 0xFF, ((n) >> 24) & 0xFF
#define INT82 0xCD, 0x82
#define MOV_EBX_EAX 0x89, 0xC3
#define NEG_EBX 0xF7, 0xDB
#define EXIT_WITH_EBX MOV_EAX(SYS_exit), INT82, 0x0F, 0x0B

KTEST(user, syscall_gate_getpid_and_exit)
{
    const unsigned char code[] = { MOV_EAX(SYS_getpid), INT82, MOV_EBX_EAX, EXIT_WITH_EBX };
    int status = -1;
    int pid = run_tiny(t, code, sizeof(code), &status);
    KT_ASSERT(t, pid > 0);
    KT_CHECK_EQ(t, status, WAIT_STATUS_EXITED(pid & 0xFF));
}

KTEST(user, unknown_syscall_gives_enosys)
{
    const unsigned char code[] = { MOV_EAX(0xFFFF), INT82, MOV_EBX_EAX, NEG_EBX, EXIT_WITH_EBX };
    int status = -1;
    KT_ASSERT(t, run_tiny(t, code, sizeof(code), &status) > 0);
    KT_CHECK_EQ(t, status, WAIT_STATUS_EXITED(ENOSYS));
}

KTEST(user, kernel_pointer_gives_efault)
{
    /* debug_write(0xC0100000, 16): a kernel address from user mode. */
    const unsigned char code[] = {
        0xBB, 0x00, 0x00, 0x10, 0xC0,   /* mov ebx, 0xC0100000 */
        0xB9, 0x10, 0x00, 0x00, 0x00,   /* mov ecx, 16 */
        MOV_EAX(SYS_debug_write), INT82, MOV_EBX_EAX, NEG_EBX, EXIT_WITH_EBX,
    };
    int status = -1;
    KT_ASSERT(t, run_tiny(t, code, sizeof(code), &status) > 0);
    KT_CHECK_EQ(t, status, WAIT_STATUS_EXITED(EFAULT));
}

KTEST(user, unmapped_pointer_gives_efault)
{
    const unsigned char code[] = {
        0xBB, 0x00, 0x00, 0x00, 0x40,   /* mov ebx, 0x40000000 (nothing mapped) */
        0xB9, 0x10, 0x00, 0x00, 0x00,   /* mov ecx, 16 */
        MOV_EAX(SYS_debug_write), INT82, MOV_EBX_EAX, NEG_EBX, EXIT_WITH_EBX,
    };
    int status = -1;
    KT_ASSERT(t, run_tiny(t, code, sizeof(code), &status) > 0);
    KT_CHECK_EQ(t, status, WAIT_STATUS_EXITED(EFAULT));
}

KTEST(user, debug_write_from_user_memory)
{
    /* Writes its own first 4 code bytes... as text it is harmless binary;
     * what matters is the returned length. */
    const unsigned char code[] = {
        0xBB, 0x00, 0x81, 0x04, 0x08,   /* mov ebx, 0x08048100 (own code) */
        0xB9, 0x00, 0x00, 0x00, 0x00,   /* mov ecx, 0 */
        MOV_EAX(SYS_debug_write), INT82, MOV_EBX_EAX, EXIT_WITH_EBX,
    };
    int status = -1;
    KT_ASSERT(t, run_tiny(t, code, sizeof(code), &status) > 0);
    KT_CHECK_EQ(t, status, WAIT_STATUS_EXITED(0));
}

struct crash_case {
    const char *what;
    unsigned char code[16];
    size_t len;
    int signal;
};

KTEST(user, crashes_kill_only_the_process)
{
    static const struct crash_case cases[] = {
        { "null read", { 0xA1, 0, 0, 0, 0 }, 5, KSIG_SEGV },
        { "invalid opcode", { 0x0F, 0x0B }, 2, KSIG_ILL },
        { "divide by zero", { 0x31, 0xC9, 0xF7, 0xF1 }, 4, KSIG_FPE },
        { "privileged cli", { 0xFA }, 1, KSIG_SEGV },
        { "privileged hlt", { 0xF4 }, 1, KSIG_SEGV },
        { "int 0x80 is no gate", { 0xCD, 0x80 }, 2, KSIG_SEGV },
        { "write to own text", { 0xC7, 0x05, 0x00, 0x80, 0x04, 0x08, 0, 0, 0, 0 }, 10, KSIG_SEGV },
        { "write to kernel memory", { 0xC7, 0x05, 0x00, 0x00, 0x10, 0xC0, 0, 0, 0, 0 }, 10, KSIG_SEGV },
        { "execute the stack", { 0xFF, 0xE4 }, 2, KSIG_SEGV },
        { "stack overflow into the guard", { 0xE8, 0xFB, 0xFF, 0xFF, 0xFF }, 5, KSIG_SEGV },
        { "port I/O", { 0xE4, 0x60 }, 2, KSIG_SEGV },
    };
    for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        int status = -1;
        int rc = run_tiny(t, cases[i].code, cases[i].len, &status);
        if (rc <= 0 || status != WAIT_STATUS_SIGNALED(cases[i].signal))
            ktest_fail(t, __FILE__, __LINE__, "%s: rc %d status %#x, expected signal %d", cases[i].what, rc,
                       status, cases[i].signal);
    }
}

KTEST(user, bad_images_never_get_a_pid)
{
    /* A code region too large for the one-page image is refused, and
     * nothing of the process stays behind. */
    int before = process_count();
    const char *argv[] = { "bad", NULL };
    static const unsigned char not_elf[64] = { 0x7f, 'E', 'L', 'F', 2 };
    KT_CHECK_EQ(t, user_process_spawn(not_elf, sizeof(not_elf), "bad", argv, argv + 1, process_current(), false),
                -ENOEXEC);
    KT_CHECK_EQ(t, user_process_spawn(not_elf, 10, "bad", argv, argv + 1, process_current(), false), -ENOEXEC);
    KT_CHECK_EQ(t, process_count(), before);
}

/* Ring 3 end to end: tiny ELF programs built here in memory enter user mode,
 * come back only through int 0x82, and die with the right signal when they
 * fault, while the kernel carries on. */
#include "kernel/api/syscall_list.h"
#include "kernel/errno.h"
#include "kernel/exec.h"
#include "kernel/pid.h"
#include "kernel/elf.h"
#include "kernel/process.h"
#include "kernel/selftest.h"
#include "kernel/signal_numbers.h"
#include "mm/heap.h"
#include <string.h>

#define TEXT_ADDR 0x08048000u
#define CODE_OFFSET 0x100u

struct tiny_elf {
    struct elf32_ehdr eh;
    struct elf32_phdr ph;
    unsigned char pad[CODE_OFFSET - sizeof(struct elf32_ehdr) - sizeof(struct elf32_phdr)];
    unsigned char code[256];
};

/* One read+execute segment holding `code` at TEXT_ADDR + CODE_OFFSET. */
static struct tiny_elf *tiny_elf_build(const unsigned char *code, size_t len)
{
    struct tiny_elf *e = kzalloc(sizeof(*e));
    if (!e || len > sizeof(e->code)) {
        kfree(e);
        return NULL;
    }
    memcpy(e->eh.e_ident, "\x7f" "ELF", 4);
    e->eh.e_ident[4] = ELFCLASS32;
    e->eh.e_ident[5] = ELFDATA2LSB;
    e->eh.e_ident[6] = EV_CURRENT;
    e->eh.e_type = ET_EXEC;
    e->eh.e_machine = EM_386;
    e->eh.e_version = EV_CURRENT;
    e->eh.e_entry = TEXT_ADDR + CODE_OFFSET;
    e->eh.e_phoff = sizeof(struct elf32_ehdr);
    e->eh.e_ehsize = sizeof(struct elf32_ehdr);
    e->eh.e_phentsize = sizeof(struct elf32_phdr);
    e->eh.e_phnum = 1;
    e->ph = (struct elf32_phdr){ PT_LOAD, 0, TEXT_ADDR, TEXT_ADDR, sizeof(*e), sizeof(*e), PF_R | PF_X, 0x1000 };
    memcpy(e->code, code, len);
    return e;
}

/* Runs the program as a child of the test and returns its wait status. */
static int run_tiny(struct ktest_ctx *t, const unsigned char *code, size_t len, int *status)
{
    struct tiny_elf *e = tiny_elf_build(code, len);
    if (!e)
        return -ENOMEM;
    const char *argv[] = { "tiny", NULL };
    const char *envp[] = { NULL };
    int pid = user_process_spawn(e, sizeof(*e), "tiny", argv, envp, process_current());
    int rc = pid;
    if (pid > 0) {
        rc = process_waitpid(process_current(), pid, status, false);
        KT_CHECK_EQ(t, rc, pid);
    }
    kfree(e);
    return rc;
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
    const unsigned char code[] = { 0x0F, 0x0B };
    struct tiny_elf *e = tiny_elf_build(code, sizeof(code));
    KT_ASSERT(t, e);
    e->eh.e_machine = 62;
    const char *argv[] = { "bad", NULL };
    int before = process_count();
    KT_CHECK_EQ(t, user_process_spawn(e, sizeof(*e), "bad", argv, argv + 1, process_current()), -ENOEXEC);
    KT_CHECK_EQ(t, process_count(), before);
    kfree(e);
}

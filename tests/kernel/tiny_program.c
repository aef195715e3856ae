#include "tests/kernel/tiny_program.h"
#include "kernel/api/syscall_list.h"
#include "kernel/elf.h"
#include "kernel/errno.h"
#include "kernel/exec.h"
#include "kernel/panic.h"
#include "kernel/process.h"
#include "mm/heap.h"
#include <string.h>

struct tiny_elf {
    struct elf32_ehdr eh;
    struct elf32_phdr ph;
    unsigned char pad[TINY_CODE_ADDR - TINY_TEXT_ADDR - sizeof(struct elf32_ehdr) - sizeof(struct elf32_phdr)];
    unsigned char code[TINY_CODE_MAX];
};

void tiny_emit(struct tiny_code *c, const unsigned char *bytes, size_t n)
{
    ASSERT(c->len + n <= TINY_CODE_MAX);
    memcpy(c->bytes + c->len, bytes, n);
    c->len += n;
}

void tiny_emit_imm32(struct tiny_code *c, uint32_t v)
{
    unsigned char b[4] = { v & 0xFF, (v >> 8) & 0xFF, (v >> 16) & 0xFF, v >> 24 };
    tiny_emit(c, b, 4);
}

static void tiny_op_imm32(struct tiny_code *c, unsigned char op, uint32_t v)
{
    tiny_emit(c, &op, 1);
    tiny_emit_imm32(c, v);
}

void tiny_mov_eax(struct tiny_code *c, uint32_t v) { tiny_op_imm32(c, 0xB8, v); }
void tiny_mov_ebx(struct tiny_code *c, uint32_t v) { tiny_op_imm32(c, 0xBB, v); }
void tiny_mov_ecx(struct tiny_code *c, uint32_t v) { tiny_op_imm32(c, 0xB9, v); }
void tiny_int82(struct tiny_code *c) { tiny_emit(c, (const unsigned char[]){ 0xCD, 0x82 }, 2); }

void tiny_store_esp(struct tiny_code *c, uint8_t disp, uint32_t v)
{
    tiny_emit(c, (const unsigned char[]){ 0xC7, 0x44, 0x24, disp }, 4);
    tiny_emit_imm32(c, v);
}

void tiny_syscall(struct tiny_code *c, uint32_t number)
{
    tiny_mov_eax(c, number);
    tiny_int82(c);
}

void tiny_exit_ebx(struct tiny_code *c)
{
    tiny_syscall(c, SYS_exit);
    tiny_emit(c, (const unsigned char[]){ 0x0F, 0x0B }, 2);   /* ud2: exit does not return */
}

int tiny_spawn(const struct tiny_code *c, struct process *parent)
{
    const char *argv[] = { "tiny", NULL };
    return tiny_spawn_with(c, parent, "tiny", argv, argv + 1);
}

int tiny_spawn_with(const struct tiny_code *c, struct process *parent, const char *name,
                    const char *const argv[], const char *const envp[])
{
    struct tiny_elf *e = kzalloc(sizeof(*e));
    if (!e)
        return -ENOMEM;
    memcpy(e->eh.e_ident, "\x7f" "ELF", 4);
    e->eh.e_ident[4] = ELFCLASS32;
    e->eh.e_ident[5] = ELFDATA2LSB;
    e->eh.e_ident[6] = EV_CURRENT;
    e->eh.e_type = ET_EXEC;
    e->eh.e_machine = EM_386;
    e->eh.e_version = EV_CURRENT;
    e->eh.e_entry = TINY_CODE_ADDR;
    e->eh.e_phoff = sizeof(struct elf32_ehdr);
    e->eh.e_ehsize = sizeof(struct elf32_ehdr);
    e->eh.e_phentsize = sizeof(struct elf32_phdr);
    e->eh.e_phnum = 1;
    e->ph = (struct elf32_phdr){ PT_LOAD, 0, TINY_TEXT_ADDR, TINY_TEXT_ADDR, sizeof(*e), sizeof(*e), PF_R | PF_X, 0x1000 };
    memcpy(e->code, c->bytes, c->len);
    int pid = user_process_spawn(e, sizeof(*e), name, argv, envp, parent, false);
    kfree(e);
    return pid;
}

int tiny_run(const struct tiny_code *c, int *status)
{
    int pid = tiny_spawn(c, process_current());
    if (pid <= 0)
        return pid;
    return process_waitpid(process_current(), pid, status, false);
}

/* Tiny user programs for self-tests: machine code assembled by hand into a
 * one-segment ELF image, so that ring 3 can be tested before any userland
 * exists. */
#ifndef TESTS_KERNEL_TINY_PROGRAM_H
#define TESTS_KERNEL_TINY_PROGRAM_H
#include <stddef.h>
#include <stdint.h>

#define TINY_TEXT_ADDR  0x08048000u
#define TINY_CODE_ADDR  0x08048100u   /* where code[0] lands and execution starts */
#define TINY_CODE_MAX   512

struct tiny_code {
    unsigned char bytes[TINY_CODE_MAX];
    size_t len;
};

/* The user address the next emitted byte will have. */
static inline uint32_t tiny_here(const struct tiny_code *c) { return TINY_CODE_ADDR + (uint32_t)c->len; }
void tiny_emit(struct tiny_code *c, const unsigned char *bytes, size_t n);
void tiny_emit_imm32(struct tiny_code *c, uint32_t v);
void tiny_mov_eax(struct tiny_code *c, uint32_t v);
void tiny_mov_ebx(struct tiny_code *c, uint32_t v);
void tiny_mov_ecx(struct tiny_code *c, uint32_t v);
void tiny_int82(struct tiny_code *c);
/* mov dword [esp + disp], imm32 */
void tiny_store_esp(struct tiny_code *c, uint8_t disp, uint32_t v);
/* syscall(number) with ebx = eax of the previous instruction, then exit(ebx). */
void tiny_syscall(struct tiny_code *c, uint32_t number);
void tiny_exit_ebx(struct tiny_code *c);

struct process;
/* Starts the program as a child of the calling kernel process; pid or -errno. */
int tiny_spawn(const struct tiny_code *c, struct process *parent);
/* The same under a chosen name with chosen arguments and environment
 * (NULL-terminated arrays). */
int tiny_spawn_with(const struct tiny_code *c, struct process *parent, const char *name,
                    const char *const argv[], const char *const envp[]);
/* Runs it and waits: its pid (status filled) or -errno. */
int tiny_run(const struct tiny_code *c, int *status);
#endif

/* Tiny user processes for the job-control tests: programs that stop
 * themselves, read or write descriptor 0, catch or ignore a signal; and
 * kernel-side set-up of their process groups, sessions and descriptors. */
#ifndef TESTS_KERNEL_TTY_JOB_TEST_H
#define TESTS_KERNEL_TTY_JOB_TEST_H
#include "kernel/api/signal.h"
#include "kernel/api/syscall_list.h"
#include "kernel/api/wait.h"
#include "kernel/fd_table.h"
#include "kernel/panic.h"
#include "kernel/pid.h"
#include "kernel/process.h"
#include "kernel/protected_data.h"
#include "kernel/signal.h"
#include "kernel/syscalls/pgrp.h"
#include "kernel/thread.h"
#include "tests/kernel/tiny_program.h"
#include "tests/kernel/tty_test.h"

#define JOB_WAIT_MS 5000

static inline void job_emit(struct tiny_code *c, const unsigned char *b, size_t n) { tiny_emit(c, b, n); }

static inline void job_emit_spin(struct tiny_code *c) { job_emit(c, (const unsigned char[]){ 0xEB, 0xFE }, 2); }

/* kill(getpid(), SIGSTOP): the test sets things up while it is stopped. */
static inline void job_emit_stop_self(struct tiny_code *c)
{
    tiny_syscall(c, SYS_getpid);
    job_emit(c, (const unsigned char[]){ 0x89, 0xC3 }, 2);     /* mov ebx, eax */
    tiny_mov_ecx(c, SIGSTOP);
    tiny_syscall(c, SYS_kill);
}

static inline void job_emit_mov_edx(struct tiny_code *c, uint32_t v)
{
    job_emit(c, (const unsigned char[]){ 0xBA }, 1);
    tiny_emit_imm32(c, v);
}

static inline void job_emit_mov_esi(struct tiny_code *c, uint32_t v)
{
    job_emit(c, (const unsigned char[]){ 0xBE }, 1);
    tiny_emit_imm32(c, v);
}

/* sigaction(sig, { handler }); returns where the handler's address sits
 * in the code, for patching once the handler's place is known. */
static inline size_t job_emit_sigaction(struct tiny_code *c, int sig, uint32_t handler)
{
    job_emit(c, (const unsigned char[]){ 0x83, 0xEC, 0x10 }, 3);          /* sub esp, 16 */
    job_emit(c, (const unsigned char[]){ 0xC7, 0x04, 0x24 }, 3);          /* mov dword [esp], handler */
    size_t at = c->len;
    tiny_emit_imm32(c, handler);
    tiny_store_esp(c, 4, 0);
    tiny_store_esp(c, 8, 0);
    tiny_store_esp(c, 12, 0);
    tiny_mov_ebx(c, (uint32_t)sig);
    job_emit(c, (const unsigned char[]){ 0x89, 0xE1, 0x31, 0xD2 }, 4);    /* mov ecx, esp; xor edx, edx */
    tiny_syscall(c, SYS_sigaction);
    job_emit(c, (const unsigned char[]){ 0x83, 0xC4, 0x10 }, 3);          /* add esp, 16 */
    return at;
}

static inline void job_patch_imm32(struct tiny_code *c, size_t at, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        c->bytes[at + i] = (unsigned char)(v >> (8 * i));
}

/* read or write (nr) of `len` bytes on fd 0 with a buffer on the stack
 * holding "W...", then exit with the result. */
static inline void job_emit_io_fd0_and_exit(struct tiny_code *c, uint32_t nr, uint32_t len)
{
    job_emit(c, (const unsigned char[]){ 0x83, 0xEC, 0x40 }, 3);          /* sub esp, 64 */
    tiny_store_esp(c, 0, 'W');
    tiny_mov_ebx(c, 0);
    job_emit(c, (const unsigned char[]){ 0x89, 0xE1 }, 2);                /* mov ecx, esp */
    job_emit_mov_edx(c, len);
    tiny_syscall(c, nr);
    job_emit(c, (const unsigned char[]){ 0x89, 0xC3 }, 2);                /* mov ebx, eax */
    tiny_exit_ebx(c);
}

/* openat(AT_FDCWD, path, flags) with the path built on the stack. */
static inline void job_emit_open(struct tiny_code *c, const char *path, uint32_t flags)
{
    job_emit(c, (const unsigned char[]){ 0x83, 0xEC, 0x40 }, 3);          /* sub esp, 64 */
    size_t len = strlen(path);
    for (size_t i = 0; i <= len; i += 4) {
        uint32_t word = 0;
        for (size_t j = 0; j < 4 && i + j < len; j++)
            word |= (uint32_t)(unsigned char)path[i + j] << (8 * j);
        tiny_store_esp(c, (uint8_t)i, word);
    }
    tiny_mov_ebx(c, (uint32_t)AT_FDCWD);
    job_emit(c, (const unsigned char[]){ 0x89, 0xE1 }, 2);                /* mov ecx, esp */
    job_emit_mov_edx(c, flags);
    job_emit_mov_esi(c, 0);
    tiny_syscall(c, SYS_openat);
}

/* What setpgid/setsid do, without their permission rules. */
static inline void job_set_ids(int pid, int pgid, int sid)
{
    struct process *p = process_from_pid(pid);
    ASSERT(p);
    process_set_group_ids(p, pgid, sid);
    process_put(p);
}

/* Makes f the process's descriptor 0. */
static inline int job_give_fd0(int pid, struct file *f)
{
    struct process *p = process_from_pid(pid);
    if (!p)
        return -ESRCH;
    fd_table_close(p->fds, 0);
    int rc = fd_table_install(p->fds, f, 0, 0);
    process_put(p);
    return rc;
}

static inline int job_send(int pid, int sig)
{
    struct process *p = process_from_pid(pid);
    if (!p)
        return -ESRCH;
    struct signal_info info = { .code = SI_KERNEL };
    int rc = signal_send_process(p, sig, &info);
    process_put(p);
    return rc;
}

/* A stop (or continue, by options) of child pid of `parent`; the signal,
 * or -ETIMEDOUT after JOB_WAIT_MS. */
static inline int job_wait_event(struct process *parent, int pid, int options)
{
    for (int waited = 0; waited < JOB_WAIT_MS; waited += 5) {
        struct wait_result r;
        int rc = process_wait(parent, P_PID, pid, options | WNOHANG, &r);
        if (rc == pid)
            return r.signal;
        if (rc < 0)
            return rc;
        thread_sleep_ns(5 * TTY_TEST_MS);
    }
    return -ETIMEDOUT;
}

/* The wait status of child pid once it ends, or -ETIMEDOUT. */
static inline int job_wait_exit(struct process *parent, int pid)
{
    for (int waited = 0; waited < JOB_WAIT_MS; waited += 5) {
        int status = 0;
        int rc = process_waitpid(parent, pid, &status, true);
        if (rc == pid)
            return status;
        if (rc < 0)
            return rc;
        thread_sleep_ns(5 * TTY_TEST_MS);
    }
    return -ETIMEDOUT;
}

static inline void job_kill(struct process *parent, int pid)
{
    job_send(pid, SIGKILL);
    job_wait_exit(parent, pid);
}

/* A child of parent running the code; its pid. */
static inline int job_spawn(const struct tiny_code *c, struct process *parent)
{
    return tiny_spawn(c, parent);
}

static inline int job_spawn_spinner(struct process *parent)
{
    struct tiny_code c = { .len = 0 };
    job_emit_spin(&c);
    return job_spawn(&c, parent);
}
#endif

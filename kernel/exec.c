/* Program loading: ELF segments into a fresh address space, the initial
 * stack, and the switch from the old program to the new one. */
#include "kernel/exec.h"
#include "arch/x86/context.h"
#include "arch/x86/trap_frame.h"
#include "fs/vfs.h"
#include "kernel/completion.h"
#include "kernel/fd_table.h"
#include "kernel/file.h"
#include "kernel/elf.h"
#include "kernel/errno.h"
#include "kernel/panic.h"
#include "kernel/pid.h"
#include "kernel/process.h"
#include "kernel/protected_data.h"
#include "kernel/sched.h"
#include "kernel/signal.h"
#include "kernel/syscalls/syscall.h"
#include "kernel/thread.h"
#include "kernel/user_return.h"
#include "mm/heap.h"
#include "mm/vm_space.h"
#include <string.h>

/* Auxiliary vector entries (System V ABI numbers). */
#define AUX_NULL    0
#define AUX_PAGESZ  6
#define AUX_ENTRY   9
#define AUX_UID     11
#define AUX_EUID    12
#define AUX_GID     13
#define AUX_EGID    14
#define AUX_RANDOM  25
#define AUX_COUNT   8

/* Keeps copies of argv and envp for /proc; a copy that cannot be made is
 * simply absent. */
static char *exec_strings_copy(const struct exec_strings *s)
{
    char *copy = kmalloc(s->bytes ? s->bytes : 1);
    if (copy)
        memcpy(copy, s->data, s->bytes);
    return copy;
}

static void process_set_exec_strings(struct process *p, const struct exec_strings *argv,
                                     const struct exec_strings *envp)
{
    char *cmd = exec_strings_copy(argv), *env = exec_strings_copy(envp);
    irqflags_t fl = spin_lock_irqsave(&p->lock);
    char *old_cmd = p->cmdline, *old_env = p->environ;
    p->cmdline = cmd;
    p->cmdline_len = cmd ? argv->bytes : 0;
    p->environ = env;
    p->environ_len = env ? envp->bytes : 0;
    spin_unlock_irqrestore(&p->lock, fl);
    kfree(old_cmd);
    kfree(old_env);
}

void exec_strings_free(struct exec_strings *s)
{
    kfree(s->data);
    s->data = NULL;
    s->bytes = 0;
    s->count = 0;
}

int exec_strings_from_kernel(const char *const *list, struct exec_strings *out)
{
    size_t bytes = 0;
    unsigned count = 0;
    for (; list && list[count]; count++)
        bytes += strlen(list[count]) + 1;
    if (bytes > EXEC_ARG_MAX || count > EXEC_ARGS_COUNT_MAX)
        return -E2BIG;
    out->data = kmalloc(bytes ? bytes : 1);
    if (!out->data)
        return -ENOMEM;
    size_t at = 0;
    for (unsigned i = 0; i < count; i++) {
        size_t n = strlen(list[i]) + 1;
        memcpy(out->data + at, list[i], n);
        at += n;
    }
    out->bytes = bytes;
    out->count = count;
    return 0;
}

static unsigned elf_prot_to_vm(unsigned p)
{
    return ((p & PF_R) ? VM_PROT_READ : 0) | ((p & PF_W) ? VM_PROT_WRITE : 0) | ((p & PF_X) ? VM_PROT_EXEC : 0);
}

static int exec_map_segments(struct vm_space *vm, const void *image, const struct elf_load_plan *plan)
{
    for (unsigned i = 0; i < plan->count; i++) {
        const struct elf_segment *s = &plan->segments[i];
        vaddr_t start = PAGE_ALIGN_DOWN(s->vaddr);
        vaddr_t end = PAGE_ALIGN_UP(s->vaddr + s->memsz);
        vaddr_t got;
        const char *name = (s->prot & PF_X) ? "[text]" : (s->prot & PF_W) ? "[data]" : "[rodata]";
        int rc = vm_map(vm, start, end - start, elf_prot_to_vm(s->prot),
                        VM_MAP_FIXED | VM_MAP_PRIVATE | VM_MAP_ANONYMOUS, name, &got);
        if (rc < 0)
            return rc;
        /* Fresh pages are zero, which covers the bss past filesz. */
        rc = vm_space_write(vm, s->vaddr, (const char *)image + s->offset, s->filesz);
        if (rc < 0)
            return rc;
    }
    return 0;
}

/* Lays out, from the top down: the strings, 16 random bytes, then (16-byte
 * aligned) argc, argv[], NULL, envp[], NULL, auxv pairs. Returns the new
 * stack pointer through *sp. */
static int exec_build_stack(struct vm_space *vm, vaddr_t top, uint32_t entry, const struct exec_strings *argv,
                            const struct exec_strings *envp, vaddr_t *sp)
{
    const struct process_protected *id = process_current()->prot;
    size_t words = 1 + argv->count + 1 + envp->count + 1 + 2 * AUX_COUNT;
    size_t strings = argv->bytes + envp->bytes;
    vaddr_t strings_at = top - strings;
    vaddr_t random_at = (strings_at - 16) & ~15u;
    vaddr_t base = (random_at - words * 4) & ~15u;
    if (top - base > USER_STACK_SIZE / 2)
        return -E2BIG;
    uint32_t *table = kmalloc(words * 4);
    if (!table)
        return -ENOMEM;
    size_t w = 0;
    table[w++] = argv->count;
    vaddr_t str = strings_at;
    for (unsigned i = 0; i < argv->count; i++) {
        table[w++] = str;
        str += strlen(argv->data + (str - strings_at)) + 1;
    }
    table[w++] = 0;
    vaddr_t env_at = strings_at + argv->bytes;
    str = env_at;
    for (unsigned i = 0; i < envp->count; i++) {
        table[w++] = str;
        str += strlen(envp->data + (str - env_at)) + 1;
    }
    table[w++] = 0;
    const uint32_t aux[AUX_COUNT][2] = {
        { AUX_PAGESZ, PAGE_SIZE }, { AUX_ENTRY, entry }, { AUX_UID, id->uid }, { AUX_EUID, id->euid },
        { AUX_GID, id->gid }, { AUX_EGID, id->egid }, { AUX_RANDOM, random_at }, { AUX_NULL, 0 },
    };
    for (unsigned i = 0; i < AUX_COUNT; i++) {
        table[w++] = aux[i][0];
        table[w++] = aux[i][1];
    }
    uint32_t random[4];
    for (unsigned i = 0; i < 4; i++)
        random[i] = (uint32_t)(rdtsc() * 2654435761u) ^ (i * 0x9E3779B9u);
    int rc = vm_space_write(vm, strings_at, argv->data, argv->bytes);
    if (rc == 0)
        rc = vm_space_write(vm, env_at, envp->data, envp->bytes);
    if (rc == 0)
        rc = vm_space_write(vm, random_at, random, sizeof(random));
    if (rc == 0)
        rc = vm_space_write(vm, base, table, words * 4);
    kfree(table);
    *sp = base;
    return rc;
}

int exec_image(const void *image, size_t size, const char *name, const struct exec_strings *argv,
               const struct exec_strings *envp, struct trap_frame *frame)
{
    struct elf_load_plan plan;
    int rc = elf_plan_load(image, size, USER_SPACE_START, USER_SPACE_END, &plan);
    if (rc < 0)
        return rc;
    struct vm_space *vm;
    rc = vm_space_create(&vm);
    if (rc < 0)
        return rc;
    rc = exec_map_segments(vm, image, &plan);
    if (rc < 0)
        goto fail;
    vaddr_t top, sp;
    rc = vm_map_stack(vm, USER_STACK_SIZE, &top);
    if (rc < 0)
        goto fail;
    rc = signal_map_trampoline(vm);
    if (rc < 0)
        goto fail;
    rc = exec_build_stack(vm, top, plan.entry, argv, envp, &sp);
    if (rc < 0)
        goto fail;

    /* Point of no return: the old program is gone from here on. */
    struct process *p = process_current();
    struct thread *self = thread_current();
    mutex_lock(&p->resources_lock);
    struct vm_space *old = p->vm;
    p->vm = vm;
    mutex_unlock(&p->resources_lock);
    vm_space_activate(vm);
    if (old)
        vm_space_destroy(old);
    strlcpy(p->name, name, sizeof(p->name));
    strlcpy(self->name, name, sizeof(self->name));
    signal_exec_reset(p);
    p->did_exec = true;
    process_set_exec_strings(p, argv, envp);
    pledge_exec_transition(p);
    unveil_clear(p);
    process_protected_unlock(p);
    process_protected_mut(p)->signal_trampoline = SIGNAL_TRAMPOLINE_ADDR;
    process_protected_lock(p);
    self->arch.tls_base = 0;
    arch_trap_frame_init_user(frame, plan.entry, sp);
    return 0;

fail:
    vm_space_destroy(vm);
    return rc;
}

struct spawn_request {
    const void *image;
    size_t size;
    char name[PROCESS_NAME_MAX];
    struct exec_strings argv, envp;
    int rc;
    struct completion done;
};

/* The first thread of a spawned process: load the program from inside the
 * process (so the new address space is its own), then enter it. */
static void spawn_entry(void *arg)
{
    struct spawn_request *req = arg;
    struct thread *self = thread_current();
    struct trap_frame *frame = arch_thread_user_frame(&self->arch);
    int rc = exec_image(req->image, req->size, req->name, &req->argv, &req->envp, frame);
    req->rc = rc;
    completion_signal(&req->done);   /* req belongs to the spawner from here */
    if (rc < 0) {
        process_die(self->process, 127, 0);
        thread_exit();
    }
    user_return_prepare(frame);
    arch_enter_user(frame);
}

/* A new process's descriptors 0, 1 and 2 on the console, and "/" as its
 * root and working directory. Without a root file system (early
 * self-tests) it simply has no files. */
static int process_setup_initial_files(struct process *p)
{
    struct inode *root = vfs_root();
    if (!root)
        return 0;
    p->root = root;
    p->cwd = inode_get(root);
    int rc = fd_table_create(&p->fds);
    if (rc < 0)
        return rc;
    struct vfs_context ctx;
    vfs_kernel_context(&ctx);
    struct file *console;
    rc = vfs_open(&ctx, "/dev/console", O_RDWR, 0, &console);
    if (rc < 0)
        return rc;
    for (int fd = 0; fd < 3 && rc >= 0; fd++)
        rc = fd_table_install(p->fds, console, 0, fd);
    file_put(console);
    return rc < 0 ? rc : 0;
}

int user_process_spawn(const void *image, size_t size, const char *name, const char *const argv[],
                       const char *const envp[], struct process *parent, bool as_init)
{
    struct elf_load_plan plan;
    int rc = elf_plan_load(image, size, USER_SPACE_START, USER_SPACE_END, &plan);
    if (rc < 0)
        return rc;
    struct spawn_request *req = kzalloc(sizeof(*req));
    if (!req)
        return -ENOMEM;
    req->image = image;
    req->size = size;
    strlcpy(req->name, name, sizeof(req->name));
    completion_init(&req->done);
    rc = exec_strings_from_kernel(argv, &req->argv);
    if (rc < 0)
        goto fail_argv;
    rc = exec_strings_from_kernel(envp, &req->envp);
    if (rc < 0)
        goto fail_envp;
    struct process *p = process_create_with_pid(name, parent, false, as_init ? PID_INIT : -1);
    if (!p) {
        rc = -EAGAIN;
        goto fail_process;
    }
    int pid = process_pid(p);
    rc = process_setup_initial_files(p);
    struct thread *t = rc < 0 ? NULL : thread_create_in(p, spawn_entry, req, THREAD_PRIORITY_NORMAL, name, true);
    if (!t) {
        process_destroy_unstarted(p);
        rc = rc < 0 ? rc : -ENOMEM;
        goto fail_process;
    }
    sched_enqueue_new(t);
    completion_wait(&req->done, 1, 0);
    rc = req->rc < 0 ? req->rc : pid;
fail_process:
    exec_strings_free(&req->envp);
fail_envp:
    exec_strings_free(&req->argv);
fail_argv:
    kfree(req);
    return rc;
}

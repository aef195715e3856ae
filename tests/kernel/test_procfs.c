/* procfs through the VFS, as a reader in the kernel sees it: the files of
 * the system and of a live user process, checked against the figures the
 * kernel keeps, the links, listings, snapshots that outlive the process,
 * read-only behaviour, permissions and mounting by type name. */
#include "arch/x86/cpu.h"
#include "fs/fs_types.h"
#include "fs/pipe.h"
#include "kernel/api/dirent.h"
#include "kernel/api/procfs.h"
#include "kernel/api/wait.h"
#include "kernel/clock.h"
#include "kernel/completion.h"
#include "kernel/fd_table.h"
#include "kernel/pid.h"
#include "kernel/process.h"
#include "kernel/protected_data.h"
#include "kernel/sched.h"
#include "kernel/signal.h"
#include "kernel/version.h"
#include "mm/vm_space.h"
#include "tests/kernel/test_fs_helpers.h"
#include "tests/kernel/tiny_program.h"

#define PROCFS_TEST_BUF 4096

/* ---- helpers ---------------------------------------------------------------------- */

static ssize_t pt_read(const char *path, char *buf, size_t size)
{
    struct vfs_context ctx;
    vfs_kernel_context(&ctx);
    return fs_test_read(&ctx, path, buf, size);
}

static ssize_t pt_readlink(const char *path, char *buf, size_t size)
{
    struct vfs_context ctx;
    vfs_kernel_context(&ctx);
    ssize_t n = vfs_readlink(&ctx, path, buf, size - 1);
    buf[n > 0 ? n : 0] = '\0';
    return n;
}

/* A decimal number at the start of s (the kernel has no strtol). */
static long long pt_num(const char *s)
{
    bool neg = *s == '-';
    s += neg;
    long long v = 0;
    while (*s >= '0' && *s <= '9')
        v = v * 10 + (*s++ - '0');
    return neg ? -v : v;
}

/* The value after "key: " on its own line of a status-style text. */
static bool pt_field(const char *text, const char *key, char *out, size_t size)
{
    size_t klen = strlen(key);
    for (const char *line = text; line && *line; line = strchr(line, '\n'), line = line ? line + 1 : NULL) {
        if (strncmp(line, key, klen) == 0 && line[klen] == ':' && line[klen + 1] == ' ') {
            const char *v = line + klen + 2;
            size_t n = 0;
            while (v[n] && v[n] != '\n' && n + 1 < size) {
                out[n] = v[n];
                n++;
            }
            out[n] = '\0';
            return true;
        }
    }
    return false;
}

static long long pt_field_num(const char *text, const char *key)
{
    char v[64];
    if (!pt_field(text, key, v, sizeof(v)))
        return -99999;
    return pt_num(v);
}

/* The names in a directory, each followed by '\n'. */
static int pt_list(const char *path, char *names, size_t size)
{
    struct vfs_context ctx;
    vfs_kernel_context(&ctx);
    struct file *f;
    int rc = vfs_open(&ctx, path, O_RDONLY | O_DIRECTORY, 0, &f);
    if (rc < 0)
        return rc;
    char *buf = kmalloc(512);
    size_t used = 0;
    names[0] = '\0';
    for (;;) {
        struct io_buffer b = io_buffer_kernel(buf);
        /* A small buffer, so listings take several calls and positions matter. */
        ssize_t n = file_getdents(f, &b, 96);
        if (n <= 0) {
            rc = (int)n;
            break;
        }
        for (ssize_t off = 0; off < n;) {
            struct dirent *d = (struct dirent *)(buf + off);
            size_t len = strlen(d->d_name);
            if (used + len + 2 <= size) {
                memcpy(names + used, d->d_name, len);
                names[used + len] = '\n';
                used += len + 1;
                names[used] = '\0';
            }
            off += d->d_reclen;
        }
    }
    kfree(buf);
    file_put(f);
    return rc;
}

static bool pt_listed(const char *names, const char *name)
{
    size_t len = strlen(name);
    for (const char *p = names; *p;) {
        const char *end = strchr(p, '\n');
        if ((size_t)(end - p) == len && strncmp(p, name, len) == 0)
            return true;
        p = end + 1;
    }
    return false;
}

/* A user process that spins forever, with known arguments and environment. */
static const char *const pt_argv[] = { "spinner", "-x", "two words", NULL };
static const char *const pt_envp[] = { "HOME=/root", "SECRET=hunter2", NULL };

static int pt_spawn_spinner(void)
{
    struct tiny_code c = { .len = 0 };
    tiny_emit(&c, (const unsigned char[]){ 0xEB, 0xFE }, 2);
    return tiny_spawn_with(&c, process_current(), "spinner", pt_argv, pt_envp);
}

static int pt_kill_and_reap(int pid)
{
    struct process *p = process_from_pid(pid);
    if (!p)
        return -ESRCH;
    signal_send_process(p, SIGKILL, NULL);
    process_put(p);
    int status = -1;
    int rc = process_waitpid(process_current(), pid, &status, false);
    return rc == pid && status == WAIT_STATUS_SIGNALED(SIGKILL) ? 0 : -EIO;
}

/* ---- the system files --------------------------------------------------------------- */

KTEST(procfs, self_names_the_calling_process)
{
    char buf[PROCFS_TEST_BUF], want[16];
    snprintf(want, sizeof(want), "%d", process_pid(process_current()));
    KT_ASSERT(t, pt_readlink("/proc/self", buf, sizeof(buf)) > 0);
    KT_CHECK(t, strcmp(buf, want) == 0);
    KT_ASSERT(t, pt_read("/proc/self/status", buf, sizeof(buf)) > 0);
    KT_CHECK_EQ(t, pt_field_num(buf, "pid"), process_pid(process_current()));
    char name[64];
    KT_CHECK(t, pt_field(buf, "name", name, sizeof(name)) && strcmp(name, process_current()->name) == 0);
    KT_CHECK_EQ(t, pt_field_num(buf, "threads"), process_current()->prot->thread_count);
    KT_CHECK(t, pt_field(buf, "state", name, sizeof(name)) && strcmp(name, PROCFS_STATE_RUNNING) == 0);

    /* Directories in use keep their identity, so their names can be found
     * again (realpath, getcwd). */
    struct vfs_context ctx;
    vfs_kernel_context(&ctx);
    char path[64];
    snprintf(path, sizeof(path), "/proc/%s", want);
    KT_CHECK(t, vfs_realpath(&ctx, "/proc/self", buf, sizeof(buf)) > 0 && strcmp(buf, path) == 0);
    strlcat(path, "/fd", sizeof(path));
    KT_CHECK(t, vfs_realpath(&ctx, "/proc/self/fd/", buf, sizeof(buf)) > 0 && strcmp(buf, path) == 0);
    snprintf(path, sizeof(path), "/proc/%s/status", want);
    KT_CHECK(t, vfs_realpath(&ctx, "/proc/self/status", buf, sizeof(buf)) > 0 && strcmp(buf, path) == 0);
}

KTEST(procfs, system_files_show_the_real_figures)
{
    char buf[PROCFS_TEST_BUF], want[128];
    KT_ASSERT(t, pt_read("/proc/version", buf, sizeof(buf)) > 0);
    snprintf(want, sizeof(want), "%s %s %s\n", KERNEL_NAME, KERNEL_VERSION, KERNEL_ARCH);
    KT_CHECK(t, strcmp(buf, want) == 0);

    uint64_t before = clock_monotonic_ns();
    KT_ASSERT(t, pt_read("/proc/uptime", buf, sizeof(buf)) > 0);
    uint64_t after = clock_monotonic_ns();
    char *dot = strchr(buf, '.');
    KT_ASSERT(t, dot && dot[1] && dot[2] && dot[3] == '\n');
    uint64_t centis = pt_num(buf) * 100 + pt_num(dot + 1);
    KT_CHECK(t, centis >= before / 10000000 && centis <= after / 10000000);

    KT_ASSERT(t, pt_read("/proc/meminfo", buf, sizeof(buf)) > 0);
    KT_CHECK_EQ(t, pt_field_num(buf, "total_kib"), (long long)pmm_total_frames() * 4);
    long long free_kib = pt_field_num(buf, "free_kib");
    KT_CHECK(t, free_kib > 0 && free_kib <= (long long)pmm_total_frames() * 4);
    struct heap_stats heap;
    heap_get_stats(&heap);
    KT_CHECK(t, pt_field_num(buf, "heap_bytes_in_use") > 0);
    KT_CHECK(t, pt_field_num(buf, "heap_pages_mapped") > 0);
    KT_CHECK(t, pt_field_num(buf, "heap_pages_mapped") <= (long long)heap.pages_mapped + 64);

    KT_ASSERT(t, pt_read("/proc/cpuinfo", buf, sizeof(buf)) > 0);
    char v[128];
    KT_CHECK(t, pt_field(buf, "vendor", v, sizeof(v)) && strcmp(v, cpu_features.vendor) == 0);
    KT_CHECK(t, pt_field(buf, "brand", v, sizeof(v)) && strstr(cpu_features.brand, v) != NULL);
    /* Space-delimited, so " nx " cannot match inside another name. */
    v[0] = ' ';
    KT_ASSERT(t, pt_field(buf, "features", v + 1, sizeof(v) - 2));
    strlcat(v, " ", sizeof(v));
    KT_CHECK_EQ(t, strstr(v, " nx ") != NULL, cpu_features.nx);
    KT_CHECK_EQ(t, strstr(v, " smep ") != NULL, cpu_features.smep);
    KT_CHECK_EQ(t, strstr(v, " smap ") != NULL, cpu_features.smap);
    KT_CHECK_EQ(t, strstr(v, " pge ") != NULL, cpu_features.pge);

    KT_ASSERT(t, pt_read("/proc/mounts", buf, sizeof(buf)) > 0);
    KT_CHECK(t, strncmp(buf, "ramfs / ramfs rw\n", 17) == 0);   /* the root comes first */
    KT_CHECK(t, strstr(buf, "\ndevfs /dev devfs rw\n") != NULL);
    KT_CHECK(t, strstr(buf, "\ntmpfs /tmp tmpfs rw\n") != NULL);
    KT_CHECK(t, strstr(buf, "\nproc /proc proc ro,nosuid\n") != NULL);
}

/* ---- a user process -------------------------------------------------------------------- */

static void pt_check_status_and_stat(struct ktest_ctx *t, struct process *p, const char *dir)
{
    char path[64], buf[PROCFS_TEST_BUF], v[64];
    int pid = process_pid(p);
    uint64_t u0, k0, u1, k1;
    process_cpu_ticks(p, &u0, &k0);
    snprintf(path, sizeof(path), "%s/status", dir);
    KT_ASSERT(t, pt_read(path, buf, sizeof(buf)) > 0);
    process_cpu_ticks(p, &u1, &k1);
    KT_CHECK(t, pt_field(buf, "name", v, sizeof(v)) && strcmp(v, "spinner") == 0);
    KT_CHECK_EQ(t, pt_field_num(buf, "pid"), pid);
    KT_CHECK_EQ(t, pt_field_num(buf, "ppid"), process_pid(process_current()));
    KT_CHECK_EQ(t, pt_field_num(buf, "pgid"), p->prot->pgid);
    KT_CHECK_EQ(t, pt_field_num(buf, "sid"), p->prot->sid);
    KT_CHECK_EQ(t, pt_field_num(buf, "uid"), p->prot->uid);
    KT_CHECK_EQ(t, pt_field_num(buf, "euid"), p->prot->euid);
    KT_CHECK_EQ(t, pt_field_num(buf, "sgid"), p->prot->sgid);
    KT_CHECK_EQ(t, pt_field_num(buf, "threads"), 1);
    long long ticks_user = pt_field_num(buf, "ticks_user");
    KT_CHECK(t, ticks_user >= (long long)u0 && ticks_user <= (long long)u1);
    long long ticks_kernel = pt_field_num(buf, "ticks_kernel");
    KT_CHECK(t, ticks_kernel >= (long long)k0 && ticks_kernel <= (long long)k1);
    struct vm_usage usage;
    vm_space_usage(p->vm, &usage);
    KT_CHECK_EQ(t, pt_field_num(buf, "virtual_kib"), (long long)usage.virtual_bytes / 1024);
    KT_CHECK_EQ(t, pt_field_num(buf, "resident_pages"), (long long)usage.resident_pages);
    KT_CHECK_EQ(t, pt_field_num(buf, "regions"), (long long)usage.regions);
    KT_CHECK(t, usage.resident_pages > 0);

    /* stat: the documented order, name last. */
    snprintf(path, sizeof(path), "%s/stat", dir);
    KT_ASSERT(t, pt_read(path, buf, sizeof(buf)) > 0);
    char *fields[20];
    int n = 0;
    char *save = buf;
    for (; n < 20 && save; n++) {
        fields[n] = save;
        char *sp = strchr(save, n == 19 ? '\n' : ' ');
        if (sp)
            *sp++ = '\0';
        save = sp;
    }
    KT_ASSERT(t, n == 20);
    KT_CHECK_EQ(t, pt_num(fields[0]), pid);
    KT_CHECK_EQ(t, pt_num(fields[1]), process_pid(process_current()));
    KT_CHECK_EQ(t, pt_num(fields[2]), p->prot->pgid);
    KT_CHECK_EQ(t, pt_num(fields[3]), p->prot->sid);
    KT_CHECK(t, strcmp(fields[10], PROCFS_STATE_RUNNING) == 0);
    KT_CHECK_EQ(t, pt_num(fields[11]), 1);
    KT_CHECK_EQ(t, pt_num(fields[16]), usage.virtual_bytes);
    KT_CHECK_EQ(t, pt_num(fields[17]), usage.resident_pages);
    KT_CHECK_EQ(t, pt_num(fields[18]), usage.regions);
    KT_CHECK(t, strcmp(fields[19], "spinner") == 0);
}

static void pt_check_strings(struct ktest_ctx *t, const char *dir)
{
    char path[64], buf[PROCFS_TEST_BUF];
    snprintf(path, sizeof(path), "%s/cmdline", dir);
    static const char cmdline[] = "spinner\0-x\0two words";
    KT_CHECK_EQ(t, pt_read(path, buf, sizeof(buf)), sizeof(cmdline));
    KT_CHECK(t, memcmp(buf, cmdline, sizeof(cmdline)) == 0);
    snprintf(path, sizeof(path), "%s/environ", dir);
    static const char environ[] = "HOME=/root\0SECRET=hunter2";
    KT_CHECK_EQ(t, pt_read(path, buf, sizeof(buf)), sizeof(environ));
    KT_CHECK(t, memcmp(buf, environ, sizeof(environ)) == 0);
}

static void pt_check_maps(struct ktest_ctx *t, struct process *p, const char *dir)
{
    char path[64], buf[PROCFS_TEST_BUF], want[96];
    snprintf(path, sizeof(path), "%s/maps", dir);
    KT_ASSERT(t, pt_read(path, buf, sizeof(buf)) > 0);
    struct vm_region_info regions[16];
    size_t n = vm_space_regions(p->vm, regions, 16);
    KT_ASSERT(t, n <= 16);
    bool text = false, stack = false;
    int lines = 0;
    for (const char *c = buf; *c; c++)
        lines += *c == '\n';
    KT_CHECK_EQ(t, lines, n);
    for (size_t i = 0; i < n; i++) {
        const struct vm_region_info *r = &regions[i];
        snprintf(want, sizeof(want), "%08lx-%08lx %c%c%c%c %zu %s\n", (unsigned long)r->start,
                 (unsigned long)r->end, (r->prot & VM_PROT_READ) ? 'r' : '-', (r->prot & VM_PROT_WRITE) ? 'w' : '-',
                 (r->prot & VM_PROT_EXEC) ? 'x' : '-', (r->flags & VM_MAP_SHARED) ? 's' : 'p', r->resident_pages,
                 r->name[0] ? r->name : "[anonymous]");
        KT_CHECK(t, strstr(buf, want) != NULL);
        text |= strcmp(r->name, "[text]") == 0;
        stack |= strcmp(r->name, "[stack]") == 0;
    }
    KT_CHECK(t, text && stack);
    snprintf(want, sizeof(want), "%08x-", TINY_TEXT_ADDR);
    const char *line = strstr(buf, want);
    KT_CHECK(t, line && strncmp(line + 18, "r-xp", 4) == 0 && strstr(line, "[text]\n"));
    line = strstr(buf, " [stack]\n");
    while (line && line > buf && line[-1] != '\n')
        line--;
    KT_CHECK(t, line && strncmp(line + 18, "rw-p", 4) == 0);
}

/* Whether /proc/all text has a line for pid ending in "\tname". */
static bool pt_all_lists(const char *all, int pid, const char *name)
{
    char start[16];
    snprintf(start, sizeof(start), "\n%d\t", pid);
    const char *line = strstr(all, start);
    if (!line)
        return false;
    const char *end = strchr(line + 1, '\n');
    size_t nlen = strlen(name);
    if (!end || (size_t)(end - line) <= nlen + 1)
        return false;
    return end[-(long)nlen - 1] == '\t' && strncmp(end - nlen, name, nlen) == 0;
}

static void pt_check_all(struct ktest_ctx *t, struct process *p)
{
    char *buf = kmalloc(PROCFS_TEST_BUF * 4);
    KT_ASSERT(t, buf);
    ssize_t n = pt_read("/proc/all", buf, PROCFS_TEST_BUF * 4);
    KT_CHECK(t, n > 0 && strncmp(buf, PROCFS_ALL_HEADER "\n", strlen(PROCFS_ALL_HEADER) + 1) == 0);
    KT_CHECK(t, pt_all_lists(buf, 0, "kernel"));
    KT_CHECK(t, pt_all_lists(buf, process_pid(p), "spinner"));
    /* Every line has every column, and lines come in pid order. */
    int last_pid = -1, lines = 0;
    bool ordered = true, complete = true;
    for (char *line = strchr(buf, '\n') + 1; *line; lines++) {
        char *end = strchr(line, '\n');
        int tabs = 0;
        for (char *c = line; c < end; c++)
            tabs += *c == '\t';
        complete &= tabs == PROCFS_ALL_COLUMNS - 1;
        int pid = pt_num(line);
        ordered &= pid > last_pid;
        last_pid = pid;
        line = end + 1;
    }
    KT_CHECK(t, complete && ordered);
    KT_CHECK(t, lines >= 2);
    /* The spinner's columns. */
    char start[16];
    snprintf(start, sizeof(start), "\n%d\t", process_pid(p));
    char *line = strstr(buf, start);
    KT_ASSERT(t, line);
    char *col[PROCFS_ALL_COLUMNS];
    line++;
    for (int i = 0; i < PROCFS_ALL_COLUMNS; i++) {
        col[i] = line;
        line = strchr(line, i == PROCFS_ALL_COLUMNS - 1 ? '\n' : '\t');
        *line++ = '\0';
    }
    KT_CHECK_EQ(t, pt_num(col[1]), process_pid(process_current()));
    KT_CHECK_EQ(t, pt_num(col[2]), p->prot->pgid);
    KT_CHECK_EQ(t, pt_num(col[4]), p->prot->uid);
    KT_CHECK(t, strcmp(col[5], PROCFS_STATE_RUNNING) == 0);
    KT_CHECK_EQ(t, pt_num(col[6]), 1);
    struct vm_usage usage;
    vm_space_usage(p->vm, &usage);
    KT_CHECK_EQ(t, pt_num(col[9]), usage.resident_pages);
    kfree(buf);
}

KTEST(procfs, process_files_match_the_process)
{
    int pid = pt_spawn_spinner();
    KT_ASSERT(t, pid > 0);
    struct process *p = process_from_pid(pid);
    KT_ASSERT(t, p);
    char dir[32];
    snprintf(dir, sizeof(dir), "/proc/%d", pid);
    char *names = kmalloc(PROCFS_TEST_BUF);
    KT_ASSERT(t, names);

    /* The directory appears in the listing and lists its files. */
    KT_CHECK_EQ(t, pt_list("/proc", names, PROCFS_TEST_BUF), 0);
    KT_CHECK(t, pt_listed(names, dir + 6) && pt_listed(names, "0") && pt_listed(names, "self"));
    KT_CHECK(t, pt_listed(names, ".") && pt_listed(names, "..") && pt_listed(names, "all"));
    KT_CHECK_EQ(t, pt_list(dir, names, PROCFS_TEST_BUF), 0);
    static const char *const files[] = { "status", "stat", "cmdline", "environ", "maps", "cwd", "exe", "fd" };
    for (unsigned i = 0; i < sizeof(files) / sizeof(files[0]); i++)
        KT_CHECK(t, pt_listed(names, files[i]));

    pt_check_status_and_stat(t, p, dir);
    pt_check_strings(t, dir);
    pt_check_maps(t, p, dir);
    pt_check_all(t, p);

    /* A stopped process says so. */
    char path[64], buf[PROCFS_TEST_BUF], v[32];
    signal_send_process(p, SIGSTOP, NULL);
    struct wait_result r;
    KT_CHECK_EQ(t, process_wait(process_current(), P_PID, pid, WSTOPPED, &r), pid);
    snprintf(path, sizeof(path), "%s/status", dir);
    KT_CHECK(t, pt_read(path, buf, sizeof(buf)) > 0 && pt_field(buf, "state", v, sizeof(v)) &&
                    strcmp(v, PROCFS_STATE_STOPPED) == 0);

    /* Open now, read after the process is gone: the snapshot stays. */
    struct vfs_context ctx;
    vfs_kernel_context(&ctx);
    struct file *status;
    KT_ASSERT(t, vfs_open(&ctx, path, O_RDONLY, 0, &status) == 0);
    struct file *dirf;
    KT_ASSERT(t, vfs_open(&ctx, dir, O_RDONLY | O_DIRECTORY, 0, &dirf) == 0);
    process_put(p);
    KT_CHECK_EQ(t, pt_kill_and_reap(pid), 0);

    struct io_buffer b = io_buffer_kernel(buf);
    ssize_t n = file_read(status, &b, sizeof(buf) - 1);
    KT_CHECK(t, n > 0);
    buf[n > 0 ? n : 0] = '\0';
    KT_CHECK_EQ(t, pt_field_num(buf, "pid"), pid);
    file_put(status);
    /* The directory still open lists nothing and finds nothing. */
    b = io_buffer_kernel(names);
    KT_CHECK_EQ(t, file_getdents(dirf, &b, PROCFS_TEST_BUF), 0);
    file_put(dirf);

    KT_CHECK_EQ(t, pt_read(dir, buf, sizeof(buf)), -ENOENT);
    KT_CHECK_EQ(t, pt_read(path, buf, sizeof(buf)), -ENOENT);
    KT_CHECK(t, !fs_test_exists(&ctx, dir));
    KT_CHECK_EQ(t, pt_list("/proc", names, PROCFS_TEST_BUF), 0);
    KT_CHECK(t, !pt_listed(names, dir + 6));
    KT_CHECK(t, pt_read("/proc/all", buf, sizeof(buf)) > 0 && !pt_all_lists(buf, pid, "spinner"));
    kfree(names);
}

KTEST(procfs, fd_cwd_and_exe_links_name_their_files)
{
    struct vfs_context ctx;
    vfs_kernel_context(&ctx);
    KT_ASSERT(t, fs_test_write_str(&ctx, "/tmp/procfs-linked", "x") == 0);
    int pid = pt_spawn_spinner();
    KT_ASSERT(t, pid > 0);
    struct process *p = process_from_pid(pid);
    KT_ASSERT(t, p && p->fds);

    /* Give it a pipe, a file, a directory and a procfs file at 3..6. */
    struct file *rd, *wr, *file, *dirf, *procf;
    KT_ASSERT(t, pipe_create(&rd, &wr) == 0);
    KT_ASSERT(t, vfs_open(&ctx, "/tmp/procfs-linked", O_RDONLY, 0, &file) == 0);
    KT_ASSERT(t, vfs_open(&ctx, "/dev", O_RDONLY | O_DIRECTORY, 0, &dirf) == 0);
    KT_ASSERT(t, vfs_open(&ctx, "/proc/version", O_RDONLY, 0, &procf) == 0);
    KT_CHECK_EQ(t, fd_table_install(p->fds, rd, 0, 3), 3);
    KT_CHECK_EQ(t, fd_table_install(p->fds, file, 0, 4), 4);
    KT_CHECK_EQ(t, fd_table_install(p->fds, dirf, 0, 5), 5);
    KT_CHECK_EQ(t, fd_table_install(p->fds, procf, 0, 6), 6);
    /* And an executable, as execve would have set it. */
    irqflags_t fl = spin_lock_irqsave(&p->lock);
    struct inode *old_exe = p->executable;
    p->executable = inode_get(file->inode);
    spin_unlock_irqrestore(&p->lock, fl);
    if (old_exe)
        inode_put(old_exe);

    char path[64], buf[256], want[32];
    char *names = kmalloc(PROCFS_TEST_BUF);
    KT_ASSERT(t, names);
    snprintf(path, sizeof(path), "/proc/%d/fd", pid);
    KT_CHECK_EQ(t, pt_list(path, names, PROCFS_TEST_BUF), 0);
    for (int fd = 0; fd <= 6; fd++) {
        snprintf(want, sizeof(want), "%d", fd);
        KT_CHECK(t, pt_listed(names, want));
    }
    KT_CHECK(t, !pt_listed(names, "7"));

    static const char *const expect[] = { "/dev/console", "/dev/console", "/dev/console", NULL,
                                          "/tmp/procfs-linked", "/dev", "/proc/version" };
    for (int fd = 0; fd <= 6; fd++) {
        snprintf(path, sizeof(path), "/proc/%d/fd/%d", pid, fd);
        KT_CHECK(t, pt_readlink(path, buf, sizeof(buf)) > 0);
        if (expect[fd])
            KT_CHECK(t, strcmp(buf, expect[fd]) == 0);
    }
    snprintf(path, sizeof(path), "/proc/%d/fd/3", pid);
    snprintf(want, sizeof(want), "pipe:[%llu]", (unsigned long long)rd->inode->ino);
    KT_CHECK(t, pt_readlink(path, buf, sizeof(buf)) > 0 && strcmp(buf, want) == 0);
    snprintf(path, sizeof(path), "/proc/%d/fd/7", pid);
    KT_CHECK_EQ(t, pt_readlink(path, buf, sizeof(buf)), -ENOENT);
    snprintf(path, sizeof(path), "/proc/%d/fd/04", pid);
    KT_CHECK_EQ(t, pt_readlink(path, buf, sizeof(buf)), -ENOENT);

    /* Following an fd link opens the file itself. */
    snprintf(path, sizeof(path), "/proc/%d/fd/4", pid);
    KT_CHECK(t, pt_read(path, buf, sizeof(buf)) == 1 && buf[0] == 'x');

    snprintf(path, sizeof(path), "/proc/%d/cwd", pid);
    KT_CHECK(t, pt_readlink(path, buf, sizeof(buf)) > 0 && strcmp(buf, "/") == 0);
    snprintf(path, sizeof(path), "/proc/%d/exe", pid);
    KT_CHECK(t, pt_readlink(path, buf, sizeof(buf)) > 0 && strcmp(buf, "/tmp/procfs-linked") == 0);

    file_put(rd);
    file_put(wr);
    file_put(file);
    file_put(dirf);
    file_put(procf);
    process_put(p);
    KT_CHECK_EQ(t, pt_kill_and_reap(pid), 0);
    KT_CHECK_EQ(t, pt_readlink(path, buf, sizeof(buf)), -ENOENT);
    KT_CHECK_EQ(t, vfs_unlink(&ctx, "/tmp/procfs-linked"), 0);
    kfree(names);
}

/* ---- read-only, permissions, positions ---------------------------------------------- */

KTEST(procfs, is_read_only)
{
    struct vfs_context ctx;
    vfs_kernel_context(&ctx);
    struct vfs_context user = ctx;
    user.cred = &fs_test_user;
    struct file *f;
    KT_CHECK_EQ(t, vfs_open(&ctx, "/proc/version", O_WRONLY, 0, &f), -EROFS);
    KT_CHECK_EQ(t, vfs_open(&ctx, "/proc/self/status", O_RDWR, 0, &f), -EROFS);
    KT_CHECK_EQ(t, vfs_open(&ctx, "/proc/version", O_RDONLY | O_TRUNC, 0, &f), -EROFS);
    KT_CHECK_EQ(t, vfs_open(&user, "/proc/version", O_WRONLY, 0, &f), -EACCES);
    KT_CHECK_EQ(t, vfs_open(&ctx, "/proc/new-file", O_WRONLY | O_CREAT, 0644, &f), -EROFS);
    KT_CHECK_EQ(t, vfs_mkdir(&ctx, "/proc/new-dir", 0755), -EROFS);
    KT_CHECK_EQ(t, vfs_mkdir(&ctx, "/proc/0/new-dir", 0755), -EROFS);
    KT_CHECK_EQ(t, vfs_unlink(&ctx, "/proc/version"), -EROFS);
    KT_CHECK_EQ(t, vfs_rmdir(&ctx, "/proc/0"), -EROFS);
    KT_CHECK_EQ(t, vfs_symlink(&ctx, "/", "/proc/new-link"), -EROFS);
    KT_CHECK_EQ(t, vfs_rename(&ctx, "/proc/version", "/proc/renamed"), -EROFS);
    KT_CHECK_EQ(t, vfs_chmod(&ctx, "/proc/version", 0, 0666), -EROFS);
    /* A description opened for reading refuses writes as any would. */
    KT_ASSERT(t, vfs_open(&ctx, "/proc/version", O_RDONLY, 0, &f) == 0);
    struct io_buffer b = io_buffer_kernel("x");
    KT_CHECK_EQ(t, file_write(f, &b, 1), -EBADF);
    file_put(f);
    KT_CHECK_EQ(t, pt_read("/proc/no-such-file", (char[8]){ 0 }, 8), -ENOENT);
    KT_CHECK_EQ(t, pt_read("/proc/99999/status", (char[8]){ 0 }, 8), -ENOENT);
}

KTEST(procfs, environ_is_for_its_owner_and_root)
{
    int pid = pt_spawn_spinner();
    KT_ASSERT(t, pid > 0);
    struct process *p = process_from_pid(pid);
    KT_ASSERT(t, p);
    char path[64], buf[256];
    snprintf(path, sizeof(path), "/proc/%d/environ", pid);
    struct vfs_context root, user, other;
    vfs_kernel_context(&root);
    user = root;
    user.cred = &fs_test_user;
    other = root;
    other.cred = &fs_test_other;

    /* A root process: only root may read its environment, anyone its status. */
    KT_CHECK(t, fs_test_read(&root, path, buf, sizeof(buf)) > 0);
    KT_CHECK_EQ(t, fs_test_read(&user, path, buf, sizeof(buf)), -EACCES);
    snprintf(path, sizeof(path), "/proc/%d/status", pid);
    KT_CHECK(t, fs_test_read(&user, path, buf, sizeof(buf)) > 0);

    /* Once it acts as uid 1000, that user may, another may not. */
    process_protected_unlock(p);
    process_protected_mut(p)->uid = process_protected_mut(p)->euid = fs_test_user.uid;
    process_protected_mut(p)->egid = fs_test_user.gid;
    process_protected_lock(p);
    snprintf(path, sizeof(path), "/proc/%d/environ", pid);
    KT_CHECK(t, fs_test_read(&user, path, buf, sizeof(buf)) > 0);
    KT_CHECK_EQ(t, fs_test_read(&other, path, buf, sizeof(buf)), -EACCES);
    KT_CHECK(t, fs_test_read(&root, path, buf, sizeof(buf)) > 0);
    struct stat st;
    KT_CHECK(t, vfs_stat(&root, path, 0, &st) == 0 && st.st_uid == fs_test_user.uid && (st.st_mode & 0777) == 0400);
    /* The fd directory is private the same way. */
    snprintf(path, sizeof(path), "/proc/%d/fd", pid);
    KT_CHECK_EQ(t, pt_list(path, buf, sizeof(buf)), 0);
    struct file *f;
    KT_CHECK_EQ(t, vfs_open(&other, path, O_RDONLY | O_DIRECTORY, 0, &f), -EACCES);

    /* A process that ran a set-ID program is root's alone. */
    process_protected_unlock(p);
    process_protected_mut(p)->dumpable = false;
    process_protected_lock(p);
    snprintf(path, sizeof(path), "/proc/%d/environ", pid);
    KT_CHECK_EQ(t, fs_test_read(&user, path, buf, sizeof(buf)), -EACCES);

    process_put(p);
    KT_CHECK_EQ(t, pt_kill_and_reap(pid), 0);
}

KTEST(procfs, reads_seek_within_one_snapshot)
{
    struct vfs_context ctx;
    vfs_kernel_context(&ctx);
    char whole[128], part[128];
    ssize_t len = pt_read("/proc/version", whole, sizeof(whole));
    KT_ASSERT(t, len > 4);
    struct file *f;
    KT_ASSERT(t, vfs_open(&ctx, "/proc/version", O_RDONLY, 0, &f) == 0);
    /* Three bytes at a time put the whole text back together. */
    size_t got = 0;
    for (;;) {
        struct io_buffer b = io_buffer_kernel(part + got);
        ssize_t n = file_read(f, &b, 3);
        KT_ASSERT(t, n >= 0);
        if (n == 0)
            break;
        got += (size_t)n;
    }
    KT_CHECK_EQ(t, got, len);
    KT_CHECK(t, memcmp(part, whole, (size_t)len) == 0);
    off_t at;
    KT_CHECK(t, file_lseek(f, 0, SEEK_END, &at) == 0 && at == len);
    KT_CHECK(t, file_lseek(f, -3, SEEK_END, &at) == 0 && at == len - 3);
    struct io_buffer b = io_buffer_kernel(part);
    KT_CHECK_EQ(t, file_read(f, &b, sizeof(part)), 3);
    KT_CHECK(t, memcmp(part, whole + len - 3, 3) == 0);
    KT_CHECK_EQ(t, file_lseek(f, -1, SEEK_SET, &at), -EINVAL);
    KT_CHECK_EQ(t, file_pread(f, &b, 4, 2), 4);
    KT_CHECK(t, memcmp(part, whole + 2, 4) == 0);
    KT_CHECK_EQ(t, file_pread(f, &b, 4, len + 10), 0);
    file_put(f);

    /* A process born after the open is not in the open file's picture. */
    struct file *all;
    KT_ASSERT(t, vfs_open(&ctx, "/proc/all", O_RDONLY, 0, &all) == 0);
    int pid = pt_spawn_spinner();
    KT_ASSERT(t, pid > 0);
    char *buf = kmalloc(PROCFS_TEST_BUF * 4);
    KT_ASSERT(t, buf);
    b = io_buffer_kernel(buf);
    ssize_t n = file_read(all, &b, PROCFS_TEST_BUF * 4 - 1);
    buf[n > 0 ? n : 0] = '\0';
    KT_CHECK(t, n > 0 && !pt_all_lists(buf, pid, "spinner"));
    file_put(all);
    KT_CHECK(t, pt_read("/proc/all", buf, PROCFS_TEST_BUF * 4) > 0 && pt_all_lists(buf, pid, "spinner"));
    KT_CHECK_EQ(t, pt_kill_and_reap(pid), 0);
    kfree(buf);
}

KTEST(procfs, mounts_by_type_name_and_leaves_nothing_behind)
{
    struct vfs_context ctx;
    vfs_kernel_context(&ctx);
    struct vfs_fs *fs;
    KT_ASSERT(t, vfs_fs_create_by_type(PROCFS_FS_TYPE, NULL, 0, &fs) == 0);
    KT_ASSERT(t, vfs_mkdir(&ctx, "/tmp/procfs-mnt", 0755) == 0);
    KT_ASSERT(t, vfs_mount(&ctx, fs, "/tmp/procfs-mnt") == 0);
    char buf[PROCFS_TEST_BUF], want[16];
    KT_CHECK(t, pt_read("/tmp/procfs-mnt/version", buf, sizeof(buf)) > 0 && strncmp(buf, KERNEL_NAME, 7) == 0);
    snprintf(want, sizeof(want), "%d", process_pid(process_current()));
    KT_CHECK(t, pt_readlink("/tmp/procfs-mnt/self", buf, sizeof(buf)) > 0 && strcmp(buf, want) == 0);
    KT_CHECK(t, pt_read("/tmp/procfs-mnt/self/status", buf, sizeof(buf)) > 0);
    KT_CHECK(t, pt_read("/proc/mounts", buf, sizeof(buf)) > 0 && strstr(buf, "\nproc /tmp/procfs-mnt proc ro,nosuid\n"));
    char *names = kmalloc(PROCFS_TEST_BUF);
    KT_ASSERT(t, names);
    KT_CHECK_EQ(t, pt_list("/tmp/procfs-mnt", names, PROCFS_TEST_BUF), 0);
    KT_CHECK(t, pt_listed(names, want));
    KT_CHECK_EQ(t, pt_list("/tmp/procfs-mnt/self/", names, PROCFS_TEST_BUF), 0);
    KT_CHECK(t, pt_listed(names, "maps"));
    /* ".." climbs out of a pid directory to the mount's root. */
    struct stat a, b;
    KT_CHECK(t, vfs_stat(&ctx, "/tmp/procfs-mnt/self/..", 0, &a) == 0 &&
                    vfs_stat(&ctx, "/tmp/procfs-mnt", 0, &b) == 0 && a.st_ino == b.st_ino && a.st_dev == b.st_dev);
    char real[64];
    KT_CHECK(t, vfs_realpath(&ctx, "/tmp/procfs-mnt/self/..", real, sizeof(real)) > 0 &&
                    strcmp(real, "/tmp/procfs-mnt") == 0);
    kfree(names);
    /* No inode or process reference was left behind: it unmounts. */
    KT_CHECK_EQ(t, vfs_umount(&ctx, "/tmp/procfs-mnt"), 0);
    KT_CHECK_EQ(t, vfs_rmdir(&ctx, "/tmp/procfs-mnt"), 0);
}

/* ---- readers racing with processes that come and go ----------------------------------- */

struct pt_reader {
    volatile int stop;
    int rounds;
    int unexpected;     /* errors other than "it is gone" */
    int last_error;
    struct completion done;
};

static void pt_note(struct pt_reader *r, long rc)
{
    if (rc < 0 && rc != -ENOENT) {
        r->unexpected++;
        r->last_error = (int)rc;
    }
}

/* Reads everything about every process, over and over. */
static void pt_reader_main(void *arg)
{
    struct pt_reader *r = arg;
    char *names = kmalloc(PROCFS_TEST_BUF);
    char *buf = kmalloc(PROCFS_TEST_BUF);
    char path[64];
    static const char *const files[] = { "status", "stat", "maps", "cmdline", "environ" };
    while (names && buf && !r->stop) {
        pt_note(r, pt_list("/proc", names, PROCFS_TEST_BUF));
        pt_note(r, pt_read("/proc/all", buf, PROCFS_TEST_BUF));
        for (const char *n = names; *n; n = strchr(n, '\n') + 1) {
            if (*n < '0' || *n > '9')
                continue;
            int pid = (int)pt_num(n);
            for (unsigned i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
                snprintf(path, sizeof(path), "/proc/%d/%s", pid, files[i]);
                pt_note(r, pt_read(path, buf, PROCFS_TEST_BUF));
            }
            snprintf(path, sizeof(path), "/proc/%d/fd", pid);
            long rc = pt_list(path, buf, PROCFS_TEST_BUF);
            pt_note(r, rc == -ENOTDIR ? -ENOENT : rc);
            snprintf(path, sizeof(path), "/proc/%d/fd/0", pid);
            pt_note(r, pt_readlink(path, buf, PROCFS_TEST_BUF));
            snprintf(path, sizeof(path), "/proc/%d/cwd", pid);
            pt_note(r, pt_readlink(path, buf, PROCFS_TEST_BUF));
        }
        r->rounds++;
        sched_yield();
    }
    kfree(names);
    kfree(buf);
    completion_signal(&r->done);
}

KTEST(procfs, readers_race_with_processes_that_exit)
{
    struct pt_reader *r = kzalloc(sizeof(*r));
    KT_ASSERT(t, r);
    completion_init(&r->done);
    KT_ASSERT(t, thread_create_kernel(kernel_process, pt_reader_main, r, THREAD_PRIORITY_NORMAL, "procfs-reader"));
    /* Short lives, so the reader keeps meeting processes being torn down. */
    struct tiny_code c = { .len = 0 };
    tiny_mov_ebx(&c, 7);
    tiny_exit_ebx(&c);
    int spinner = pt_spawn_spinner();
    KT_CHECK(t, spinner > 0);
    for (int i = 0; i < 40; i++) {
        int status = -1;
        int pid = tiny_run(&c, &status);
        KT_CHECK(t, pid > 0 && status == WAIT_STATUS_EXITED(7));
        if (i % 8 == 0)
            thread_sleep_ns(2 * 1000 * 1000);
    }
    if (spinner > 0)
        KT_CHECK_EQ(t, pt_kill_and_reap(spinner), 0);
    /* Let it finish at least one round after the last exit. */
    int rounds = r->rounds;
    while (r->rounds < rounds + 2)
        thread_sleep_ns(1000 * 1000);
    r->stop = 1;
    KT_ASSERT(t, completion_wait(&r->done, 1, 10ull * 1000 * 1000 * 1000) == 0);
    KT_CHECK_EQ(t, r->unexpected, 0);
    KT_CHECK_EQ(t, r->last_error, 0);
    KT_CHECK(t, r->rounds > 2);
    kfree(r);
}

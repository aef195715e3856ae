/* procfs: the files about the whole system (memory, time, CPU, mounts,
 * version) and the process list that ps reads. */
#include "arch/x86/cpu.h"
#include "fs/mount.h"
#include "fs/procfs_internal.h"
#include "fs/vfs.h"
#include "kernel/api/procfs.h"
#include "kernel/clock.h"
#include "kernel/errno.h"
#include "kernel/panic.h"
#include "kernel/pid.h"
#include "kernel/process.h"
#include "kernel/version.h"
#include "mm/heap.h"
#include "mm/layout.h"
#include "mm/pmm.h"
#include <string.h>

int procfs_gen_meminfo(struct procfs_inode *pi, struct procfs_buf *b)
{
    (void)pi;
    struct heap_stats heap;
    heap_get_stats(&heap);
    size_t kib_per_frame = PAGE_SIZE / 1024;
    procfs_buf_printf(b, "total_kib: %zu\n", pmm_total_frames() * kib_per_frame);
    procfs_buf_printf(b, "free_kib: %zu\n", pmm_free_frames() * kib_per_frame);
    procfs_buf_printf(b, "heap_bytes_in_use: %zu\n", heap.bytes_in_use);
    procfs_buf_printf(b, "heap_allocations: %zu\n", heap.allocations);
    procfs_buf_printf(b, "heap_pages_mapped: %zu\n", heap.pages_mapped);
    return b->error;
}

int procfs_gen_uptime(struct procfs_inode *pi, struct procfs_buf *b)
{
    (void)pi;
    uint64_t ns = clock_monotonic_ns();
    unsigned long long seconds = ns / NSEC_PER_SEC;
    unsigned long long hundredths = (ns % NSEC_PER_SEC) / (NSEC_PER_SEC / 100);
    procfs_buf_printf(b, "%llu.%02llu\n", seconds, hundredths);
    return b->error;
}

int procfs_gen_cpuinfo(struct procfs_inode *pi, struct procfs_buf *b)
{
    (void)pi;
    /* CPUID pads the brand string on the left on some parts. */
    const char *brand = cpu_features.brand;
    while (*brand == ' ')
        brand++;
    procfs_buf_printf(b, "vendor: %s\nbrand: %s\nfeatures:", cpu_features.vendor, brand);
    static const struct {
        const char *name;
        size_t offset;
    } flags[] = {
        { "nx", offsetof(struct cpu_features, nx) },
        { "smep", offsetof(struct cpu_features, smep) },
        { "smap", offsetof(struct cpu_features, smap) },
        { "pge", offsetof(struct cpu_features, pge) },
    };
    for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++)
        if (*(const bool *)((const char *)&cpu_features + flags[i].offset))
            procfs_buf_printf(b, " %s", flags[i].name);
    procfs_buf_append(b, "\n", 1);
    return b->error;
}

int procfs_gen_mounts(struct procfs_inode *pi, struct procfs_buf *b)
{
    (void)pi;
    struct mount_info *mounts;
    size_t count;
    int rc = mount_table_snapshot(&mounts, &count);
    if (rc < 0)
        return rc;
    char *path = kmalloc(PATH_MAX);
    if (!path) {
        mount_table_snapshot_free(mounts, count);
        return -ENOMEM;
    }
    struct vfs_context ctx;
    vfs_kernel_context(&ctx);
    for (size_t i = 0; i < count; i++) {
        const struct mount_info *m = &mounts[i];
        if (!m->covered)
            strlcpy(path, "/", PATH_MAX);
        else if (vfs_inode_path(&ctx, m->covered, path, PATH_MAX) < 0)
            continue;   /* mounted on a directory that has no name any more */
        procfs_buf_printf(b, "%s %s %s %s%s\n", m->type, path, m->type,
                          (m->flags & ST_RDONLY) ? "ro" : "rw", (m->flags & ST_NOSUID) ? ",nosuid" : "");
    }
    kfree(path);
    mount_table_snapshot_free(mounts, count);
    return b->error;
}

int procfs_gen_version(struct procfs_inode *pi, struct procfs_buf *b)
{
    (void)pi;
    procfs_buf_printf(b, "%s %s %s\n", KERNEL_NAME, KERNEL_VERSION, KERNEL_ARCH);
    return b->error;
}

/* ---- the process list ------------------------------------------------------ */

struct procfs_collect {
    struct process **procs;
    size_t count, room;
    bool overflow;
};

/* Runs under the id table's spinlock: only counts and references. */
static void procfs_collect_one(struct process *p, void *arg)
{
    struct procfs_collect *c = arg;
    if (c->count == c->room) {
        c->overflow = true;
        return;
    }
    process_get(p);
    c->procs[c->count++] = p;
}

void procfs_put_processes(struct process **procs, size_t count)
{
    for (size_t i = 0; i < count; i++)
        process_put(procs[i]);
    kfree(procs);
}

/* Shell sort by pid: the table keeps creation order, ps wants pid order. */
static void procfs_sort_by_pid(struct process **procs, size_t n)
{
    for (size_t gap = n / 2; gap > 0; gap /= 2) {
        for (size_t i = gap; i < n; i++) {
            struct process *p = procs[i];
            size_t j = i;
            for (; j >= gap && process_pid(procs[j - gap]) > process_pid(p); j -= gap)
                procs[j] = procs[j - gap];
            procs[j] = p;
        }
    }
}

int procfs_list_processes(struct process ***out, size_t *count)
{
    size_t room = (size_t)process_count() + 8;
    for (;;) {
        struct procfs_collect c = { kmalloc(room * sizeof(struct process *)), 0, room, false };
        if (!c.procs)
            return -ENOMEM;
        process_for_each(procfs_collect_one, &c);
        if (!c.overflow) {
            procfs_sort_by_pid(c.procs, c.count);
            *out = c.procs;
            *count = c.count;
            return 0;
        }
        /* Processes were born while we counted: try again with more room. */
        procfs_put_processes(c.procs, c.count);
        room *= 2;
    }
}

int procfs_gen_all(struct procfs_inode *pi, struct procfs_buf *b)
{
    (void)pi;
    struct process **procs;
    size_t count;
    int rc = procfs_list_processes(&procs, &count);
    if (rc < 0)
        return rc;
    /* The format is documented in kernel/api/procfs.h. */
    procfs_buf_printf(b, "%s\n", PROCFS_ALL_HEADER);
    for (size_t i = 0; i < count; i++) {
        struct procfs_process_info info;
        procfs_process_info(procs[i], &info);
        procfs_buf_printf(b, "%d\t%d\t%d\t%d\t%u\t%s\t%u\t%llu\t%llu\t%zu\t", info.pid, info.ppid, info.pgid,
                          info.sid, info.uid, info.state, info.threads, (unsigned long long)info.ticks_user,
                          (unsigned long long)info.ticks_kernel, info.resident_pages);
        procfs_buf_append_name(b, info.name);
        procfs_buf_append(b, "\n", 1);
    }
    procfs_put_processes(procs, count);
    return b->error;
}

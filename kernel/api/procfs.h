/* The process file system as user space sees it: where it lives and the
 * formats of the files that tools parse. Every file is text (except
 * cmdline and environ) made when it is opened, so one open reads one
 * consistent picture; reopen it for a fresh one.
 *
 * /proc/all: one header line, then one line per process in pid order.
 * Fields are separated by one tab; the name comes last and runs to the end
 * of the line (it may hold spaces; control characters show as '?'):
 *
 *     pid ppid pgid sid uid state threads ticks_user ticks_kernel resident_pages name
 *
 * uid is the real user id, ticks are timer ticks (PROCFS_TICKS_PER_SECOND a
 * second) spent in user and kernel mode by live and finished threads, and
 * resident_pages counts the pages of the address space that have a frame.
 *
 * /proc/<pid>/stat: the same kind of figures for one process on one line,
 * separated by single spaces, name last (as in /proc/all):
 *
 *     pid ppid pgid sid uid euid suid gid egid sgid state threads
 *     ticks_user ticks_kernel children_ticks_user children_ticks_kernel
 *     virtual_bytes resident_pages regions name
 *
 * children_ticks_* are those of reaped children.
 *
 * /proc/<pid>/status: "key: value" lines with the same figures under the
 * names of the stat fields (virtual memory as virtual_kib).
 *
 * /proc/<pid>/maps: one line per region in address order,
 *
 *     start-end perms resident_pages name
 *
 * start and end (exclusive) in 8 hex digits, perms four characters: r, w, x
 * or '-', then 's' (shared) or 'p' (private).
 *
 * /proc/mounts: "device mount_point type options" per mount, options "rw"
 * or "ro", plus ",nosuid". File systems without a device show their type
 * as the device. */
#ifndef KERNEL_API_PROCFS_H
#define KERNEL_API_PROCFS_H

#define PROCFS_MOUNT_POINT      "/proc"
#define PROCFS_FS_TYPE          "proc"
#define PROCFS_ALL_PATH         "/proc/all"
#define PROCFS_TICKS_PER_SECOND 1000

/* Columns of /proc/all, in order. */
#define PROCFS_ALL_HEADER                                                                           \
    "pid\tppid\tpgid\tsid\tuid\tstate\tthreads\tticks_user\tticks_kernel\tresident_pages\tname"
#define PROCFS_ALL_COLUMNS 11

/* Process states as the files spell them. */
#define PROCFS_STATE_RUNNING  "running"     /* a thread is on a CPU or ready for one */
#define PROCFS_STATE_SLEEPING "sleeping"    /* every thread waits */
#define PROCFS_STATE_STOPPED  "stopped"     /* by a stop signal */
#define PROCFS_STATE_DYING    "dying"       /* its threads are going away */
#define PROCFS_STATE_ZOMBIE   "zombie"      /* dead, not yet reaped */
#endif

/* Terminals. One core serves the serial port, the VGA consoles and the
 * pseudo-terminal slaves: a driver supplies the output side (and feeds the
 * input side with tty_receive); the core does the line discipline (editing,
 * echo, signals, output processing), termios, the window size, controlling
 * terminals and job control.
 *
 * Files: tty_io.c (registry, file operations), tty_ldisc.c (input and
 * output processing), tty_read_write.c, tty_ioctl.c, tty_session.c (controlling terminals and
 * job control), pty.c and devpts.c (pseudo-terminals), serial_tty.c
 * (ttyS0 and console), vt.c (the VGA consoles tty1-4) and keyboard.c.
 *
 * Locking, outermost first: tty_registry_lock (the registry, every tty's
 * reference count, session and fg_pgrp), then tty->lock (everything else of
 * one tty, and its driver's output side), then the wait queues' own locks.
 * tty->read_mutex and tty->write_mutex are taken before any of them. */
#ifndef DRIVERS_TTY_TTY_H
#define DRIVERS_TTY_TTY_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "kernel/api/termios.h"
#include "kernel/api/types.h"
#include "kernel/list.h"
#include "kernel/mutex.h"
#include "kernel/spinlock.h"
#include "kernel/wait_queue.h"

#define TTY_INPUT_SIZE  4096    /* input a reader has not taken yet */
#define TTY_LINE_MAX    1024    /* a canonical line being edited */
#define TTY_LINES_MAX   64      /* completed canonical lines not yet read */
#define TTY_NAME_MAX    16

struct tty;
struct file;
struct io_buffer;
struct process;

struct tty_driver {
    /* Puts bytes out on the device; never more than output_room said.
     * tty->lock is held and this may run in interrupt context (echo of
     * keyboard or serial input): it must not sleep. */
    void (*output)(struct tty *tty, const char *s, size_t n);
    /* How many bytes output takes now; NULL: any amount. Also called
     * without tty->lock by waiters re-checking, so it only reads. */
    size_t (*output_room)(struct tty *tty);
    /* Bytes given to output that the other end has not taken yet
     * (TIOCOUTQ); NULL: none. tty->lock held. */
    size_t (*output_pending)(struct tty *tty);
    /* Drops output not yet taken (TCOFLUSH). tty->lock held. Optional. */
    void (*flush_output)(struct tty *tty);
    /* Every open, after the core's checks, before the file is usable, and
     * every close. Optional; may sleep; no lock held. A failed open is not
     * followed by a close. */
    int (*open)(struct tty *tty, struct file *f);
    void (*close)(struct tty *tty, struct file *f);
    /* The last reference is gone (tty_put): free the tty. NULL for
     * terminals that live forever. Process context, no lock held. */
    void (*destroy)(struct tty *tty);
};

struct tty {
    const struct tty_driver *driver;
    void *driver_data;
    char name[TTY_NAME_MAX];        /* "ttyS0", "tty1", "pts/3" */
    dev_t dev;

    /* Under tty_registry_lock. session and fg_pgrp are written with both
     * tty_registry_lock and lock held, so either lock is enough to read. */
    struct list_node registry_node;
    int refcount;
    int session;                    /* the session it controls; 0: none */
    int fg_pgrp;                    /* its foreground process group; 0: none */

    /* Protects everything below up to the wait queues. */
    struct spinlock lock;
    struct termios termios;
    struct winsize winsize;
    /* A hangup makes every file opened before it dead (reads 0, writes
     * EIO); files remember the generation they were opened in. */
    unsigned hangup_gen;
    unsigned open_count;            /* open files on the tty */
    bool output_stopped;            /* ^S (IXON) or TCOOFF */
    bool literal_next;              /* the last input byte was VLNEXT */
    unsigned column;                /* of the output cursor, for erasing */
    unsigned line_start_column;     /* where the echo of the edited line began */
    /* Input a reader may take: a ring of bytes. In canonical mode it only
     * holds completed lines, whose lengths queue in `lines` (a zero
     * length is an end of file typed at the start of a line). */
    char input[TTY_INPUT_SIZE];
    size_t input_head, input_count;
    uint16_t lines[TTY_LINES_MAX];
    unsigned lines_head, lines_count;
    /* The canonical line being edited, not yet readable. */
    char line[TTY_LINE_MAX];
    size_t line_len;

    /* Readers and pollers: input became readable, the mode changed, a
     * hangup. */
    struct wait_queue read_wq;
    /* Writers and pollers: output room appeared, output was restarted, a
     * hangup. */
    struct wait_queue write_wq;
    /* Whoever feeds input and waits for room (a pseudo-terminal master):
     * a reader took input, input was flushed, the mode changed. */
    struct wait_queue input_room_wq;
    /* Serialize readers and writers while they move data, so that one
     * read takes a line whole and one write's bytes stay together; both
     * are dropped while waiting, so a sleeper can always be interrupted. */
    struct mutex read_mutex;
    struct mutex write_mutex;
};

/* Protects the registry of terminals and their reference counts, sessions
 * and foreground groups. */
extern struct spinlock tty_registry_lock;

/* ---- tty_io.c ------------------------------------------------------------ */
/* Sets up a terminal with the default termios (canonical, echo, signals,
 * ICRNL, OPOST|ONLCR, 38400 8N1) and one reference, and puts it in the
 * registry so that it can become a controlling terminal. */
void tty_init(struct tty *tty, const struct tty_driver *driver, const char *name, dev_t dev);
void tty_get(struct tty *tty);
/* A reference unless the tty is already on its way out (count 0).
 * tty_registry_lock held. */
bool tty_try_get_locked(struct tty *tty);
void tty_put(struct tty *tty);
/* Calls fn on every registered terminal; tty_registry_lock held. */
void tty_for_each_locked(void (*fn)(struct tty *tty, void *arg), void *arg);
/* The termios every terminal starts with. */
void tty_default_termios(struct termios *t);

/* For device open hooks: makes f (a fresh description from a character
 * device) a file on the tty, taking a reference. A session leader without
 * a controlling terminal acquires this one unless `flags` has O_NOCTTY. */
int tty_open_file(struct tty *tty, struct file *f, int flags);
/* The tty of a file opened through tty_open_file, or NULL. */
struct tty *tty_from_file(struct file *f);
/* Whether a hangup has happened since f was opened. */
bool tty_file_hung_up(struct file *f);
/* Every open file becomes dead (reads see end of file, writes EIO) and the
 * terminal stops being anyone's controlling terminal; its foreground group
 * and its session leader get SIGHUP and SIGCONT. Process context. */
void tty_hangup(struct tty *tty);

/* ---- tty_ldisc.c ---------------------------------------------------------- */
/* Input from the device: runs the line discipline on each byte. Returns
 * how many bytes were taken; fewer than n only when the input buffer is
 * full (a pseudo-terminal master then waits for input_room_wq; hardware
 * drops the rest). Callable from interrupt context. */
size_t tty_receive(struct tty *tty, const char *s, size_t n);
/* Whether tty_receive would take at least one more byte. A plain read of
 * the state: no lock needed, for wait conditions. */
bool tty_input_has_room(const struct tty *tty);
/* tty->lock held. Output processing (OPOST) of up to n bytes to the driver;
 * returns how many were sent (fewer when the driver ran out of room). */
size_t tty_output_locked(struct tty *tty, const char *s, size_t n);
/* tty->lock held. Input a reader could take now: canonical mode counts
 * completed lines' bytes (and an end of file as readable). */
bool tty_input_readable_locked(const struct tty *tty);
size_t tty_input_bytes_locked(const struct tty *tty);
/* tty->lock held. Drops all input, typed lines included. */
void tty_flush_input_locked(struct tty *tty);
/* tty->lock held. Installs new termios, converting pending input between
 * canonical and raw as the mode changes. The caller wakes the queues. */
void tty_set_termios_locked(struct tty *tty, const struct termios *t);
/* tty->lock held. Takes up to max bytes a reader may have: in canonical
 * mode from the first completed line only, setting *line_done when that
 * line (or an end of file) is used up. */
size_t tty_take_input_locked(struct tty *tty, char *dst, size_t max, bool *line_done);

/* ---- tty_read_write.c ----------------------------------------------------- */
/* read(2) through the line discipline: canonical lines or VMIN/VTIME. */
ssize_t tty_ldisc_read(struct tty *tty, struct file *f, struct io_buffer *buf, size_t len);
/* write(2) through output processing, waiting for room. */
ssize_t tty_ldisc_write(struct tty *tty, struct file *f, const struct io_buffer *buf, size_t len);

/* ---- tty_ioctl.c ---------------------------------------------------------- */
/* The terminal ioctls; `arg` is the raw argument and `argp` the memory it
 * points to (user memory from the system call, kernel memory for
 * tty_ioctl_kernel). from_master: issued on a pseudo-terminal master, so
 * no controlling-terminal or job-control checks apply. */
int tty_ioctl(struct tty *tty, struct file *f, unsigned long request, uintptr_t arg,
              const struct io_buffer *argp, bool from_master);
/* An ioctl on a terminal or pty master file with a kernel pointer as
 * argument (for the kernel's own use and its tests). */
int tty_ioctl_kernel(struct file *f, unsigned long request, void *arg);

/* ---- tty_session.c -------------------------------------------------------- */
/* Job control for the calling process on its controlling terminal: 0 when
 * it may go on (a foreground member, another terminal, a kernel caller);
 * -EINTR after sending `sig` (SIGTTIN or SIGTTOU) to its background group,
 * so the call restarts once the group is continued; -EIO when the group is
 * orphaned, or for SIGTTIN when the signal is ignored or blocked (for
 * SIGTTOU that lets the call go on: 0). */
int tty_job_control_check(struct tty *tty, int sig);
/* Whether the caller is a background process on its controlling terminal
 * tty: the condition tty_job_control_check acts on. Lock-free, for wait
 * conditions; a blocked reader re-checks when it turns true. */
bool tty_caller_in_background(const struct tty *tty);
/* The caller's controlling terminal with a reference, or NULL. */
struct tty *tty_controlling(struct process *p);
/* The session leader p opened tty without O_NOCTTY: make it p's
 * controlling terminal if neither has one yet. */
void tty_acquire_controlling(struct tty *tty, struct process *p);
/* TIOCSCTTY / TIOCNOTTY / TIOCSPGRP for the calling process. */
int tty_set_controlling(struct tty *tty, struct process *p, bool steal);
int tty_give_up_controlling(struct tty *tty, struct process *p);
int tty_set_foreground(struct tty *tty, struct process *p, int pgrp);
/* The kernel's own say: tty controls session sid (taken from any session
 * it controlled) with foreground group fg_pgrp; sid 0 detaches it. -EBUSY
 * if the session has another terminal. For the kernel's tests and for
 * setting up consoles. */
int tty_attach_session(struct tty *tty, int sid, int fg_pgrp);
/* Whether tty is p's controlling terminal. */
bool tty_is_controlling(struct tty *tty, const struct process *p);
/* Sends sig to the foreground group (when there is one). */
void tty_signal_foreground(struct tty *tty, int sig);
/* Sends sig to every process of group pgid, from the kernel. */
void tty_signal_group(int pgid, int sig);
/* Sends sig to the leader of session sid (the process numbered sid). */
void tty_signal_session_leader(int sid, int sig);
/* From process_finalize: a session leader is gone; its controlling
 * terminal is hung up. */
void tty_session_leader_exited(struct process *p);

/* ---- devices -------------------------------------------------------------- */
/* Registers the terminal devices: ttyS0, console, tty, ptmx and the pts
 * numbers, the VGA consoles, and starts serial and keyboard input. */
void tty_devices_register(void);
/* Creates /dev/pts and mounts the devpts instance there (after devfs is
 * mounted on /dev). */
int devpts_mount_boot(void);
#endif

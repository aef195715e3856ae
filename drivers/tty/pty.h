/* Pseudo-terminals: every open of /dev/ptmx (5:2) makes a pair. The master
 * is that file; the slave is a terminal, /dev/pts/N (136:N), with the full
 * line discipline. What the master writes is the slave's input; what the
 * slave writes (and echoes) the master reads.
 *
 * The slave starts locked (its opens fail with EIO) until TIOCSPTLCK 0
 * (unlockpt); TIOCGPTN gives N (ptsname). When the last slave file closes
 * the master reads EIO (after any data) and polls POLLHUP; when the master
 * closes, the slave is hung up (SIGHUP, reads 0, writes EIO) and cannot be
 * opened again. */
#ifndef DRIVERS_TTY_PTY_H
#define DRIVERS_TTY_PTY_H
#include <stdbool.h>
#include <stdint.h>

struct file;
struct io_buffer;
struct vfs_fs;

#define PTY_MAX         64      /* pairs at once */
#define PTY_BUF_SIZE    4096    /* slave output the master has not read */
#define PTY_SLAVE_MAJOR 136

void pty_register(void);
bool pty_is_master(struct file *f);
/* The master's ioctls: TIOCGPTN, TIOCSPTLCK, and the slave's termios,
 * window size and foreground group. */
int pty_master_ioctl(struct file *f, unsigned long request, uintptr_t arg, const struct io_buffer *argp);

/* devpts.c: the /dev/pts directory. Nodes appear with their pair and go
 * with it. Without a mounted devpts pairs still work, without names. */
int devpts_create_node(unsigned index, uint32_t uid, uint32_t gid);
void devpts_remove_node(unsigned index);
#endif

/* Pipes: a bounded byte buffer between a read end and a write end.
 *
 * Reads block while the pipe is empty and a writer exists; they return 0
 * (end of file) once every write end is closed. Writes block while there is
 * no room; a write of at most PIPE_BUF bytes goes in whole or not at all,
 * larger ones may be split among other writers' data. Writing with no read
 * end left fails with -EPIPE (the syscall layer then raises SIGPIPE). With
 * O_NONBLOCK (file_set_flags) a read or write that would block returns
 * -EAGAIN; a blocked one that a signal interrupts returns -EINTR, or the
 * bytes already written. */
#ifndef FS_PIPE_H
#define FS_PIPE_H

struct file;

#define PIPE_CAPACITY (4 * 4096)

/* Two descriptions (O_RDONLY and O_WRONLY) sharing one new pipe. */
int pipe_create(struct file **read_end, struct file **write_end);
#endif

/* stdin, stdout and stderr. They exist before main() with static buffers,
 * so that a program that only prints never needs the allocator. stdin and
 * stdout decide at first use whether they are terminals (line buffered);
 * stderr is unbuffered. */
#include "stdio_impl.h"

ssize_t __stdio_fd_read(void *cookie, char *buf, size_t n);
ssize_t __stdio_fd_write(void *cookie, const char *buf, size_t n);
int __stdio_fd_seek(void *cookie, off_t *pos, int whence);
int __stdio_fd_close(void *cookie);

static unsigned char stdin_buf[BUFSIZ];
static unsigned char stdout_buf[BUFSIZ];

#define STD_STREAM(name, descriptor, extra_flags, buffer, buffer_size)          \
    FILE name = {                                                               \
        .fd = descriptor,                                                       \
        .flags = F_STATIC | (extra_flags),                                      \
        .mode = MODE_IDLE,                                                      \
        .buf = buffer,                                                          \
        .size = buffer_size,                                                    \
        .rpos = buffer,                                                         \
        .rend = buffer,                                                         \
        .wpos = buffer,                                                         \
        .io = { __stdio_fd_read, __stdio_fd_write, __stdio_fd_seek,             \
                __stdio_fd_close, &name },                                      \
    }

extern FILE __stdio_stdin, __stdio_stdout, __stdio_stderr;
STD_STREAM(__stdio_stdin, 0, F_READ | F_TTYCHECK, stdin_buf, BUFSIZ);
STD_STREAM(__stdio_stdout, 1, F_WRITE | F_TTYCHECK, stdout_buf, BUFSIZ);
STD_STREAM(__stdio_stderr, 2, F_WRITE | F_UNBUF, __stdio_stderr.tiny, 1);

FILE *stdin = &__stdio_stdin;
FILE *stdout = &__stdio_stdout;
FILE *stderr = &__stdio_stderr;

/* Loading a program into a process. */
#ifndef KERNEL_EXEC_H
#define KERNEL_EXEC_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct process;
struct trap_frame;

#define EXEC_ARG_MAX        (128 * 1024)    /* bytes of argv + envp strings */
#define EXEC_ARGS_COUNT_MAX 4096
#define USER_STACK_SIZE     (1024 * 1024)

/* Arguments gathered in kernel memory: `count` NUL-terminated strings packed
 * back to back in `data`. */
struct exec_strings {
    char *data;
    size_t bytes;
    unsigned count;
};

/* Replaces the current process's program with the ELF image: a new address
 * space with the segments and a stack holding argc, argv, envp and the
 * auxiliary vector; `frame` is set to enter it. Before the point of no
 * return everything can fail (-ENOEXEC, -ENOMEM, -E2BIG) and leaves the
 * process as it was. */
int exec_image(const void *image, size_t size, const char *name, const struct exec_strings *argv,
               const struct exec_strings *envp, struct trap_frame *frame);

/* Starts a new user process running the image, child of `parent` (NULL:
 * nobody's), as pid 1 with as_init (it then adopts orphans). The image is
 * checked before the process exists, so a bad program never gets a pid.
 * Returns the pid or -errno. */
int user_process_spawn(const void *image, size_t size, const char *name, const char *const argv[],
                       const char *const envp[], struct process *parent, bool as_init);

struct vfs_context;
struct inode;
/* execve's core: the program at path (following "#!" lines) replaces the
 * current one; argv may be rewritten for scripts. */
int exec_path(const struct vfs_context *ctx, const char *path, struct exec_strings *argv,
              const struct exec_strings *envp, struct trap_frame *frame);
/* Reads an executable file after the exec permission checks (EACCES for a
 * directory, a device or a file without execute permission). */
int exec_read_file(const struct vfs_context *ctx, const char *path, void **image, size_t *size,
                   struct inode **inode_out);
/* user_process_spawn for a program file, read with the kernel's rights. */
int user_process_spawn_path(const char *path, const char *const argv[], const char *const envp[],
                            struct process *parent, bool as_init);

void exec_strings_free(struct exec_strings *s);
/* Packs a NULL-terminated kernel array of strings. */
int exec_strings_from_kernel(const char *const *list, struct exec_strings *out);
#endif

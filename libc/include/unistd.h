/* POSIX <unistd.h>: the file, process and identity calls, plus the few
 * Kestrel extensions of the same kind (pledge, unveil, gettid). Every call
 * here fails with -1 and errno set; ENOSYS means the running kernel does not
 * implement that call yet. */
#ifndef _UNISTD_H
#define _UNISTD_H

#include <sys/types.h>
#include <getopt.h>
#define __need_NULL
#include <stddef.h>

#if __has_include(<kernel/api/unistd.h>)
#include <kernel/api/unistd.h>
#endif
#ifndef SEEK_SET
#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2
#endif
#ifndef F_OK
#define F_OK 0
#define X_OK 1
#define W_OK 2
#define R_OK 4
#endif

#ifdef __cplusplus
extern "C" {
#endif

#define STDIN_FILENO 0
#define STDOUT_FILENO 1
#define STDERR_FILENO 2

#define _POSIX_VERSION 200809L
#define _POSIX2_VERSION 200809L
#define _POSIX_THREADS 200809L
#define _POSIX_TIMERS 200809L
#define _POSIX_MONOTONIC_CLOCK 200809L
#define _POSIX_JOB_CONTROL 1
#define _POSIX_SAVED_IDS 1

/* sysconf() names. */
enum {
    _SC_ARG_MAX,
    _SC_CHILD_MAX,
    _SC_CLK_TCK,
    _SC_NGROUPS_MAX,
    _SC_OPEN_MAX,
    _SC_PAGESIZE,
    _SC_PAGE_SIZE = _SC_PAGESIZE,
    _SC_HOST_NAME_MAX,
    _SC_LOGIN_NAME_MAX,
    _SC_LINE_MAX,
    _SC_TTY_NAME_MAX,
    _SC_SYMLOOP_MAX,
    _SC_IOV_MAX,
    _SC_GETPW_R_SIZE_MAX,
    _SC_GETGR_R_SIZE_MAX,
    _SC_THREAD_KEYS_MAX,
    _SC_THREAD_STACK_MIN,
    _SC_VERSION,
    _SC_NPROCESSORS_CONF,
    _SC_NPROCESSORS_ONLN,
};

extern char **environ;

/* Files and descriptors. */
ssize_t read(int fd, void *buf, size_t count);
ssize_t write(int fd, const void *buf, size_t count);
ssize_t pread(int fd, void *buf, size_t count, off_t offset);
ssize_t pwrite(int fd, const void *buf, size_t count, off_t offset);
off_t lseek(int fd, off_t offset, int whence);
int close(int fd);
int dup(int fd);
int dup2(int oldfd, int newfd);
int dup3(int oldfd, int newfd, int flags);
int pipe(int fds[2]);
int pipe2(int fds[2], int flags);
int truncate(const char *path, off_t length);
int ftruncate(int fd, off_t length);
int isatty(int fd);
/* The terminal's path under /dev (ENOTTY if fd is not a terminal). */
char *ttyname(int fd);
int ttyname_r(int fd, char *buf, size_t size);
void sync(void);

/* The name space. */
int access(const char *path, int mode);
int faccessat(int dirfd, const char *path, int mode, int flags);
int unlink(const char *path);
int unlinkat(int dirfd, const char *path, int flags);
int rmdir(const char *path);
int link(const char *oldpath, const char *newpath);
int linkat(int olddirfd, const char *oldpath, int newdirfd,
           const char *newpath, int flags);
int symlink(const char *target, const char *linkpath);
int symlinkat(const char *target, int newdirfd, const char *linkpath);
ssize_t readlink(const char *restrict path, char *restrict buf, size_t size);
ssize_t readlinkat(int dirfd, const char *restrict path, char *restrict buf,
                   size_t size);
int chown(const char *path, uid_t owner, gid_t group);
int lchown(const char *path, uid_t owner, gid_t group);
int fchown(int fd, uid_t owner, gid_t group);
int fchownat(int dirfd, const char *path, uid_t owner, gid_t group,
             int flags);
int chdir(const char *path);
int fchdir(int fd);
/* With buf == NULL, allocates a buffer of `size` bytes, or of the length
 * needed when size is 0 (a common extension). */
char *getcwd(char *buf, size_t size);
int chroot(const char *path);

/* Processes. */
pid_t fork(void);
pid_t vfork(void);
int execve(const char *path, char *const argv[], char *const envp[]);
int execv(const char *path, char *const argv[]);
int execvp(const char *file, char *const argv[]);
int execvpe(const char *file, char *const argv[], char *const envp[]);
int execl(const char *path, const char *arg, ...);
int execle(const char *path, const char *arg, ...);
int execlp(const char *file, const char *arg, ...);
__attribute__((__noreturn__)) void _exit(int status);
pid_t getpid(void);
pid_t getppid(void);
pid_t gettid(void);
pid_t getpgid(pid_t pid);
int setpgid(pid_t pid, pid_t pgid);
pid_t getpgrp(void);
int setpgrp(void);
pid_t getsid(pid_t pid);
pid_t setsid(void);
pid_t tcgetpgrp(int fd);
int tcsetpgrp(int fd, pid_t pgrp);

/* Identity. */
uid_t getuid(void);
uid_t geteuid(void);
gid_t getgid(void);
gid_t getegid(void);
int getresuid(uid_t *ruid, uid_t *euid, uid_t *suid);
int getresgid(gid_t *rgid, gid_t *egid, gid_t *sgid);
int setuid(uid_t uid);
int seteuid(uid_t uid);
int setgid(gid_t gid);
int setegid(gid_t gid);
int setreuid(uid_t ruid, uid_t euid);
int setregid(gid_t rgid, gid_t egid);
int setresuid(uid_t ruid, uid_t euid, uid_t suid);
int setresgid(gid_t rgid, gid_t egid, gid_t sgid);
int getgroups(int size, gid_t list[]);
char *getlogin(void);
int getlogin_r(char *buf, size_t size);

/* Time. */
unsigned sleep(unsigned seconds);
int usleep(useconds_t usec);
unsigned alarm(unsigned seconds);
int pause(void);

/* The system. */
int gethostname(char *name, size_t len);
int sethostname(const char *name, size_t len);
long sysconf(int name);
int getpagesize(void);
int getentropy(void *buf, size_t len);

/* OpenBSD-style sandboxing. promises/execpromises are space-separated
 * promise names; NULL leaves that set unchanged. */
int pledge(const char *promises, const char *execpromises);
/* Restricts the file system view to the unveiled paths; permissions is a
 * combination of "r", "w", "x", "c". unveil(NULL, NULL) locks the list. */
int unveil(const char *path, const char *permissions);

#ifdef __cplusplus
}
#endif

#endif

/* The exec family on top of execve: argument lists, and the PATH search. */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int execv(const char *path, char *const argv[])
{
    return execve(path, argv, environ);
}

/* Tries file in every PATH directory (an empty element means "."), and
 * reports the most telling error: EACCES if some candidate existed but was
 * not executable, otherwise the last error. */
int execvpe(const char *file, char *const argv[], char *const envp[])
{
    if (!file || !*file) {
        errno = ENOENT;
        return -1;
    }
    if (strchr(file, '/'))
        return execve(file, argv, envp);
    const char *path = getenv("PATH");
    if (!path)
        path = "/bin:/usr/bin";
    size_t flen = strlen(file);
    if (flen > NAME_MAX) {
        errno = ENAMETOOLONG;
        return -1;
    }
    char buf[PATH_MAX];
    int seen_eacces = 0;
    for (const char *p = path;; p++) {
        const char *end = strchr(p, ':');
        size_t dlen = end ? (size_t)(end - p) : strlen(p);
        if (dlen + 1 + flen + 1 <= sizeof(buf)) {
            size_t n = 0;
            if (dlen == 0) {
                buf[n++] = '.';
            } else {
                memcpy(buf, p, dlen);
                n = dlen;
            }
            buf[n++] = '/';
            memcpy(buf + n, file, flen + 1);
            execve(buf, argv, envp);
            if (errno == EACCES)
                seen_eacces = 1;
            else if (errno != ENOENT && errno != ENOTDIR)
                return -1;  /* found but unusable: stop here */
        }
        if (!end)
            break;
        p = end;
    }
    if (seen_eacces)
        errno = EACCES;
    return -1;
}

int execvp(const char *file, char *const argv[])
{
    return execvpe(file, argv, environ);
}

/* The l-forms: the arguments after `first` up to a NULL become argv. */
static size_t count_args(const char *first, va_list *ap)
{
    size_t n = 0;
    if (first) {
        n = 1;
        while (va_arg(*ap, const char *))
            n++;
    }
    return n;
}

/* Fills argv[0..n] (NULL last) and consumes the list's NULL, so that the
 * caller's next va_arg is execle's envp (hence the pointer to the list). */
static void fill_args(char **argv, const char *first, size_t n, va_list *ap)
{
    argv[0] = (char *)first;
    for (size_t i = 1; i < n; i++)
        argv[i] = va_arg(*ap, char *);
    if (n > 0)
        (void)va_arg(*ap, char *);
    argv[n] = NULL;
}

/* What the three l-forms share once their list is started: gather argv on
 * this frame, take execle's envp after the terminating NULL when asked, and
 * hand over to exec (execve or the PATH search). */
static int exec_arg_list(int (*exec)(const char *, char *const[], char *const[]),
                         const char *target, int list_has_envp, const char *arg, va_list ap)
{
    va_list count;
    va_copy(count, ap);
    size_t n = count_args(arg, &count);
    va_end(count);
    char *argv[n + 1];
    va_list fill;
    va_copy(fill, ap);
    fill_args(argv, arg, n, &fill);
    char **envp = list_has_envp ? va_arg(fill, char **) : environ;
    va_end(fill);
    return exec(target, argv, envp);
}

int execl(const char *path, const char *arg, ...)
{
    va_list ap;
    va_start(ap, arg);
    int r = exec_arg_list(execve, path, 0, arg, ap);
    va_end(ap);
    return r;
}

int execlp(const char *file, const char *arg, ...)
{
    va_list ap;
    va_start(ap, arg);
    int r = exec_arg_list(execvpe, file, 0, arg, ap);
    va_end(ap);
    return r;
}

int execle(const char *path, const char *arg, ...)
{
    va_list ap;
    va_start(ap, arg);
    int r = exec_arg_list(execve, path, 1, arg, ap);
    va_end(ap);
    return r;
}

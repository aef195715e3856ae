/* Redirections. A built-in or compound command runs inside the shell, so
 * its redirections are undone afterwards: every descriptor they replace is
 * first copied out of the way (close-on-exec, above 10) and put back by
 * sh_redir_restore. */
#include "redir.h"
#include "sh.h"
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define SH_SAVED_FD_MIN 10

static void save_fd(struct sh_redir_save *save, int fd)
{
    if (!save)
        return;
    for (int i = 0; i < save->n; i++)
        if (save->fds[i].fd == fd)
            return;
    if (save->n >= SH_REDIR_SAVE_MAX)
        return;
    int copy = fcntl(fd, F_DUPFD_CLOEXEC, SH_SAVED_FD_MIN);
    save->fds[save->n].fd = fd;
    save->fds[save->n].saved = copy; /* -1: it was closed */
    save->n++;
}

void sh_redir_restore(struct sh_redir_save *save)
{
    for (int i = save->n - 1; i >= 0; i--) {
        if (save->fds[i].saved >= 0) {
            dup2(save->fds[i].saved, save->fds[i].fd);
            close(save->fds[i].saved);
        } else {
            close(save->fds[i].fd);
        }
    }
    save->n = 0;
}

/* A here-document reaches the command through a pipe; a writer process
 * feeds bodies too big for the pipe's buffer. */
static int heredoc_fd(const char *body)
{
    int p[2];
    if (pipe(p) < 0)
        return -1;
    size_t len = strlen(body);
    if (len <= 4096) {
        if (write(p[1], body, len) != (ssize_t)len) {
            close(p[0]);
            close(p[1]);
            return -1;
        }
        close(p[1]);
        return p[0];
    }
    pid_t pid = fork();
    if (pid < 0) {
        close(p[0]);
        close(p[1]);
        return -1;
    }
    if (pid == 0) {
        close(p[0]);
        signal(SIGPIPE, SIG_DFL);
        size_t off = 0;
        while (off < len) {
            ssize_t n = write(p[1], body + off, len - off);
            if (n <= 0)
                _exit(1);
            off += (size_t)n;
        }
        _exit(0);
    }
    close(p[1]);
    return p[0];
}

static bool all_digits(const char *s)
{
    if (!*s)
        return false;
    for (; *s; s++)
        if (*s < '0' || *s > '9')
            return false;
    return true;
}

int sh_redir_apply(struct sh_redir *r, struct sh_redir_save *save)
{
    for (; r; r = r->next) {
        char *target;
        if (r->kind == SH_REDIR_HEREDOC)
            target = r->heredoc_quoted ? sh_strdup(r->word) : sh_expand_heredoc(r->word);
        else
            target = sh_expand_word(r->word);
        if (!target)
            return -1;
        int fd = -1;
        switch (r->kind) {
        case SH_REDIR_IN:
            fd = open(target, O_RDONLY);
            break;
        case SH_REDIR_OUT:
            fd = open(target, O_WRONLY | O_CREAT | O_TRUNC, 0666);
            break;
        case SH_REDIR_APPEND:
            fd = open(target, O_WRONLY | O_CREAT | O_APPEND, 0666);
            break;
        case SH_REDIR_RDWR:
            fd = open(target, O_RDWR | O_CREAT, 0666);
            break;
        case SH_REDIR_HEREDOC:
            fd = heredoc_fd(target);
            break;
        case SH_REDIR_DUP:
            if (strcmp(target, "-") == 0) {
                save_fd(save, r->fd);
                close(r->fd);
                free(target);
                continue;
            }
            if (!all_digits(target) || fcntl(atoi(target), F_GETFD) < 0) {
                sh_error("%s: bad file descriptor", target);
                free(target);
                return -1;
            }
            {
                int src = atoi(target);
                if (src != r->fd) {
                    save_fd(save, r->fd);
                    if (dup2(src, r->fd) < 0) {
                        sh_error("%d: %s", r->fd, strerror(errno));
                        free(target);
                        return -1;
                    }
                }
            }
            free(target);
            continue;
        }
        if (fd < 0) {
            sh_error("%s: %s", r->kind == SH_REDIR_HEREDOC ? "here-document" : target, strerror(errno));
            free(target);
            return -1;
        }
        free(target);
        if (fd != r->fd) {
            save_fd(save, r->fd);
            if (dup2(fd, r->fd) < 0) {
                sh_error("%d: %s", r->fd, strerror(errno));
                close(fd);
                return -1;
            }
            close(fd);
        }
    }
    return 0;
}

/* sh: Kestrel's shell.
 *
 *   sh                    commands from standard input (interactive on a terminal)
 *   sh -c 'cmds' [name [args...]]
 *   sh file [args...]     a script
 *
 * Options: -i (force interactive), -e, -x, -s (read standard input). */
#include "sh.h"
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern char **environ;

static void usage(void)
{
    dprintf(2, "usage: sh [-eix] [-c command [name [arg...]] | file [arg...]]\n");
    exit(2);
}

/* Standard input that is not a terminal is read a byte at a time: the rest
 * of it belongs to the commands the shell starts (sh < script, where a
 * command may read its own input from the same file). */
static char *read_line_plain(void)
{
    size_t cap = 128, len = 0;
    char *buf = malloc(cap);
    if (!buf)
        return NULL;
    for (;;) {
        char c;
        ssize_t n = read(STDIN_FILENO, &c, 1);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            if (len == 0) {
                free(buf);
                return NULL;
            }
            break;
        }
        if (len + 2 > cap) {
            cap *= 2;
            char *b = realloc(buf, cap);
            if (!b) {
                free(buf);
                return NULL;
            }
            buf = b;
        }
        buf[len++] = c;
        if (c == '\n')
            break;
    }
    buf[len] = 0;
    return buf;
}

static char *prompt_text(bool continuation)
{
    const char *ps = sh_var_get(continuation ? "PS2" : "PS1");
    if (ps) {
        char *p = sh_expand_word(ps);
        if (p)
            return p;
    }
    if (continuation)
        return sh_strdup("> ");
    char cwd[PATH_MAX];
    if (!getcwd(cwd, sizeof(cwd)))
        strcpy(cwd, "?");
    const char *home = sh_var_get("HOME");
    size_t hl = home ? strlen(home) : 0;
    char shown[PATH_MAX + 2];
    if (hl > 1 && strncmp(cwd, home, hl) == 0 && (cwd[hl] == '/' || cwd[hl] == 0))
        snprintf(shown, sizeof(shown), "~%s", cwd + hl);
    else
        snprintf(shown, sizeof(shown), "%s", cwd);
    char *out = malloc(strlen(shown) + 8);
    if (out)
        sprintf(out, "%s %c ", shown, geteuid() == 0 ? '#' : '$');
    return out;
}

/* The read-parse-run loop over standard input. */
static int run_stdin(void)
{
    size_t cap = 256, len = 0;
    char *buf = malloc(cap);
    bool warned_stopped = false;
    if (!buf)
        return 1;
    for (;;) {
        if (sh.interactive && len == 0)
            sh_jobs_reap(true);
        char *line;
        if (sh.interactive) {
            char *prompt = prompt_text(len > 0);
            line = sh_lineedit_read(prompt ? prompt : "$ ");
            free(prompt);
            if (line) {
                /* the editor drops the newline; the parser wants it */
                size_t l = strlen(line);
                char *nl = realloc(line, l + 2);
                if (nl) {
                    line = nl;
                    line[l] = '\n';
                    line[l + 1] = 0;
                }
            }
        } else {
            line = read_line_plain();
        }
        if (!line) {
            if (sh.interactive && len == 0) {
                bool stopped = false;
                for (struct sh_job *j = sh_jobs; j; j = j->next)
                    stopped = stopped || (!j->foreground && sh_job_is_stopped(j));
                if (stopped && !warned_stopped) {
                    dprintf(2, "There are stopped jobs.\n");
                    warned_stopped = true;
                    continue;
                }
            }
            if (len > 0) {
                sh_error("syntax error: unexpected end of file");
                free(buf);
                return 2;
            }
            break;
        }
        size_t l = strlen(line);
        if (len + l + 1 > cap) {
            cap = (len + l + 1) * 2;
            char *b = realloc(buf, cap);
            if (!b) {
                free(line);
                break;
            }
            buf = b;
        }
        memcpy(buf + len, line, l + 1);
        len += l;
        free(line);
        /* run every complete command the buffer holds */
        size_t pos = 0;
        while (pos < len) {
            struct sh_parse_result r = sh_parse_command(buf + pos, len - pos);
            if (r.status == SH_PARSE_INCOMPLETE)
                break;
            pos += r.consumed ? r.consumed : len - pos;
            if (r.status == SH_PARSE_ERROR) {
                sh_error("%s", r.message);
                sh.last_status = 2;
                if (!sh.interactive) {
                    free(buf);
                    return 2;
                }
                continue;
            }
            if (r.status == SH_PARSE_EMPTY)
                continue;
            if (sh.interactive) {
                size_t hl = r.consumed;
                char *h = sh_strndup(buf + pos - r.consumed, hl);
                if (h) {
                    /* history entries are one line: join continued lines */
                    for (char *p = h; *p; p++)
                        if (*p == '\n')
                            *p = ' ';
                    size_t n = strlen(h);
                    while (n > 0 && h[n - 1] == ' ')
                        h[--n] = 0;
                    sh_history_add(h);
                    free(h);
                }
            }
            sh_exec_node(r.node);
            sh_node_free(r.node);
            warned_stopped = false;
        }
        memmove(buf, buf + pos, len - pos);
        len -= pos;
        buf[len] = 0;
    }
    free(buf);
    return sh.last_status;
}

static void show_motd(void)
{
    int fd = open("/etc/motd", O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return;
    char buf[1024];
    ssize_t n;
    while ((n = read(fd, buf, sizeof(buf))) > 0)
        if (write(STDOUT_FILENO, buf, (size_t)n) != n)
            break;
    close(fd);
}

int main(int argc, char **argv)
{
    const char *command = NULL;
    bool force_interactive = false, read_stdin = false;
    sh.name = "sh";
    sh.tty_fd = -1;
    sh.shell_pid = getpid();
    sh.shell_pgid = getpgrp();
    sh_vars_init(environ);
    int i = 1;
    for (; i < argc; i++) {
        const char *a = argv[i];
        if (a[0] != '-' || !a[1])
            break;
        if (strcmp(a, "--") == 0) {
            i++;
            break;
        }
        for (const char *f = a + 1; *f; f++) {
            switch (*f) {
            case 'c':
                if (i + 1 >= argc) {
                    dprintf(2, "sh: -c: option requires an argument\n");
                    usage();
                }
                command = argv[++i];
                break;
            case 'i':
                force_interactive = true;
                break;
            case 's':
                read_stdin = true;
                break;
            case 'e':
                sh.errexit = true;
                break;
            case 'x':
                sh.xtrace = true;
                break;
            default:
                dprintf(2, "sh: -%c: unknown option\n", *f);
                usage();
            }
        }
    }
    if (!sh_var_get("PATH"))
        sh_var_set("PATH", "/bin", true);
    char cwd[PATH_MAX];
    if (getcwd(cwd, sizeof(cwd)))
        sh_var_set("PWD", cwd, true);
    /* a pipe reader that went away should end us quietly, not by a message */
    signal(SIGPIPE, SIG_DFL);

    if (command) {
        if (i < argc) {
            sh_params.zero = argv[i];
            sh.name = argv[i];
            i++;
        }
        sh_params_set(argv + i, argc - i);
        int st = sh_run_string(command, strlen(command));
        sh_exit(st);
    }
    if (i < argc && !read_stdin) {
        sh_params.zero = argv[i];
        sh.name = argv[i];
        sh_params_set(argv + i + 1, argc - i - 1);
        sh_exit(sh_source_file(argv[i]));
    }
    sh_params.zero = argv[0];
    sh_params_set(argv + i, argc - i);
    sh.interactive = force_interactive || (isatty(STDIN_FILENO) && isatty(STDERR_FILENO));
    if (sh.interactive) {
        sh_jobs_init_terminal();
        /* a console shell started by init greets whoever sits there */
        if (getppid() == 1)
            show_motd();
    }
    int st = run_stdin();
    if (sh.interactive)
        dprintf(2, "exit\n");
    sh_exit(st);
}

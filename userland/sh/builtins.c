/* Built-in commands: those that must change the shell itself (cd, exit,
 * export, jobs...) and a few cheap ones that save a fork (echo, true). */
#include "sh.h"
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int bi_true(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    return 0;
}

static int bi_false(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    return 1;
}

static int bi_cd(int argc, char **argv)
{
    const char *dir;
    bool print = false;
    if (argc > 2) {
        sh_error("cd: too many arguments");
        return 1;
    }
    if (argc < 2) {
        dir = sh_var_get("HOME");
        if (!dir || !*dir) {
            sh_error("cd: HOME not set");
            return 1;
        }
    } else if (strcmp(argv[1], "-") == 0) {
        dir = sh_var_get("OLDPWD");
        if (!dir) {
            sh_error("cd: OLDPWD not set");
            return 1;
        }
        print = true;
    } else {
        dir = argv[1];
    }
    char *target = sh_strdup(dir);
    if (!target)
        return 1;
    if (chdir(target) < 0) {
        sh_error("cd: %s: %s", target, strerror(errno));
        free(target);
        return 1;
    }
    free(target);
    char cwd[PATH_MAX];
    const char *old = sh_var_get("PWD");
    if (old)
        sh_var_set("OLDPWD", old, false);
    if (getcwd(cwd, sizeof(cwd))) {
        sh_var_set("PWD", cwd, false);
        if (print)
            dprintf(1, "%s\n", cwd);
    }
    return 0;
}

static int bi_pwd(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    char cwd[PATH_MAX];
    if (!getcwd(cwd, sizeof(cwd))) {
        sh_error("pwd: %s", strerror(errno));
        return 1;
    }
    dprintf(1, "%s\n", cwd);
    return 0;
}

static bool parse_int(const char *s, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (!*s || *end || errno)
        return false;
    *out = v;
    return true;
}

static int bi_exit(int argc, char **argv)
{
    long st = sh.last_status;
    if (argc > 1 && !parse_int(argv[1], &st)) {
        sh_error("exit: %s: numeric argument required", argv[1]);
        st = 2;
    }
    if (sh.interactive && !sh.in_subshell) {
        for (struct sh_job *j = sh_jobs; j; j = j->next)
            if (!j->foreground && sh_job_is_stopped(j))
                kill(-j->pgid, SIGHUP), kill(-j->pgid, SIGCONT);
    }
    sh_exit((int)st);
}

static int bi_export(int argc, char **argv)
{
    if (argc == 1 || (argc == 2 && strcmp(argv[1], "-p") == 0)) {
        sh_vars_print_exported();
        return 0;
    }
    int st = 0;
    for (int i = 1; i < argc; i++) {
        char *eq = strchr(argv[i], '=');
        size_t nlen = eq ? (size_t)(eq - argv[i]) : strlen(argv[i]);
        if (!sh_is_name(argv[i], nlen)) {
            sh_error("export: '%s': not a valid name", argv[i]);
            st = 1;
            continue;
        }
        if (eq) {
            *eq = 0;
            sh_var_set(argv[i], eq + 1, true);
            *eq = '=';
        } else {
            sh_var_export(argv[i]);
        }
    }
    return st;
}

static int bi_unset(int argc, char **argv)
{
    int st = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-v") == 0)
            continue;
        if (!sh_is_name(argv[i], strlen(argv[i]))) {
            sh_error("unset: '%s': not a valid name", argv[i]);
            st = 1;
            continue;
        }
        sh_var_unset(argv[i]);
    }
    return st;
}

/* Writes all of buf; a builtin's output may go to a pipe. */
static int write_all(int fd, const char *buf, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, buf, len);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        buf += n;
        len -= (size_t)n;
    }
    return 0;
}

static int bi_echo(int argc, char **argv)
{
    bool newline = true, escapes = false;
    int i = 1;
    for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
        const char *f = argv[i] + 1;
        if (strspn(f, "neE") != strlen(f))
            break;
        for (; *f; f++) {
            if (*f == 'n')
                newline = false;
            else if (*f == 'e')
                escapes = true;
            else
                escapes = false;
        }
    }
    size_t cap = 256, len = 0;
    char *out = malloc(cap);
    if (!out)
        return 1;
    for (; i < argc; i++) {
        size_t alen = strlen(argv[i]);
        if (len + alen + 2 > cap) {
            cap = (len + alen + 2) * 2;
            out = realloc(out, cap);
            if (!out)
                return 1;
        }
        for (const char *p = argv[i]; *p; p++) {
            char c = *p;
            if (escapes && c == '\\' && p[1]) {
                p++;
                switch (*p) {
                case 'n': c = '\n'; break;
                case 't': c = '\t'; break;
                case 'r': c = '\r'; break;
                case 'a': c = '\a'; break;
                case 'b': c = '\b'; break;
                case 'e': c = 27; break;
                case '\\': c = '\\'; break;
                case 'c':
                    newline = false;
                    goto done;
                case '0': {
                    int v = 0;
                    for (int k = 0; k < 3 && p[1] >= '0' && p[1] <= '7'; k++)
                        v = v * 8 + (*++p - '0');
                    c = (char)v;
                    break;
                }
                default:
                    out[len++] = '\\';
                    c = *p;
                    break;
                }
            }
            out[len++] = c;
        }
        if (i + 1 < argc)
            out[len++] = ' ';
    }
done:
    if (newline)
        out[len++] = '\n';
    int st = write_all(1, out, len) < 0 ? 1 : 0;
    if (st)
        sh_error("echo: write error: %s", strerror(errno));
    free(out);
    return st;
}

static int bi_wait(int argc, char **argv)
{
    if (argc == 1)
        return sh_jobs_wait_all();
    int st = 0;
    for (int i = 1; i < argc; i++) {
        struct sh_job *j = sh_job_find(argv[i]);
        if (!j) {
            if (argv[i][0] != '%' && !isdigit((unsigned char)argv[i][0])) {
                sh_error("wait: '%s': not a pid or job", argv[i]);
                st = 2;
            } else {
                st = 127;
            }
            continue;
        }
        st = sh_job_wait_one(j);
    }
    return st;
}

static int bi_source(int argc, char **argv)
{
    if (argc < 2) {
        sh_error("%s: filename argument required", argv[0]);
        return 2;
    }
    const char *path = argv[1];
    char *found = NULL;
    if (!strchr(path, '/')) {
        /* like a command: look along PATH, then in the current directory */
        const char *p = sh_var_get("PATH");
        while (p && *p && !found) {
            const char *colon = strchr(p, ':');
            size_t dlen = colon ? (size_t)(colon - p) : strlen(p);
            size_t len = dlen + strlen(path) + 2;
            char *full = malloc(len);
            if (!full)
                break;
            snprintf(full, len, "%.*s/%s", (int)dlen, p, path);
            struct stat st;
            if (stat(full, &st) == 0 && S_ISREG(st.st_mode))
                found = full;
            else
                free(full);
            p = colon ? colon + 1 : NULL;
        }
    }
    struct sh_positional saved = sh_params;
    bool with_args = argc > 2;
    if (with_args) {
        sh_params.argv = NULL;
        sh_params_set(argv + 2, argc - 2);
    }
    int st = sh_source_file(found ? found : path);
    free(found);
    if (with_args) {
        sh_strv_free(sh_params.argv);
        sh_params = saved;
    }
    return st;
}

static int bi_jobs(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    sh_jobs_print();
    return 0;
}

static int fg_bg(int argc, char **argv, bool fg)
{
    if (!sh.job_control) {
        sh_error("%s: no job control", argv[0]);
        return 1;
    }
    struct sh_job *j = sh_job_find(argc > 1 ? argv[1] : NULL);
    if (!j) {
        sh_error("%s: %s: no such job", argv[0], argc > 1 ? argv[1] : "current");
        return 1;
    }
    return sh_job_continue(j, fg);
}

static int bi_fg(int argc, char **argv)
{
    return fg_bg(argc, argv, true);
}

static int bi_bg(int argc, char **argv)
{
    return fg_bg(argc, argv, false);
}

static int bi_test(int argc, char **argv)
{
    return sh_test_main(argc, argv);
}

static int bi_shift(int argc, char **argv)
{
    long n = 1;
    if (argc > 1 && (!parse_int(argv[1], &n) || n < 0)) {
        sh_error("shift: %s: bad number", argv[1]);
        return 2;
    }
    if (n > sh_params.argc) {
        sh_error("shift: can't shift that many");
        return 1;
    }
    for (long i = 0; i < n; i++)
        free(sh_params.argv[i]);
    memmove(sh_params.argv, sh_params.argv + n, sizeof(char *) * (size_t)(sh_params.argc - n + 1));
    sh_params.argc -= (int)n;
    return 0;
}

static int bi_set(int argc, char **argv)
{
    int i = 1;
    for (; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--") == 0) {
            i++;
            sh_params_set(argv + i, argc - i);
            return 0;
        }
        if ((a[0] != '-' && a[0] != '+') || !a[1])
            break;
        bool on = a[0] == '-';
        for (const char *f = a + 1; *f; f++) {
            if (*f == 'e')
                sh.errexit = on;
            else if (*f == 'x')
                sh.xtrace = on;
            else {
                sh_error("set: -%c: unknown option", *f);
                return 2;
            }
        }
    }
    if (i < argc)
        sh_params_set(argv + i, argc - i);
    return 0;
}

static int loop_control(int argc, char **argv, int *counter)
{
    long n = 1;
    if (argc > 1 && (!parse_int(argv[1], &n) || n < 1)) {
        sh_error("%s: %s: bad loop count", argv[0], argv[1]);
        return 1;
    }
    if (sh.loop_depth == 0)
        return 0;
    if (n > sh.loop_depth)
        n = sh.loop_depth;
    *counter = (int)n;
    return 0;
}

static int bi_break(int argc, char **argv)
{
    return loop_control(argc, argv, &sh.breaking);
}

static int bi_continue(int argc, char **argv)
{
    return loop_control(argc, argv, &sh.continuing);
}

/* read [-r] [name...]: one line from standard input, read a byte at a time
 * so that nothing past the newline is taken from a shared descriptor. */
static int bi_read(int argc, char **argv)
{
    bool raw = false;
    int i = 1;
    if (i < argc && strcmp(argv[i], "-r") == 0) {
        raw = true;
        i++;
    }
    size_t cap = 128, len = 0;
    char *line = malloc(cap);
    if (!line)
        return 1;
    bool got_newline = false;
    for (;;) {
        char c;
        ssize_t n = read(0, &c, 1);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        if (c == '\n') {
            if (!raw && len > 0 && line[len - 1] == '\\') {
                len--;
                continue;
            }
            got_newline = true;
            break;
        }
        if (len + 2 > cap) {
            cap *= 2;
            line = realloc(line, cap);
            if (!line)
                return 1;
        }
        if (!raw && c == '\\') {
            /* keep the backslash marker only to join lines; drop it otherwise */
            line[len++] = c;
            continue;
        }
        line[len++] = c;
    }
    line[len] = 0;
    if (!raw) {
        char *o = line;
        for (char *p = line; *p; p++) {
            if (*p == '\\' && p[1])
                p++;
            *o++ = *p;
        }
        *o = 0;
    }
    const char *ifs = sh_var_get("IFS");
    if (!ifs)
        ifs = " \t\n";
    char *p = line;
    if (i >= argc) {
        sh_var_set("REPLY", line, false);
    }
    for (; i < argc; i++) {
        while (*p && strchr(ifs, *p) && isspace((unsigned char)*p))
            p++;
        if (i == argc - 1) {
            /* the last name takes the rest, without trailing blanks */
            size_t l = strlen(p);
            while (l > 0 && strchr(ifs, p[l - 1]) && isspace((unsigned char)p[l - 1]))
                p[--l] = 0;
            sh_var_set(argv[i], p, false);
            break;
        }
        char *start = p;
        while (*p && !strchr(ifs, *p))
            p++;
        char save = *p;
        *p = 0;
        sh_var_set(argv[i], start, false);
        *p = save;
        if (*p)
            p++;
    }
    free(line);
    return got_newline || len > 0 ? 0 : 1;
}

static int bi_eval(int argc, char **argv)
{
    size_t len = 1;
    for (int i = 1; i < argc; i++)
        len += strlen(argv[i]) + 1;
    char *s = calloc(len, 1);
    if (!s)
        return 1;
    for (int i = 1; i < argc; i++) {
        if (i > 1)
            strcat(s, " ");
        strcat(s, argv[i]);
    }
    int st = sh_run_string(s, strlen(s));
    free(s);
    return st;
}

static const struct {
    const char *name;
    int sig;
} sh_signal_names[] = {
    { "HUP", SIGHUP }, { "INT", SIGINT }, { "QUIT", SIGQUIT }, { "KILL", SIGKILL }, { "TERM", SIGTERM },
    { "USR1", SIGUSR1 }, { "USR2", SIGUSR2 }, { "STOP", SIGSTOP }, { "TSTP", SIGTSTP }, { "CONT", SIGCONT },
    { "PIPE", SIGPIPE }, { "ALRM", SIGALRM }, { "CHLD", SIGCHLD }, { "SEGV", SIGSEGV }, { "TTIN", SIGTTIN },
    { "TTOU", SIGTTOU }, { "ABRT", SIGABRT }, { "WINCH", SIGWINCH },
};

/* kill with %job operands; anything else is left to /bin/kill's rules. */
static int bi_kill(int argc, char **argv)
{
    int sig = SIGTERM, i = 1;
    if (i < argc && argv[i][0] == '-' && argv[i][1] && strcmp(argv[i], "--") != 0) {
        const char *s = argv[i] + 1;
        if (strcmp(s, "s") == 0 && i + 1 < argc)
            s = argv[++i];
        if (strcmp(s, "l") == 0) {
            for (size_t k = 0; k < sizeof(sh_signal_names) / sizeof(sh_signal_names[0]); k++)
                dprintf(1, "%2d %s\n", sh_signal_names[k].sig, sh_signal_names[k].name);
            return 0;
        }
        if (strncmp(s, "SIG", 3) == 0)
            s += 3;
        long v;
        if (parse_int(s, &v)) {
            sig = (int)v;
        } else {
            sig = -1;
            for (size_t k = 0; k < sizeof(sh_signal_names) / sizeof(sh_signal_names[0]); k++)
                if (strcmp(s, sh_signal_names[k].name) == 0)
                    sig = sh_signal_names[k].sig;
            if (sig < 0) {
                sh_error("kill: %s: unknown signal", argv[i]);
                return 2;
            }
        }
        i++;
    } else if (i < argc && strcmp(argv[i], "--") == 0) {
        i++;
    }
    if (i >= argc) {
        sh_error("kill: usage: kill [-SIGNAL] pid|%%job...");
        return 2;
    }
    int st = 0;
    for (; i < argc; i++) {
        pid_t target;
        if (argv[i][0] == '%') {
            struct sh_job *j = sh_job_find(argv[i]);
            if (!j) {
                sh_error("kill: %s: no such job", argv[i]);
                st = 1;
                continue;
            }
            target = sh.job_control ? -j->pgid : j->procs[0].pid;
        } else {
            long v;
            if (!parse_int(argv[i], &v)) {
                sh_error("kill: %s: not a pid or job", argv[i]);
                st = 1;
                continue;
            }
            target = (pid_t)v;
        }
        if (kill(target, sig) < 0) {
            sh_error("kill: %s: %s", argv[i], strerror(errno));
            st = 1;
            continue;
        }
        /* a stopped job would keep the signal pending until continued */
        if (argv[i][0] == '%' && sig != SIGCONT && sig != SIGSTOP && sig != SIGTSTP && sig != SIGTTIN &&
            sig != SIGTTOU && sig != 0)
            kill(target, SIGCONT);
    }
    return st;
}

static int bi_history(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    sh_history_print();
    return 0;
}

static int bi_type(int argc, char **argv)
{
    int st = 0;
    for (int i = 1; i < argc; i++) {
        if (sh_builtin_find(argv[i]) || strcmp(argv[i], "exec") == 0) {
            dprintf(1, "%s is a shell builtin\n", argv[i]);
            continue;
        }
        const char *path = sh_var_get("PATH");
        bool found = false;
        while (path && !found) {
            const char *colon = strchr(path, ':');
            size_t dlen = colon ? (size_t)(colon - path) : strlen(path);
            char full[PATH_MAX];
            snprintf(full, sizeof(full), "%.*s/%s", (int)dlen, path, argv[i]);
            if (strchr(argv[i], '/'))
                snprintf(full, sizeof(full), "%s", argv[i]);
            if (access(full, X_OK) == 0) {
                dprintf(1, "%s is %s\n", argv[i], full);
                found = true;
            }
            path = colon ? colon + 1 : NULL;
        }
        if (!found) {
            sh_error("type: %s: not found", argv[i]);
            st = 1;
        }
    }
    return st;
}

static const struct {
    const char *name;
    sh_builtin_fn *fn;
    bool special;
} sh_builtins[] = {
    { ":", bi_true, true },       { "true", bi_true, false },     { "false", bi_false, false },
    { "cd", bi_cd, false },       { "pwd", bi_pwd, false },       { "exit", bi_exit, true },
    { "export", bi_export, true }, { "unset", bi_unset, true },  { "echo", bi_echo, false },
    { "wait", bi_wait, false },   { "source", bi_source, true },  { ".", bi_source, true },
    { "jobs", bi_jobs, false },   { "fg", bi_fg, false },         { "bg", bi_bg, false },
    { "test", bi_test, false },   { "[", bi_test, false },        { "shift", bi_shift, true },
    { "set", bi_set, true },      { "break", bi_break, true },    { "continue", bi_continue, true },
    { "read", bi_read, false },   { "eval", bi_eval, true },      { "kill", bi_kill, false },
    { "history", bi_history, false }, { "type", bi_type, false },
};

sh_builtin_fn *sh_builtin_find(const char *name)
{
    for (size_t i = 0; i < sizeof(sh_builtins) / sizeof(sh_builtins[0]); i++)
        if (strcmp(sh_builtins[i].name, name) == 0)
            return sh_builtins[i].fn;
    return NULL;
}

bool sh_builtin_is_special(const char *name)
{
    for (size_t i = 0; i < sizeof(sh_builtins) / sizeof(sh_builtins[0]); i++)
        if (strcmp(sh_builtins[i].name, name) == 0)
            return sh_builtins[i].special;
    return false;
}

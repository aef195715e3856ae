/* Running the syntax tree: lists, and/or, pipelines, compound commands and
 * simple commands (built-in or found on PATH), with redirections. Every
 * pipeline that needs processes becomes a job (jobs.c); with job control
 * each job gets its own process group. */
#include "redir.h"
#include "sh.h"
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

struct sh_state sh;

/* The source text of the list item being run: what jobs shows. */
static const char *job_text;

void sh_error(const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    dprintf(2, "%s: %s\n", sh.name ? sh.name : "sh", buf);
}

void sh_exit(int status)
{
    if (sh.interactive && !sh.in_subshell)
        sh_jobs_give_terminal(sh.shell_pgid);
    exit(status & 0xff);
}

/* In a newly forked child: join the job's process group and take back the
 * default signal actions the interactive shell had set aside. */
static void child_setup(pid_t pgid, bool foreground, bool async)
{
    sh.in_subshell = true;
    if (sh.job_control) {
        pid_t me = getpid();
        if (pgid == 0)
            pgid = me;
        setpgid(me, pgid);
        /* The job's signals go back to their defaults before it owns the
         * terminal, so a ^Z typed at once already stops it; SIGTTOU stays
         * ignored until tcsetpgrp, which a background group would otherwise
         * be stopped by. */
        signal(SIGINT, SIG_DFL);
        signal(SIGQUIT, SIG_DFL);
        signal(SIGTSTP, SIG_DFL);
        signal(SIGTTIN, SIG_DFL);
        if (foreground)
            tcsetpgrp(sh.tty_fd, pgid);
        signal(SIGTTOU, SIG_DFL);
    } else if (async) {
        /* without job control a background job must not die of the ^C
         * meant for the foreground, nor read the terminal */
        signal(SIGINT, SIG_IGN);
        signal(SIGQUIT, SIG_IGN);
        int fd = open("/dev/null", O_RDONLY);
        if (fd >= 0 && fd != 0) {
            dup2(fd, 0);
            close(fd);
        }
    }
    sh.job_control = false;
    sh.interactive = false;
    sh_jobs = NULL;
}

static int status_of_wait(int st)
{
    if (WIFEXITED(st))
        return WEXITSTATUS(st);
    if (WIFSIGNALED(st))
        return 128 + WTERMSIG(st);
    return 1;
}

__attribute__((noreturn)) static void exec_external(char **argv, char **env)
{
    const char *cmd = argv[0];
    int argc = 0;
    while (argv[argc])
        argc++;
    char **shargv = calloc((size_t)argc + 2, sizeof(char *));
    if (strchr(cmd, '/')) {
        execve(cmd, argv, env);
        int err = errno;
        if (err == ENOEXEC && shargv) {
            shargv[0] = "sh";
            memcpy(shargv + 1, argv, sizeof(char *) * (size_t)(argc + 1));
            execve("/bin/sh", shargv, env);
        }
        struct stat st;
        if (err == EACCES && stat(cmd, &st) == 0 && S_ISDIR(st.st_mode))
            sh_error("%s: Is a directory", cmd);
        else
            sh_error("%s: %s", cmd, err == EACCES ? "Permission denied" : strerror(err));
        _exit(err == ENOENT || err == ENOTDIR ? 127 : 126);
    }
    const char *path = sh_var_get("PATH");
    if (!path)
        path = "/bin";
    bool denied = false;
    size_t clen = strlen(cmd);
    while (1) {
        const char *colon = strchr(path, ':');
        size_t dlen = colon ? (size_t)(colon - path) : strlen(path);
        char *full = malloc(dlen + clen + 2);
        if (!full)
            _exit(126);
        if (dlen == 0) {
            strcpy(full, cmd);
        } else {
            memcpy(full, path, dlen);
            full[dlen] = '/';
            strcpy(full + dlen + 1, cmd);
        }
        execve(full, argv, env);
        if (errno == ENOEXEC && shargv) {
            shargv[0] = "sh";
            shargv[1] = full;
            memcpy(shargv + 2, argv + 1, sizeof(char *) * (size_t)argc);
            execve("/bin/sh", shargv, env);
        }
        if (errno == EACCES) {
            struct stat st;
            if (stat(full, &st) == 0 && !S_ISDIR(st.st_mode))
                denied = true;
        }
        free(full);
        if (!colon)
            break;
        path = colon + 1;
    }
    if (denied) {
        sh_error("%s: Permission denied", cmd);
        _exit(126);
    }
    sh_error("%s: command not found", cmd);
    _exit(127);
}

static int assign_vars(char **words, int n, bool export_them)
{
    for (int i = 0; i < n; i++) {
        char *eq = strchr(words[i], '=');
        char *value = sh_expand_word(eq + 1);
        if (!value)
            return -1;
        *eq = 0;
        sh_var_set(words[i], value, export_them);
        *eq = '=';
        free(value);
    }
    return 0;
}

/* NAME=value strings for a command's own environment. */
static char **expand_assignments(char **words, int n)
{
    char **out = calloc((size_t)n + 1, sizeof(char *));
    if (!out)
        return NULL;
    for (int i = 0; i < n; i++) {
        char *eq = strchr(words[i], '=');
        char *value = sh_expand_word(eq + 1);
        if (!value) {
            sh_strv_free(out);
            return NULL;
        }
        size_t nl = (size_t)(eq - words[i]);
        out[i] = malloc(nl + strlen(value) + 2);
        if (!out[i]) {
            free(value);
            sh_strv_free(out);
            return NULL;
        }
        memcpy(out[i], words[i], nl + 1);
        strcpy(out[i] + nl + 1, value);
        free(value);
    }
    return out;
}

static void xtrace(char **argv, int argc)
{
    if (!sh.xtrace)
        return;
    char line[1024];
    size_t n = 0;
    line[n++] = '+';
    for (int i = 0; i < argc && n < sizeof(line) - 2; i++)
        n += (size_t)snprintf(line + n, sizeof(line) - n, " %s", argv[i]);
    if (n > sizeof(line) - 2)
        n = sizeof(line) - 2;
    line[n++] = '\n';
    write(2, line, n);
}

/* Runs a command in a new foreground job of one process. */
static int run_in_child(struct sh_node *n, const char *text, char **argv, char **assigns, int nassigns);

/* A simple command. forked: already in a child of its own (a pipeline
 * element or background job), so an external command is exec'd directly. */
static int exec_simple(struct sh_node *n, bool forked)
{
    int argc = 0;
    sh.cmdsub_ran = false;
    char **argv = sh_expand_words(n->words + n->nassign, n->nwords - n->nassign, &argc);
    if (!argv)
        return 1;
    xtrace(argv, argc);
    if (argc == 0) {
        /* only assignments and redirections */
        struct sh_redir_save save = { .n = 0 };
        int st = sh_redir_apply(n->redirs, &save) < 0 ? 1 : 0;
        sh_redir_restore(&save);
        if (st == 0 && assign_vars(n->words, n->nassign, false) < 0)
            st = 1;
        /* a bare assignment takes the status of its last substitution */
        if (st == 0 && sh.cmdsub_ran)
            st = sh.last_status;
        sh_strv_free(argv);
        return st;
    }
    if (strcmp(argv[0], "exec") == 0) {
        if (sh_redir_apply(n->redirs, NULL) < 0) {
            sh_strv_free(argv);
            return 1;
        }
        if (argc == 1) {
            sh_strv_free(argv);
            return 0;
        }
        char **assigns = expand_assignments(n->words, n->nassign);
        char **env = sh_vars_environ(assigns, n->nassign);
        if (sh.interactive)
            sh_jobs_give_terminal(sh.shell_pgid);
        signal(SIGINT, SIG_DFL);
        signal(SIGQUIT, SIG_DFL);
        signal(SIGTSTP, SIG_DFL);
        signal(SIGTTIN, SIG_DFL);
        signal(SIGTTOU, SIG_DFL);
        exec_external(argv + 1, env);
    }
    sh_builtin_fn *builtin = sh_builtin_find(argv[0]);
    if (builtin) {
        struct sh_redir_save save = { .n = 0 };
        int st;
        if (sh_redir_apply(n->redirs, forked ? NULL : &save) < 0) {
            st = 1;
        } else {
            /* assignments before a special built-in stay; before others
             * they are set only for its duration, which in-process built-ins
             * do not observe, so they are simply dropped */
            if (sh_builtin_is_special(argv[0]))
                assign_vars(n->words, n->nassign, false);
            st = builtin(argc, argv);
        }
        if (!forked)
            sh_redir_restore(&save);
        sh_strv_free(argv);
        return st;
    }
    char **assigns = expand_assignments(n->words, n->nassign);
    if (!assigns) {
        sh_strv_free(argv);
        return 1;
    }
    if (forked) {
        if (sh_redir_apply(n->redirs, NULL) < 0)
            _exit(1);
        char **env = sh_vars_environ(assigns, n->nassign);
        exec_external(argv, env);
    }
    int st = run_in_child(n, job_text, argv, assigns, n->nassign);
    sh_strv_free(assigns);
    sh_strv_free(argv);
    return st;
}

static int run_in_child(struct sh_node *n, const char *text, char **argv, char **assigns, int nassigns)
{
    struct sh_job *job = sh_job_new(text ? text : argv[0]);
    pid_t pid = fork();
    if (pid < 0) {
        sh_error("fork: %s", strerror(errno));
        sh_job_remove(job);
        return 1;
    }
    if (pid == 0) {
        child_setup(0, true, false);
        if (sh_redir_apply(n->redirs, NULL) < 0)
            _exit(1);
        char **env = sh_vars_environ(assigns, nassigns);
        exec_external(argv, env);
    }
    if (sh.job_control)
        setpgid(pid, pid);
    job->pgid = pid;
    sh_job_add_proc(job, pid);
    return sh_job_wait_fg(job);
}

static int exec_compound_body(struct sh_node *n);

/* One element of a pipeline, already in its own process: never returns. */
__attribute__((noreturn)) static void exec_in_child(struct sh_node *n)
{
    int st;
    if (n->kind == SH_NODE_SIMPLE)
        st = exec_simple(n, true);
    else if (sh_redir_apply(n->redirs, NULL) < 0)
        st = 1;
    else if (n->kind == SH_NODE_SUBSHELL)
        st = sh_exec_node(n->a);
    else
        st = exec_compound_body(n);
    sh_exit(st);
}

static int exec_pipeline(struct sh_node *n, bool async, const char *text)
{
    if (n->nitems == 1 && !async && n->items[0]->kind != SH_NODE_SUBSHELL) {
        if (n->negate)
            sh.cond_depth++;
        int st = sh_exec_node(n->items[0]);
        if (n->negate)
            sh.cond_depth--;
        return n->negate ? !st : st;
    }
    struct sh_job *job = sh_job_new(text ? text : "");
    int prev = -1;
    pid_t last = 0;
    for (int i = 0; i < n->nitems; i++) {
        int pfd[2] = { -1, -1 };
        if (i + 1 < n->nitems && pipe(pfd) < 0) {
            sh_error("pipe: %s", strerror(errno));
            break;
        }
        pid_t pid = fork();
        if (pid < 0) {
            sh_error("fork: %s", strerror(errno));
            if (pfd[0] >= 0) {
                close(pfd[0]);
                close(pfd[1]);
            }
            break;
        }
        if (pid == 0) {
            child_setup(job->pgid, !async, async && i == 0);
            if (prev >= 0) {
                dup2(prev, 0);
                close(prev);
            }
            if (pfd[1] >= 0) {
                close(pfd[0]);
                dup2(pfd[1], 1);
                close(pfd[1]);
            }
            exec_in_child(n->items[i]);
        }
        if (!job->pgid)
            job->pgid = pid;
        if (sh.job_control)
            setpgid(pid, job->pgid);
        sh_job_add_proc(job, pid);
        last = pid;
        if (prev >= 0)
            close(prev);
        if (pfd[1] >= 0)
            close(pfd[1]);
        prev = pfd[0];
    }
    if (prev >= 0)
        close(prev);
    if (job->nprocs == 0) {
        sh_job_remove(job);
        return 1;
    }
    if (async) {
        sh.last_bg_pid = last;
        sh_job_background(job);
        if (sh.interactive)
            dprintf(2, "[%d] %d\n", job->id, (int)last);
        return 0;
    }
    int st = sh_job_wait_fg(job);
    return n->negate ? !st : st;
}

static bool loop_should_stop(void)
{
    return sh.breaking || sh.continuing || sh.exiting;
}

static int exec_list(struct sh_node *n)
{
    int st = 0;
    for (int i = 0; i < n->nitems && !loop_should_stop(); i++) {
        struct sh_node *item = n->items[i];
        job_text = item->text;
        if (n->async[i]) {
            if (item->kind == SH_NODE_PIPELINE) {
                st = exec_pipeline(item, true, item->text);
            } else {
                /* an and-or list in the background: one subshell job */
                struct sh_node wrapper = { .kind = SH_NODE_PIPELINE, .nitems = 1 };
                struct sh_node *items[1] = { item };
                wrapper.items = items;
                st = exec_pipeline(&wrapper, true, item->text);
            }
        } else {
            st = sh_exec_node(item);
        }
        sh.last_status = st;
    }
    return st;
}

static int exec_for(struct sh_node *n)
{
    char **words;
    int count = 0;
    if (n->for_words) {
        words = sh_expand_words(n->for_words, n->for_nwords, &count);
        if (!words)
            return 1;
    } else {
        words = calloc((size_t)sh_params.argc + 1, sizeof(char *));
        if (!words)
            return 1;
        for (int i = 0; i < sh_params.argc; i++)
            words[count++] = sh_strdup(sh_params.argv[i]);
    }
    int st = 0;
    sh.loop_depth++;
    for (int i = 0; i < count && !sh.exiting; i++) {
        sh_var_set(n->for_var, words[i], false);
        st = sh_exec_node(n->b);
        if (sh.breaking) {
            sh.breaking--;
            break;
        }
        if (sh.continuing) {
            if (--sh.continuing)
                break;
        }
    }
    sh.loop_depth--;
    sh_strv_free(words);
    return st;
}

static int exec_while(struct sh_node *n, bool until)
{
    int st = 0;
    sh.loop_depth++;
    while (!sh.exiting) {
        sh.cond_depth++;
        int cond = sh_exec_node(n->a);
        sh.cond_depth--;
        if (sh.breaking || sh.continuing || sh.exiting) {
            /* break inside the condition */
        } else if ((cond == 0) == until) {
            break;
        } else {
            st = sh_exec_node(n->b);
        }
        if (sh.breaking) {
            sh.breaking--;
            break;
        }
        if (sh.continuing) {
            if (--sh.continuing)
                break;
        }
    }
    sh.loop_depth--;
    return st;
}

static int exec_case(struct sh_node *n)
{
    char *subject = sh_expand_word(n->for_var);
    if (!subject)
        return 1;
    int st = 0;
    for (int i = 0; i < n->nitems; i++) {
        for (char **alt = n->patterns[i]; *alt; alt++) {
            char *pat = sh_expand_word(*alt);
            bool m = pat && sh_glob_match(pat, NULL, subject);
            free(pat);
            if (m) {
                st = sh_exec_node(n->items[i]);
                free(subject);
                return st;
            }
        }
    }
    free(subject);
    return st;
}

/* A compound command's own work, its redirections already in place. */
static int exec_compound_body(struct sh_node *n)
{
    switch (n->kind) {
    case SH_NODE_IF: {
        sh.cond_depth++;
        int cond = sh_exec_node(n->a);
        sh.cond_depth--;
        if (loop_should_stop())
            return cond;
        if (cond == 0)
            return sh_exec_node(n->b);
        return n->c ? sh_exec_node(n->c) : 0;
    }
    case SH_NODE_WHILE:
        return exec_while(n, false);
    case SH_NODE_UNTIL:
        return exec_while(n, true);
    case SH_NODE_FOR:
        return exec_for(n);
    case SH_NODE_CASE:
        return exec_case(n);
    case SH_NODE_GROUP:
        return sh_exec_node(n->a);
    default:
        return sh_exec_node(n);
    }
}

int sh_exec_node(struct sh_node *n)
{
    int st = 0;
    switch (n->kind) {
    case SH_NODE_SIMPLE:
        st = exec_simple(n, false);
        break;
    case SH_NODE_PIPELINE:
        st = exec_pipeline(n, false, n->text ? n->text : job_text);
        break;
    case SH_NODE_AND:
        sh.cond_depth++;
        st = sh_exec_node(n->a);
        sh.cond_depth--;
        if (st == 0 && !loop_should_stop())
            st = sh_exec_node(n->b);
        break;
    case SH_NODE_OR:
        sh.cond_depth++;
        st = sh_exec_node(n->a);
        sh.cond_depth--;
        if (st != 0 && !loop_should_stop())
            st = sh_exec_node(n->b);
        break;
    case SH_NODE_LIST:
        st = exec_list(n);
        break;
    case SH_NODE_SUBSHELL: {
        struct sh_node wrapper = { .kind = SH_NODE_PIPELINE, .nitems = 1 };
        struct sh_node *items[1] = { n };
        wrapper.items = items;
        st = exec_pipeline(&wrapper, false, job_text);
        break;
    }
    default: {
        struct sh_redir_save save = { .n = 0 };
        if (sh_redir_apply(n->redirs, &save) < 0)
            st = 1;
        else
            st = exec_compound_body(n);
        sh_redir_restore(&save);
        break;
    }
    }
    sh.last_status = st;
    /* set -e: a failing command outside any condition ends the shell */
    if (sh.errexit && st != 0 && sh.cond_depth == 0 &&
        (n->kind == SH_NODE_SIMPLE || (n->kind == SH_NODE_PIPELINE && !n->negate) || n->kind == SH_NODE_SUBSHELL))
        sh_exit(st);
    return st;
}

char *sh_command_output(const char *src, size_t len)
{
    int p[2];
    if (pipe(p) < 0) {
        sh_error("pipe: %s", strerror(errno));
        return NULL;
    }
    pid_t pid = fork();
    if (pid < 0) {
        close(p[0]);
        close(p[1]);
        sh_error("fork: %s", strerror(errno));
        return NULL;
    }
    if (pid == 0) {
        close(p[0]);
        dup2(p[1], 1);
        close(p[1]);
        sh.in_subshell = true;
        sh.interactive = false;
        sh.job_control = false;
        sh_jobs = NULL;
        int st = sh_run_string(src, len);
        sh_exit(st);
    }
    close(p[1]);
    size_t cap = 256, n = 0;
    char *out = malloc(cap);
    for (;;) {
        if (!out)
            break;
        if (n + 1 >= cap) {
            cap *= 2;
            out = realloc(out, cap);
            if (!out)
                break;
        }
        ssize_t r = read(p[0], out + n, cap - n - 1);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        n += (size_t)r;
    }
    close(p[0]);
    int st = 0;
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
        ;
    sh.last_status = status_of_wait(st);
    sh.cmdsub_ran = true;
    if (out)
        out[n] = 0;
    return out;
}

int sh_run_string(const char *src, size_t len)
{
    struct sh_parse_result r = sh_parse_all(src, len);
    if (r.status == SH_PARSE_EMPTY)
        return 0;
    if (r.status != SH_PARSE_OK) {
        sh_error("%s", r.status == SH_PARSE_INCOMPLETE ? "syntax error: unexpected end of input" : r.message);
        sh.last_status = 2;
        return 2;
    }
    int st = sh_exec_node(r.node);
    sh_node_free(r.node);
    return st;
}

int sh_run_file_text(const char *text, size_t len)
{
    size_t pos = 0;
    int st = 0;
    while (pos < len && !sh.exiting) {
        struct sh_parse_result r = sh_parse_command(text + pos, len - pos);
        if (r.status == SH_PARSE_INCOMPLETE || r.status == SH_PARSE_ERROR) {
            int line = 1;
            for (size_t i = 0; i < pos; i++)
                line += text[i] == '\n';
            sh_error("line %d: %s", line,
                     r.status == SH_PARSE_INCOMPLETE ? "syntax error: unexpected end of file" : r.message);
            sh.last_status = 2;
            return 2;
        }
        pos += r.consumed ? r.consumed : len - pos;
        if (r.status == SH_PARSE_EMPTY)
            continue;
        st = sh_exec_node(r.node);
        sh_node_free(r.node);
        if (sh.interactive)
            sh_jobs_reap(true);
    }
    return sh.exiting ? sh.exit_status : st;
}

int sh_source_file(const char *path)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        sh_error("%s: %s", path, strerror(errno));
        return errno == ENOENT ? 127 : 126;
    }
    size_t cap = 4096, n = 0;
    char *text = malloc(cap);
    for (;;) {
        if (!text) {
            close(fd);
            sh_error("%s: out of memory", path);
            return 1;
        }
        if (n + 1 >= cap) {
            cap *= 2;
            text = realloc(text, cap);
            continue;
        }
        ssize_t r = read(fd, text + n, cap - n - 1);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            sh_error("%s: %s", path, strerror(errno));
            free(text);
            close(fd);
            return 1;
        }
        if (r == 0)
            break;
        n += (size_t)r;
    }
    close(fd);
    text[n] = 0;
    int st = sh_run_file_text(text, n);
    free(text);
    return st;
}

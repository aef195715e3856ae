/* The shell's shared types: the syntax tree the parser builds and the
 * executor walks, the job table, and the entry points between modules. */
#ifndef SH_H
#define SH_H
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* ---- syntax tree (parse.c) ---- */

enum sh_redir_kind {
    SH_REDIR_IN,      /* n<word */
    SH_REDIR_OUT,     /* n>word */
    SH_REDIR_APPEND,  /* n>>word */
    SH_REDIR_RDWR,    /* n<>word */
    SH_REDIR_DUP,     /* n>&word, n<&word (word may be "-" to close) */
    SH_REDIR_HEREDOC, /* n<<word: the body is already collected */
};

struct sh_redir {
    enum sh_redir_kind kind;
    int fd;
    char *word;           /* raw word (quotes intact) or, for heredocs, the body */
    bool heredoc_quoted;  /* quoted delimiter: the body is not expanded */
    struct sh_redir *next;
};

enum sh_node_kind {
    SH_NODE_SIMPLE,
    SH_NODE_PIPELINE,
    SH_NODE_AND,
    SH_NODE_OR,
    SH_NODE_LIST,
    SH_NODE_IF,
    SH_NODE_WHILE,
    SH_NODE_UNTIL,
    SH_NODE_FOR,
    SH_NODE_GROUP,
    SH_NODE_SUBSHELL,
    SH_NODE_CASE,
};

struct sh_node {
    enum sh_node_kind kind;
    struct sh_redir *redirs;
    /* SIMPLE: words[0..nwords), the first nassign of them are NAME=value. */
    char **words;
    int nwords;
    int nassign;
    /* PIPELINE: items; LIST: items with async flags. */
    struct sh_node **items;
    bool *async;
    int nitems;
    bool negate;          /* PIPELINE preceded by ! */
    /* AND/OR: a, b.  IF: a (condition), b (then), c (else or NULL).
     * WHILE/UNTIL: a (condition), b (body).  FOR: b (body).
     * GROUP/SUBSHELL: a. */
    struct sh_node *a, *b, *c;
    char *for_var;
    char **for_words;     /* NULL: iterate over "$@" */
    int for_nwords;
    /* CASE: for_var is the subject word; patterns[i] (NULL-terminated
     * alternatives) select items[i]. */
    char ***patterns;
    char *text;           /* the source of a LIST item, for job listings */
};

enum sh_parse_status {
    SH_PARSE_OK,
    SH_PARSE_EMPTY,       /* nothing but blanks and comments */
    SH_PARSE_INCOMPLETE,  /* needs more input: open quote, missing fi, ... */
    SH_PARSE_ERROR,
};

struct sh_parse_result {
    enum sh_parse_status status;
    struct sh_node *node;
    size_t consumed;      /* bytes of input the command used (through its newline) */
    char message[128];
};

/* Parses one complete command: everything up to the first newline that is
 * not inside a compound command, quote or continuation. */
struct sh_parse_result sh_parse_command(const char *src, size_t len);
/* Parses a whole string (sh -c): every command in it as one list. */
struct sh_parse_result sh_parse_all(const char *src, size_t len);
void sh_node_free(struct sh_node *n);
bool sh_is_name(const char *s, size_t len);
/* Where a word that starts at src ends (quotes, $(...), `...` balanced):
 * the index of the first byte after it, or -1 if a quote is left open. */
long sh_word_end(const char *src, size_t len, size_t start);

/* ---- variables (vars.c) ---- */

const char *sh_var_get(const char *name);
int sh_var_set(const char *name, const char *value, bool export_it);
void sh_var_export(const char *name);
int sh_var_unset(const char *name);
void sh_vars_init(char **envp);
char **sh_vars_environ(char **extra, int nextra);  /* malloc'd, free with sh_strv_free */
void sh_vars_print_exported(void);
void sh_strv_free(char **v);
/* Copies that end the shell when memory runs out. */
char *sh_strdup(const char *s);
char *sh_strndup(const char *s, size_t n);

struct sh_positional {
    char *zero;
    char **argv;
    int argc;
};
extern struct sh_positional sh_params;
void sh_params_set(char **argv, int argc);  /* copies */

/* ---- expansion (expand.c) ---- */

/* Expands words into fields (parameter, command substitution, arithmetic,
 * field splitting, pathname expansion, quote removal). Returns a malloc'd,
 * NULL-terminated vector; *count gets the number of fields. NULL on error. */
char **sh_expand_words(char **words, int nwords, int *count);
/* One word to one string, no field splitting or globbing (redirection
 * targets, assignments, case words). NULL on error. */
char *sh_expand_word(const char *word);
/* A heredoc body: parameter and command substitution only. */
char *sh_expand_heredoc(const char *body);
bool sh_glob_match(const char *pattern, const char *quoted_mask, const char *name);

/* ---- arithmetic (arith.c) ---- */
int sh_arith_eval(const char *expr, long *result, char *err, size_t errsize);

/* ---- execution (exec.c) ---- */

struct sh_state {
    bool interactive;
    int last_status;
    pid_t last_bg_pid;
    pid_t shell_pgid;
    pid_t shell_pid;        /* $$: the top-level shell, also in subshells */
    int tty_fd;             /* the controlling terminal when interactive, else -1 */
    bool job_control;
    int loop_depth;
    int breaking;           /* pending break count */
    int continuing;         /* pending continue count */
    bool exiting;
    int exit_status;
    bool in_subshell;       /* a forked child: exit instead of returning */
    bool errexit;
    int cond_depth;         /* inside a condition: set -e does not apply */
    bool xtrace;
    bool cmdsub_ran;        /* a command substitution ran: its status counts */
    const char *name;       /* $0 for messages */
};
extern struct sh_state sh;

int sh_exec_node(struct sh_node *n);
/* Parses and runs a string in the current shell. */
int sh_run_string(const char *src, size_t len);
/* Runs a whole file's commands, one complete command at a time. */
int sh_run_file_text(const char *text, size_t len);
int sh_source_file(const char *path);
__attribute__((noreturn)) void sh_exit(int status);
/* Command substitution: runs src in a child and returns its output. */
char *sh_command_output(const char *src, size_t len);
void sh_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* ---- jobs (jobs.c) ---- */

enum sh_proc_state { SH_PROC_RUNNING, SH_PROC_STOPPED, SH_PROC_DONE };

struct sh_proc {
    pid_t pid;
    int status;              /* wait status */
    enum sh_proc_state state;
};

struct sh_job {
    int id;                  /* %n */
    pid_t pgid;
    struct sh_proc *procs;
    int nprocs;
    char *text;
    bool foreground;
    bool notified;
    struct sh_job *next;
};

struct sh_job *sh_job_new(const char *text);
void sh_job_add_proc(struct sh_job *job, pid_t pid);
/* Waits for a foreground job to finish or stop; returns its status. */
int sh_job_wait_fg(struct sh_job *job);
void sh_job_background(struct sh_job *job);
void sh_jobs_reap(bool report);     /* collects changed children without blocking */
void sh_jobs_print(void);
struct sh_job *sh_job_find(const char *spec);  /* "%1", "%+", "1", NULL for current */
int sh_job_continue(struct sh_job *job, bool foreground);
int sh_job_wait_one(struct sh_job *job);   /* for the wait builtin */
int sh_jobs_wait_all(void);
int sh_job_status(const struct sh_job *job);
void sh_job_remove(struct sh_job *job);
bool sh_job_is_done(const struct sh_job *job);
bool sh_job_is_stopped(const struct sh_job *job);
struct sh_job *sh_job_by_pid(pid_t pid);
void sh_jobs_init_terminal(void);
void sh_jobs_give_terminal(pid_t pgid);
extern struct sh_job *sh_jobs;

/* ---- built-ins (builtins.c) ---- */

typedef int sh_builtin_fn(int argc, char **argv);
sh_builtin_fn *sh_builtin_find(const char *name);
/* Special built-ins keep their assignments and may end a script on error. */
bool sh_builtin_is_special(const char *name);
int sh_test_main(int argc, char **argv);   /* test and [ (test.c) */

/* ---- line editing (lineedit.c) ---- */

/* Reads one line from the terminal with editing; NULL at end of input.
 * The result includes no newline and is malloc'd. */
char *sh_lineedit_read(const char *prompt);
void sh_history_add(const char *line);
void sh_history_print(void);

#endif

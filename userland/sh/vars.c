/* Shell variables and positional parameters. Exported variables make up
 * the environment of every command the shell starts; the shell keeps its
 * own table rather than libc's environ so that unexported variables and
 * per-command assignments stay out of children. */
#include "sh.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct sh_var {
    char *name;
    char *value;
    bool exported;
    struct sh_var *next;
};

static struct sh_var *sh_var_list;
struct sh_positional sh_params;

static struct sh_var *var_find(const char *name)
{
    for (struct sh_var *v = sh_var_list; v; v = v->next)
        if (strcmp(v->name, name) == 0)
            return v;
    return NULL;
}

char *sh_strndup(const char *s, size_t n)
{
    size_t len = strnlen(s, n);
    char *d = malloc(len + 1);
    if (!d) {
        dprintf(2, "sh: out of memory\n");
        exit(2);
    }
    memcpy(d, s, len);
    d[len] = 0;
    return d;
}

char *sh_strdup(const char *s)
{
    return sh_strndup(s, strlen(s));
}


const char *sh_var_get(const char *name)
{
    struct sh_var *v = var_find(name);
    return v ? v->value : NULL;
}

int sh_var_set(const char *name, const char *value, bool export_it)
{
    struct sh_var *v = var_find(name);
    if (!v) {
        v = calloc(1, sizeof(*v));
        if (!v)
            return -1;
        v->name = sh_strdup(name);
        v->next = sh_var_list;
        sh_var_list = v;
    }
    char *copy = value ? sh_strdup(value) : NULL;
    free(v->value);
    v->value = copy;
    if (export_it)
        v->exported = true;
    return 0;
}

void sh_var_export(const char *name)
{
    struct sh_var *v = var_find(name);
    if (v)
        v->exported = true;
    else
        sh_var_set(name, NULL, true);
}

int sh_var_unset(const char *name)
{
    for (struct sh_var **pp = &sh_var_list; *pp; pp = &(*pp)->next) {
        struct sh_var *v = *pp;
        if (strcmp(v->name, name) == 0) {
            *pp = v->next;
            free(v->name);
            free(v->value);
            free(v);
            return 0;
        }
    }
    return 0;
}

void sh_vars_init(char **envp)
{
    for (char **e = envp; e && *e; e++) {
        const char *eq = strchr(*e, '=');
        if (!eq || eq == *e)
            continue;
        char *name = sh_strdup(*e);
        name[eq - *e] = 0;
        sh_var_set(name, eq + 1, true);
        free(name);
    }
}

static bool extra_overrides(char **extra, int nextra, const char *name)
{
    size_t len = strlen(name);
    for (int i = 0; i < nextra; i++)
        if (strncmp(extra[i], name, len) == 0 && extra[i][len] == '=')
            return true;
    return false;
}

/* extra holds NAME=value strings for this one command, taking precedence. */
char **sh_vars_environ(char **extra, int nextra)
{
    int count = nextra;
    for (struct sh_var *v = sh_var_list; v; v = v->next)
        count++;
    char **env = calloc((size_t)count + 1, sizeof(char *));
    if (!env)
        return NULL;
    int n = 0;
    for (int i = 0; i < nextra; i++)
        env[n++] = sh_strdup(extra[i]);
    for (struct sh_var *v = sh_var_list; v; v = v->next) {
        if (!v->exported || !v->value || extra_overrides(extra, nextra, v->name))
            continue;
        size_t len = strlen(v->name) + strlen(v->value) + 2;
        env[n] = malloc(len);
        if (!env[n])
            break;
        snprintf(env[n++], len, "%s=%s", v->name, v->value);
    }
    env[n] = NULL;
    return env;
}

static int cmp_strp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

void sh_vars_print_exported(void)
{
    char **env = sh_vars_environ(NULL, 0);
    if (!env)
        return;
    int n = 0;
    while (env[n])
        n++;
    qsort(env, (size_t)n, sizeof(char *), cmp_strp);
    for (int i = 0; i < n; i++) {
        char *eq = strchr(env[i], '=');
        dprintf(1, "export %.*s='%s'\n", (int)(eq - env[i]), env[i], eq + 1);
    }
    sh_strv_free(env);
}

void sh_params_set(char **argv, int argc)
{
    char **copy = calloc((size_t)argc + 1, sizeof(char *));
    if (!copy)
        exit(2);
    for (int i = 0; i < argc; i++)
        copy[i] = sh_strdup(argv[i]);
    if (sh_params.argv)
        sh_strv_free(sh_params.argv);
    sh_params.argv = copy;
    sh_params.argc = argc;
}

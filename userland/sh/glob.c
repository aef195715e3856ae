/* Pathname expansion: the unquoted *, ? and [...] of a field are matched
 * against directory entries one path component at a time. Names starting
 * with a dot match only a pattern that starts with one. */
#include "expand_internal.h"
#include "sh.h"
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void glob_die_oom(void)
{
    dprintf(2, "sh: out of memory\n");
    exit(2);
}


bool sh_glob_match(const char *pat, const char *q, const char *name)
{
    size_t pi = 0;
    const char *n = name;
    /* backtracking over the last '*' */
    size_t star_p = (size_t)-1;
    const char *star_n = NULL;
    for (;;) {
        char pc = pat[pi];
        bool quoted = q && q[pi];
        if (pc == '\\' && !q && pat[pi + 1]) {
            /* an escaped character in a pattern written by the user */
            pi++;
            pc = pat[pi];
            quoted = true;
        }
        if (pc == 0) {
            if (*n == 0)
                return true;
        } else if (pc == '*' && !quoted) {
            star_p = ++pi;
            star_n = n;
            continue;
        } else if (*n) {
            bool ok = false;
            size_t adv = 1;
            if (pc == '?' && !quoted) {
                ok = true;
            } else if (pc == '[' && !quoted) {
                size_t k = pi + 1;
                bool neg = pat[k] == '!' || pat[k] == '^';
                if (neg)
                    k++;
                bool match = false, closed = false;
                size_t first = k;
                while (pat[k]) {
                    if (pat[k] == ']' && k > first) {
                        closed = true;
                        break;
                    }
                    char lo = pat[k], hi = lo;
                    if (pat[k + 1] == '-' && pat[k + 2] && pat[k + 2] != ']') {
                        hi = pat[k + 2];
                        k += 2;
                    }
                    if ((unsigned char)*n >= (unsigned char)lo && (unsigned char)*n <= (unsigned char)hi)
                        match = true;
                    k++;
                }
                if (closed) {
                    ok = match != neg;
                    adv = k + 1 - pi;
                } else {
                    ok = *n == '[';
                }
            } else {
                ok = *n == pc;
            }
            if (ok) {
                pi += adv;
                n++;
                continue;
            }
        }
        if (star_n && *star_n) {
            pi = star_p;
            n = ++star_n;
            continue;
        }
        return false;
    }
}

static bool has_glob(const struct field *f, size_t from, size_t to)
{
    for (size_t i = from; i < to; i++)
        if (!f->q[i] && (f->s[i] == '*' || f->s[i] == '?' || f->s[i] == '['))
            return true;
    return false;
}

static int cmp_strp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

void sh_fields_push(struct fields *out, char *s)
{
    if (out->n + 2 > out->cap) {
        out->cap = out->cap ? out->cap * 2 : 16;
        out->v = realloc(out->v, sizeof(char *) * (size_t)out->cap);
        if (!out->v)
            glob_die_oom();
    }
    out->v[out->n++] = s;
    out->v[out->n] = NULL;
}

/* Expands the path components of f from byte 'at' on, below dir 'prefix'. */
static void glob_walk(const struct field *f, size_t at, const char *prefix, struct fields *out)
{
    size_t end = at;
    while (end < f->len && f->s[end] != '/')
        end++;
    if (!has_glob(f, at, end)) {
        size_t plen = strlen(prefix);
        char *path = malloc(plen + (end - at) + 2);
        if (!path)
            glob_die_oom();
        memcpy(path, prefix, plen);
        memcpy(path + plen, f->s + at, end - at);
        path[plen + end - at] = 0;
        if (end >= f->len) {
            if (access(path, F_OK) == 0)
                sh_fields_push(out, path);
            else
                free(path);
            return;
        }
        strcat(path, "/");
        glob_walk(f, end + 1, path, out);
        free(path);
        return;
    }
    char *pat = malloc(end - at + 1), *q = malloc(end - at + 1);
    if (!pat || !q)
        glob_die_oom();
    memcpy(pat, f->s + at, end - at);
    memcpy(q, f->q + at, end - at);
    pat[end - at] = 0;
    DIR *d = opendir(*prefix ? prefix : ".");
    if (d) {
        struct dirent *e;
        while ((e = readdir(d))) {
            if (e->d_name[0] == '.' && pat[0] != '.')
                continue;
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                continue;
            if (!sh_glob_match(pat, q, e->d_name))
                continue;
            size_t len = strlen(prefix) + strlen(e->d_name) + 2;
            char *path = malloc(len);
            if (!path)
                glob_die_oom();
            snprintf(path, len, "%s%s", prefix, e->d_name);
            if (end >= f->len) {
                sh_fields_push(out, path);
            } else {
                strcat(path, "/");
                glob_walk(f, end + 1, path, out);
                free(path);
            }
        }
        closedir(d);
    }
    free(pat);
    free(q);
}

void sh_glob_field(const struct field *f, struct fields *out)
{
    if (!has_glob(f, 0, f->len)) {
        sh_fields_push(out, sh_strdup(f->s ? f->s : ""));
        return;
    }
    int before = out->n;
    if (f->len && f->s[0] == '/')
        glob_walk(f, 1, "/", out);
    else
        glob_walk(f, 0, "", out);
    if (out->n == before) {
        sh_fields_push(out, sh_strdup(f->s));
        return;
    }
    qsort(out->v + before, (size_t)(out->n - before), sizeof(char *), cmp_strp);
}


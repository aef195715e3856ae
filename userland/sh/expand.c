/* Word expansion: tilde, parameters, command substitution, arithmetic,
 * field splitting, pathname expansion and quote removal, in that order.
 * Every byte produced carries a flag telling whether it was quoted, so that
 * field splitting and globbing touch only what the user left unquoted. */
#include "expand_internal.h"
#include "sh.h"
#include <ctype.h>
#include <dirent.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum xmode {
    XM_SPLIT = 1,    /* field splitting and pathname expansion */
    XM_HEREDOC = 2,  /* double quotes are ordinary characters */
};

struct xstate {
    int mode;
    struct field cur;
    bool have_field;      /* the current field exists even when empty */
    bool error;
    struct field *done;   /* finished fields (with masks) */
    int ndone, capdone;
};

static void die_oom(void)
{
    fprintf(stderr, "sh: out of memory\n");
    exit(2);
}

static void field_put(struct field *f, char c, bool quoted)
{
    if (f->len + 2 > f->cap) {
        f->cap = f->cap ? f->cap * 2 : 32;
        f->s = realloc(f->s, f->cap);
        f->q = realloc(f->q, f->cap);
        if (!f->s || !f->q)
            die_oom();
    }
    f->s[f->len] = c;
    f->q[f->len] = quoted;
    f->len++;
    f->s[f->len] = 0;
}

static void finish_field(struct xstate *x)
{
    if (!x->have_field && x->cur.len == 0)
        return;
    if (x->ndone == x->capdone) {
        x->capdone = x->capdone ? x->capdone * 2 : 8;
        x->done = realloc(x->done, sizeof(*x->done) * (size_t)x->capdone);
        if (!x->done)
            die_oom();
    }
    if (!x->cur.s)
        field_put(&x->cur, 0, true), x->cur.len = 0;
    x->done[x->ndone++] = x->cur;
    memset(&x->cur, 0, sizeof(x->cur));
    x->have_field = false;
}

static const char *ifs_chars(void)
{
    const char *ifs = sh_var_get("IFS");
    return ifs ? ifs : " \t\n";
}

/* Appends the result of an expansion. Unquoted results are split. */
static void emit(struct xstate *x, const char *val, bool quoted)
{
    if (quoted || !(x->mode & XM_SPLIT)) {
        for (const char *p = val; *p; p++)
            field_put(&x->cur, *p, quoted);
        x->have_field = x->have_field || quoted;
        return;
    }
    const char *ifs = ifs_chars();
    for (const char *p = val; *p; p++) {
        if (*ifs && strchr(ifs, *p)) {
            if (isspace((unsigned char)*p)) {
                finish_field(x);
            } else {
                x->have_field = true;
                finish_field(x);
            }
        } else {
            field_put(&x->cur, *p, false);
        }
    }
}

/* ---- parameters ---- */

static char *xstrdup(const char *s)
{
    char *d = sh_strdup(s);
    if (!d)
        die_oom();
    return d;
}

static char *join_params(const char *sep)
{
    size_t len = 1;
    for (int i = 0; i < sh_params.argc; i++)
        len += strlen(sh_params.argv[i]) + strlen(sep);
    char *out = calloc(len, 1);
    if (!out)
        die_oom();
    for (int i = 0; i < sh_params.argc; i++) {
        if (i)
            strcat(out, sep);
        strcat(out, sh_params.argv[i]);
    }
    return out;
}

/* The value of a parameter, malloc'd, or NULL when unset. */
static char *param_value(const char *name)
{
    char buf[32];
    if (isdigit((unsigned char)name[0])) {
        long i = strtol(name, NULL, 10);
        if (i == 0)
            return xstrdup(sh_params.zero ? sh_params.zero : sh.name);
        return i <= sh_params.argc ? xstrdup(sh_params.argv[i - 1]) : NULL;
    }
    if (name[1] == 0) {
        switch (name[0]) {
        case '?':
            snprintf(buf, sizeof(buf), "%d", sh.last_status);
            return xstrdup(buf);
        case '$':
            snprintf(buf, sizeof(buf), "%d", (int)sh.shell_pid);
            return xstrdup(buf);
        case '!':
            if (!sh.last_bg_pid)
                return xstrdup("");
            snprintf(buf, sizeof(buf), "%d", (int)sh.last_bg_pid);
            return xstrdup(buf);
        case '#':
            snprintf(buf, sizeof(buf), "%d", sh_params.argc);
            return xstrdup(buf);
        case '-':
            snprintf(buf, sizeof(buf), "%s%s%s", sh.interactive ? "i" : "", sh.errexit ? "e" : "",
                     sh.xtrace ? "x" : "");
            return xstrdup(buf);
        case '*':
        case '@':
            return join_params(" ");
        default:
            break;
        }
    }
    const char *v = sh_var_get(name);
    return v ? xstrdup(v) : NULL;
}

static void expand_into(struct xstate *x, const char *w, size_t len, bool in_dq);

/* A word inside ${...} (after :- and friends) or an arithmetic expression:
 * expanded to one string, without splitting. */
static char *expand_sub(const char *w, size_t len, bool in_dq, bool *err)
{
    struct xstate sub = { .mode = 0 };
    expand_into(&sub, w, len, in_dq);
    *err = sub.error;
    char *out = xstrdup(sub.cur.s ? sub.cur.s : "");
    free(sub.cur.s);
    free(sub.cur.q);
    return out;
}

/* Removes the shortest or longest prefix or suffix matching pattern. */
static char *trim_pattern(const char *val, const char *pat, bool suffix, bool longest)
{
    size_t n = strlen(val);
    char *tmp = xstrdup(val);
    if (!suffix) {
        for (size_t k = 0; k <= n; k++) {
            size_t i = longest ? n - k : k;
            char save = tmp[i];
            tmp[i] = 0;
            bool m = sh_glob_match(pat, NULL, tmp);
            tmp[i] = save;
            if (m) {
                char *out = xstrdup(val + i);
                free(tmp);
                return out;
            }
        }
    } else {
        for (size_t k = 0; k <= n; k++) {
            size_t i = longest ? k : n - k;
            if (sh_glob_match(pat, NULL, val + i)) {
                tmp[i] = 0;
                return tmp;
            }
        }
    }
    free(tmp);
    return xstrdup(val);
}

/* ${...}: body is the text between the braces. */
static void expand_braced(struct xstate *x, const char *body, size_t len, bool in_dq)
{
    char name[64];
    size_t i = 0;
    bool length = false;
    if (len > 1 && body[0] == '#') {
        length = true;
        i = 1;
    }
    size_t start = i;
    if (i < len && (isalpha((unsigned char)body[i]) || body[i] == '_')) {
        while (i < len && (isalnum((unsigned char)body[i]) || body[i] == '_'))
            i++;
    } else if (i < len && isdigit((unsigned char)body[i])) {
        while (i < len && isdigit((unsigned char)body[i]))
            i++;
    } else if (i < len && strchr("?$!#@*-", body[i])) {
        i++;
    }
    if (i == start || i - start >= sizeof(name)) {
        sh_error("${%.*s}: bad substitution", (int)len, body);
        x->error = true;
        return;
    }
    memcpy(name, body + start, i - start);
    name[i - start] = 0;
    char *val = param_value(name);
    if (length) {
        if (i != len) {
            sh_error("${%.*s}: bad substitution", (int)len, body);
            x->error = true;
            free(val);
            return;
        }
        char buf[24];
        snprintf(buf, sizeof(buf), "%zu", val ? strlen(val) : 0);
        emit(x, buf, in_dq);
        free(val);
        return;
    }
    if (i == len) {
        if (val)
            emit(x, val, in_dq);
        free(val);
        return;
    }
    bool colon = body[i] == ':';
    if (colon)
        i++;
    char op = i < len ? body[i++] : 0;
    const char *word = body + i;
    size_t wlen = len - i;
    bool unset = !val || (colon && !*val);
    bool err = false;
    switch (op) {
    case '-':
        if (unset) {
            char *w = expand_sub(word, wlen, in_dq, &err);
            emit(x, w, in_dq);
            free(w);
        } else {
            emit(x, val, in_dq);
        }
        break;
    case '=':
        if (unset) {
            char *w = expand_sub(word, wlen, in_dq, &err);
            if (!sh_is_name(name, strlen(name))) {
                sh_error("${%s}: cannot assign", name);
                err = true;
            } else {
                sh_var_set(name, w, false);
                emit(x, w, in_dq);
            }
            free(w);
        } else {
            emit(x, val, in_dq);
        }
        break;
    case '+':
        if (!unset) {
            char *w = expand_sub(word, wlen, in_dq, &err);
            emit(x, w, in_dq);
            free(w);
        }
        break;
    case '?':
        if (unset) {
            char *w = expand_sub(word, wlen, in_dq, &err);
            sh_error("%s: %s", name, *w ? w : "parameter not set");
            free(w);
            err = true;
            /* a script cannot go on without the value it demanded */
            if (!sh.interactive)
                sh_exit(1);
        } else {
            emit(x, val, in_dq);
        }
        break;
    case '%':
    case '#':
        if (colon) {
            sh_error("${%.*s}: bad substitution", (int)len, body);
            err = true;
            break;
        }
        {
            bool longest = wlen > 0 && word[0] == op;
            if (longest) {
                word++;
                wlen--;
            }
            char *pat = expand_sub(word, wlen, false, &err);
            char *out = trim_pattern(val ? val : "", pat, op == '%', longest);
            emit(x, out, in_dq);
            free(out);
            free(pat);
        }
        break;
    default:
        sh_error("${%.*s}: bad substitution", (int)len, body);
        err = true;
        break;
    }
    free(val);
    if (err)
        x->error = true;
}

static size_t find_close(const char *w, size_t len, size_t open_at)
{
    /* open_at points at '(' or '{' (or a backquote); returns the index of
     * the closing character */
    if (w[open_at] == '`') {
        size_t i = open_at + 1;
        while (i < len && w[i] != '`')
            i += w[i] == '\\' ? 2 : 1;
        return i < len ? i : len;
    }
    int depth = 0;
    char open = w[open_at], close = open == '(' ? ')' : '}';
    for (size_t i = open_at; i < len; i++) {
        char c = w[i];
        if (c == '\\') {
            i++;
        } else if (c == '\'') {
            const char *q = memchr(w + i + 1, '\'', len - i - 1);
            if (!q)
                return len;
            i = (size_t)(q - w);
        } else if (c == '"') {
            for (i++; i < len && w[i] != '"'; i++)
                if (w[i] == '\\')
                    i++;
        } else if (c == open) {
            depth++;
        } else if (c == close) {
            if (--depth == 0)
                return i;
        }
    }
    return len;
}

static void emit_command_output(struct xstate *x, const char *src, size_t len, bool in_dq)
{
    char *out = sh_command_output(src, len);
    if (!out)
        return;
    size_t n = strlen(out);
    while (n > 0 && out[n - 1] == '\n')
        out[--n] = 0;
    emit(x, out, in_dq);
    free(out);
}

/* Text inside backquotes: \$, \` and \\ lose their backslash. */
static char *unescape_backquoted(const char *s, size_t len)
{
    char *out = calloc(len + 1, 1), *o = out;
    if (!out)
        die_oom();
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '\\' && i + 1 < len && strchr("$`\\", s[i + 1]))
            i++;
        *o++ = s[i];
    }
    return out;
}

/* Handles a '$' at w[*i]; advances *i past the expansion. */
static void expand_dollar(struct xstate *x, const char *w, size_t len, size_t *i, bool in_dq)
{
    size_t p = *i + 1;
    if (p >= len) {
        field_put(&x->cur, '$', in_dq);
        *i = p;
        return;
    }
    char c = w[p];
    if (c == '(') {
        if (p + 1 < len && w[p + 1] == '(') {
            size_t close = find_close(w, len, p);
            /* $(( expr )): the inner text sits between the second '(' and
             * the matching pair of ')' */
            if (close >= len || close < p + 2 || w[close - 1] != ')') {
                sh_error("arithmetic: missing '))'");
                x->error = true;
                *i = len;
                return;
            }
            bool err = false;
            char *expr = expand_sub(w + p + 2, close - 1 - (p + 2), true, &err);
            long result = 0;
            char msg[96];
            if (!err && sh_arith_eval(expr, &result, msg, sizeof(msg)) != 0) {
                sh_error("arithmetic: %s", msg);
                err = true;
            }
            free(expr);
            if (err) {
                x->error = true;
            } else {
                char buf[24];
                snprintf(buf, sizeof(buf), "%ld", result);
                emit(x, buf, in_dq);
            }
            *i = close + 1;
            return;
        }
        size_t close = find_close(w, len, p);
        emit_command_output(x, w + p + 1, close - p - 1, in_dq);
        *i = close + 1;
        return;
    }
    if (c == '{') {
        size_t close = find_close(w, len, p);
        expand_braced(x, w + p + 1, close - p - 1, in_dq);
        *i = close + 1;
        return;
    }
    char name[64];
    size_t n = 0;
    if (isalpha((unsigned char)c) || c == '_') {
        while (p < len && (isalnum((unsigned char)w[p]) || w[p] == '_') && n < sizeof(name) - 1)
            name[n++] = w[p++];
    } else if (isdigit((unsigned char)c) || strchr("?$!#@*-", c)) {
        name[n++] = w[p++];
    } else {
        field_put(&x->cur, '$', in_dq);
        *i = p;
        return;
    }
    name[n] = 0;
    *i = p;
    if (c == '@' && in_dq) {
        /* "$@": one field per parameter */
        for (int k = 0; k < sh_params.argc; k++) {
            if (k)
                finish_field(x), x->have_field = true;
            emit(x, sh_params.argv[k], true);
        }
        if (sh_params.argc == 0)
            x->have_field = false;
        return;
    }
    if ((c == '@' || c == '*') && !in_dq && (x->mode & XM_SPLIT)) {
        for (int k = 0; k < sh_params.argc; k++) {
            if (k)
                finish_field(x);
            emit(x, sh_params.argv[k], false);
        }
        return;
    }
    char *val = param_value(name);
    if (val)
        emit(x, val, in_dq);
    free(val);
}

static void expand_tilde(struct xstate *x, const char *w, size_t len, size_t *i)
{
    size_t e = *i + 1;
    while (e < len && w[e] != '/')
        e++;
    const char *home = NULL;
    char user[64];
    if (e == *i + 1) {
        home = sh_var_get("HOME");
    } else if (e - *i - 1 < sizeof(user)) {
        memcpy(user, w + *i + 1, e - *i - 1);
        user[e - *i - 1] = 0;
        if (!sh_is_name(user, strlen(user)))
            home = NULL;
        else {
            struct passwd *pw = getpwnam(user);
            home = pw ? pw->pw_dir : NULL;
        }
    }
    if (!home) {
        field_put(&x->cur, '~', false);
        *i += 1;
        return;
    }
    emit(x, home, true);
    x->have_field = true;
    *i = e;
}

static void expand_into(struct xstate *x, const char *w, size_t len, bool in_dq)
{
    size_t i = 0;
    if (len > 0 && w[0] == '~' && !in_dq && !(x->mode & XM_HEREDOC))
        expand_tilde(x, w, len, &i);
    while (i < len) {
        char c = w[i];
        if (c == '\'' && !in_dq && !(x->mode & XM_HEREDOC)) {
            size_t e = i + 1;
            while (e < len && w[e] != '\'')
                e++;
            for (size_t k = i + 1; k < e; k++)
                field_put(&x->cur, w[k], true);
            x->have_field = true;
            i = e + 1;
        } else if (c == '"' && !(x->mode & XM_HEREDOC)) {
            in_dq = !in_dq;
            x->have_field = true;
            i++;
        } else if (c == '\\') {
            if (i + 1 >= len) {
                field_put(&x->cur, '\\', in_dq);
                i++;
            } else if (w[i + 1] == '\n') {
                i += 2;
            } else if (in_dq || (x->mode & XM_HEREDOC)) {
                if (strchr("$`\\\"", w[i + 1]) && !((x->mode & XM_HEREDOC) && w[i + 1] == '"')) {
                    field_put(&x->cur, w[i + 1], true);
                    i += 2;
                } else {
                    field_put(&x->cur, '\\', true);
                    i++;
                }
            } else {
                field_put(&x->cur, w[i + 1], true);
                x->have_field = true;
                i += 2;
            }
        } else if (c == '$') {
            expand_dollar(x, w, len, &i, in_dq || (x->mode & XM_HEREDOC));
        } else if (c == '`') {
            size_t close = find_close(w, len, i);
            char *inner = unescape_backquoted(w + i + 1, close - i - 1);
            emit_command_output(x, inner, strlen(inner), in_dq || (x->mode & XM_HEREDOC));
            free(inner);
            i = close + 1;
        } else {
            field_put(&x->cur, c, in_dq || (x->mode & XM_HEREDOC));
            i++;
        }
        if (x->error)
            return;
    }
}

char **sh_expand_words(char **words, int nwords, int *count)
{
    struct fields out = { 0 };
    sh_fields_push(&out, NULL);
    out.n = 0;
    for (int w = 0; w < nwords; w++) {
        struct xstate x = { .mode = XM_SPLIT };
        expand_into(&x, words[w], strlen(words[w]), false);
        if (!x.error)
            finish_field(&x);
        for (int k = 0; k < x.ndone; k++) {
            if (!x.error)
                sh_glob_field(&x.done[k], &out);
            free(x.done[k].s);
            free(x.done[k].q);
        }
        free(x.done);
        free(x.cur.s);
        free(x.cur.q);
        if (x.error) {
            sh_strv_free(out.v);
            return NULL;
        }
    }
    *count = out.n;
    return out.v;
}

static char *expand_one(const char *word, int mode)
{
    struct xstate x = { .mode = mode };
    expand_into(&x, word, strlen(word), false);
    if (x.error) {
        free(x.cur.s);
        free(x.cur.q);
        return NULL;
    }
    char *out = xstrdup(x.cur.s ? x.cur.s : "");
    free(x.cur.s);
    free(x.cur.q);
    return out;
}

char *sh_expand_word(const char *word)
{
    return expand_one(word, 0);
}

char *sh_expand_heredoc(const char *body)
{
    return expand_one(body, XM_HEREDOC);
}

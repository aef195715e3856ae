/* The shell's tokenizer: where words end (quotes, $(...), ${...} and
 * backquotes balanced), operators, redirections with their descriptor
 * numbers, comments, line continuations and here-document bodies. Words
 * keep their quotes for expansion to interpret. */
#include "parse_internal.h"
#include "sh.h"
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void *sh_parse_xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size);
    if (!p) {
        fprintf(stderr, "sh: out of memory\n");
        exit(2);
    }
    return p;
}

char *sh_parse_strndup(const char *s, size_t n)
{
    char *p = sh_parse_xcalloc(n + 1, 1);
    memcpy(p, s, n);
    return p;
}

void sh_parse_fail(struct parser *p, enum sh_parse_status st, const char *fmt, ...)
{
    if (p->status != SH_PARSE_OK)
        return;
    p->status = st;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p->message, sizeof(p->message), fmt, ap);
    va_end(ap);
}

bool sh_is_name(const char *s, size_t len)
{
    if (len == 0 || !(isalpha((unsigned char)s[0]) || s[0] == '_'))
        return false;
    for (size_t i = 1; i < len; i++)
        if (!(isalnum((unsigned char)s[i]) || s[i] == '_'))
            return false;
    return true;
}

static bool is_meta(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == ';' || c == '&' || c == '|' || c == '<' ||
           c == '>' || c == '(' || c == ')';
}

/* Skips a balanced $(...), ${...} or `...` starting at i (which points at
 * the opening character after '$', or at the backquote). Returns the index
 * after the closing character or -1 when the input ends first. */
static long skip_nested(const char *src, size_t len, size_t i);

static long skip_dquote(const char *src, size_t len, size_t i)
{
    /* i is just past the opening quote */
    while (i < len) {
        char c = src[i];
        if (c == '"')
            return (long)i + 1;
        if (c == '\\') {
            i += 2;
            continue;
        }
        if (c == '$' && i + 1 < len && (src[i + 1] == '(' || src[i + 1] == '{')) {
            long e = skip_nested(src, len, i + 1);
            if (e < 0)
                return -1;
            i = (size_t)e;
            continue;
        }
        if (c == '`') {
            long e = skip_nested(src, len, i);
            if (e < 0)
                return -1;
            i = (size_t)e;
            continue;
        }
        i++;
    }
    return -1;
}

#define SKIP_NONE (-2)

/* If a quoted string or a nested construct (`...`, $(...), ${...}) starts
 * at i, the index just past it (-1 when it never ends); SKIP_NONE if none
 * starts there. Word scanning and nesting both step over these whole. */
static long skip_quoted(const char *src, size_t len, size_t i)
{
    char c = src[i];
    if (c == '\'') {
        const char *q = memchr(src + i + 1, '\'', len - i - 1);
        return q ? (long)(q - src) + 1 : -1;
    }
    if (c == '"')
        return skip_dquote(src, len, i + 1);
    if (c == '`')
        return skip_nested(src, len, i);
    if (c == '$' && i + 1 < len && (src[i + 1] == '(' || src[i + 1] == '{'))
        return skip_nested(src, len, i + 1);
    return SKIP_NONE;
}

static long skip_nested(const char *src, size_t len, size_t i)
{
    if (src[i] == '`') {
        for (i++; i < len; i++) {
            if (src[i] == '\\')
                i++;
            else if (src[i] == '`')
                return (long)i + 1;
        }
        return -1;
    }
    char open = src[i], close = open == '(' ? ')' : '}';
    int depth = 1;
    for (i++; i < len;) {
        char c = src[i];
        long quoted;
        if (c == '\\') {
            i += 2;
        } else if ((quoted = skip_quoted(src, len, i)) != SKIP_NONE) {
            if (quoted < 0)
                return -1;
            i = (size_t)quoted;
        } else if (c == open) {
            depth++;
            i++;
        } else if (c == close) {
            if (--depth == 0)
                return (long)i + 1;
            i++;
        } else {
            i++;
        }
    }
    return -1;
}

long sh_word_end(const char *src, size_t len, size_t i)
{
    while (i < len && !is_meta(src[i])) {
        char c = src[i];
        long quoted;
        if (c == '\\') {
            if (i + 1 >= len)
                return -1;
            i += 2;
        } else if ((quoted = skip_quoted(src, len, i)) != SKIP_NONE) {
            if (quoted < 0)
                return -1;
            i = (size_t)quoted;
        } else {
            i++;
        }
    }
    return (long)i;
}

/* ---- heredocs ---- */

/* Removes quotes from a heredoc delimiter; tells whether it had any. */
static char *unquote_delim(const char *w, bool *quoted)
{
    size_t n = strlen(w);
    char *out = sh_parse_xcalloc(n + 1, 1), *o = out;
    *quoted = false;
    for (size_t i = 0; i < n; i++) {
        if (w[i] == '\'' || w[i] == '"') {
            *quoted = true;
        } else if (w[i] == '\\' && i + 1 < n) {
            *quoted = true;
            *o++ = w[++i];
        } else {
            *o++ = w[i];
        }
    }
    return out;
}

/* Called just after a newline token: reads the bodies of the heredocs
 * started on that line. */
static void read_heredocs(struct parser *p)
{
    for (int h = 0; h < p->npending; h++) {
        struct sh_redir *r = p->pending_heredocs[h];
        bool quoted;
        char *delim = unquote_delim(r->word, &quoted);
        size_t dlen = strlen(delim);
        size_t cap = 64, blen = 0;
        char *body = sh_parse_xcalloc(cap, 1);
        bool found = false;
        while (p->pos < p->len) {
            const char *line = p->src + p->pos;
            const char *nl = memchr(line, '\n', p->len - p->pos);
            size_t llen = nl ? (size_t)(nl - line) : p->len - p->pos;
            p->pos += llen + (nl ? 1 : 0);
            if (p->pending_strip[h])
                while (llen > 0 && *line == '\t') {
                    line++;
                    llen--;
                }
            if (llen == dlen && memcmp(line, delim, dlen) == 0) {
                found = true;
                break;
            }
            if (!nl) {
                /* the last line has no newline: the delimiter may still come */
                break;
            }
            while (blen + llen + 2 > cap) {
                cap *= 2;
                body = realloc(body, cap);
                if (!body)
                    exit(2);
            }
            memcpy(body + blen, line, llen);
            blen += llen;
            body[blen++] = '\n';
            body[blen] = 0;
        }
        free(delim);
        if (!found) {
            free(body);
            sh_parse_fail(p, SH_PARSE_INCOMPLETE, "here-document not terminated");
            p->npending = 0;
            return;
        }
        free(r->word);
        r->word = body;
        r->heredoc_quoted = quoted;
    }
    p->npending = 0;
}

/* ---- tokens ---- */

void sh_lex(struct parser *p, struct token *t)
{
    memset(t, 0, sizeof(*t));
    t->rfd = -1;
    const char *s = p->src;
    size_t n = p->len;
    for (;;) {
        while (p->pos < n && (s[p->pos] == ' ' || s[p->pos] == '\t'))
            p->pos++;
        if (p->pos + 1 < n && s[p->pos] == '\\' && s[p->pos + 1] == '\n') {
            p->pos += 2;
            if (p->pos >= n)
                sh_parse_fail(p, SH_PARSE_INCOMPLETE, "line continues");
            continue;
        }
        if (p->pos + 1 == n && s[p->pos] == '\\') {
            p->pos++;
            sh_parse_fail(p, SH_PARSE_INCOMPLETE, "line continues");
            continue;
        }
        if (p->pos < n && s[p->pos] == '#') {
            while (p->pos < n && s[p->pos] != '\n')
                p->pos++;
            continue;
        }
        break;
    }
    t->start = p->pos;
    if (p->pos >= n) {
        t->type = TOK_EOF;
        t->end = p->pos;
        return;
    }
    char c = s[p->pos];
    char c1 = p->pos + 1 < n ? s[p->pos + 1] : 0;
    size_t adv = 1;
    bool op = true;
    switch (c) {
    case '\n':
        t->type = TOK_NEWLINE;
        break;
    case ';':
        t->type = c1 == ';' ? TOK_DSEMI : TOK_SEMI;
        adv = c1 == ';' ? 2 : 1;
        break;
    case '&':
        t->type = c1 == '&' ? TOK_AND : TOK_AMP;
        adv = c1 == '&' ? 2 : 1;
        break;
    case '|':
        t->type = c1 == '|' ? TOK_OR : TOK_PIPE;
        adv = c1 == '|' ? 2 : 1;
        break;
    case '(':
        t->type = TOK_LPAREN;
        break;
    case ')':
        t->type = TOK_RPAREN;
        break;
    default:
        op = false;
        break;
    }
    if (op) {
        p->pos += adv;
        t->end = p->pos;
        if (t->type == TOK_NEWLINE && p->npending)
            read_heredocs(p);
        return;
    }
    if (c == '<' || c == '>' || isdigit((unsigned char)c)) {
        /* an IO number: digits directly followed by < or > */
        size_t i = p->pos;
        int fd = -1;
        if (isdigit((unsigned char)c)) {
            fd = 0;
            while (i < n && isdigit((unsigned char)s[i]) && fd < 10000)
                fd = fd * 10 + (s[i++] - '0');
            if (i >= n || (s[i] != '<' && s[i] != '>'))
                goto word;
        }
        char r1 = i + 1 < n ? s[i + 1] : 0, r2 = i + 2 < n ? s[i + 2] : 0;
        t->type = TOK_REDIR;
        t->rfd = fd;
        if (s[i] == '<') {
            if (r1 == '<') {
                t->rkind = SH_REDIR_HEREDOC;
                t->strip_tabs = r2 == '-';
                adv = r2 == '-' ? 3 : 2;
            } else if (r1 == '&') {
                t->rkind = SH_REDIR_DUP;
                adv = 2;
            } else if (r1 == '>') {
                t->rkind = SH_REDIR_RDWR;
                adv = 2;
            } else {
                t->rkind = SH_REDIR_IN;
            }
            if (t->rfd < 0)
                t->rfd = 0;
        } else {
            if (r1 == '>') {
                t->rkind = SH_REDIR_APPEND;
                adv = 2;
            } else if (r1 == '&') {
                t->rkind = SH_REDIR_DUP;
                adv = 2;
            } else if (r1 == '|') {
                t->rkind = SH_REDIR_OUT;
                adv = 2;
            } else {
                t->rkind = SH_REDIR_OUT;
            }
            if (t->rfd < 0)
                t->rfd = 1;
        }
        p->pos = i + adv;
        t->end = p->pos;
        return;
    }
word:;
    long e = sh_word_end(s, n, p->pos);
    if (e < 0) {
        sh_parse_fail(p, SH_PARSE_INCOMPLETE, "unterminated quote");
        p->pos = n;
        t->type = TOK_EOF;
        t->end = n;
        return;
    }
    t->type = TOK_WORD;
    t->text = sh_parse_strndup(s + p->pos, (size_t)e - p->pos);
    p->pos = (size_t)e;
    t->end = p->pos;
}


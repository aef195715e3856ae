/* The shell's recursive-descent parser over lex.c's tokens: lists,
 * and-or lists, pipelines, compound commands, and simple commands with
 * their assignments and redirections. Running out of input in the middle of
 * a construct is reported as INCOMPLETE, not as an error, so that an
 * interactive reader can ask for another line. */
#include "parse_internal.h"
#include "sh.h"
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct token *peek(struct parser *p)
{
    if (!p->have_tok) {
        sh_lex(p, &p->tok);
        p->have_tok = true;
    }
    return &p->tok;
}

/* Takes the lookahead token; the caller owns its text. */
static struct token take(struct parser *p)
{
    peek(p);
    p->have_tok = false;
    return p->tok;
}

static void drop(struct parser *p)
{
    struct token t = take(p);
    free(t.text);
}

static bool peek_word(struct parser *p, const char *w)
{
    struct token *t = peek(p);
    return t->type == TOK_WORD && strcmp(t->text, w) == 0;
}

static bool is_reserved(const char *w)
{
    static const char *const words[] = { "if", "then", "else", "elif", "fi", "do", "done", "while",
                                         "until", "for", "in", "{", "}", "!", "case", "esac", NULL };
    for (int i = 0; words[i]; i++)
        if (strcmp(w, words[i]) == 0)
            return true;
    return false;
}

/* Words that end a compound list. */
static bool is_terminator(struct parser *p)
{
    struct token *t = peek(p);
    if (t->type == TOK_RPAREN || t->type == TOK_DSEMI || t->type == TOK_EOF)
        return true;
    if (t->type != TOK_WORD)
        return false;
    static const char *const words[] = { "then", "else", "elif", "fi", "do", "done", "}", "esac", NULL };
    for (int i = 0; words[i]; i++)
        if (strcmp(t->text, words[i]) == 0)
            return true;
    return false;
}

static void skip_newlines(struct parser *p)
{
    while (p->status == SH_PARSE_OK && peek(p)->type == TOK_NEWLINE)
        drop(p);
}

static void expect_word(struct parser *p, const char *w)
{
    if (p->status != SH_PARSE_OK)
        return;
    struct token *t = peek(p);
    if (t->type == TOK_EOF) {
        sh_parse_fail(p, SH_PARSE_INCOMPLETE, "expected '%s'", w);
        return;
    }
    if (!peek_word(p, w)) {
        sh_parse_fail(p, SH_PARSE_ERROR, "syntax error: expected '%s' near '%s'", w,
             t->type == TOK_WORD ? t->text : t->type == TOK_NEWLINE ? "newline" : "operator");
        return;
    }
    drop(p);
}

/* The source of a list item, for job listings: without trailing blanks. */
static char *item_text(struct parser *p, size_t start, size_t end)
{
    while (end > start && (p->src[end - 1] == ' ' || p->src[end - 1] == '\t' || p->src[end - 1] == '\n'))
        end--;
    return sh_parse_strndup(p->src + start, end - start);
}

static struct sh_node *node_new(enum sh_node_kind kind)
{
    struct sh_node *n = sh_parse_xcalloc(1, sizeof(*n));
    n->kind = kind;
    return n;
}

static void push_item(struct sh_node *n, struct sh_node *item, bool async)
{
    n->items = realloc(n->items, sizeof(*n->items) * (size_t)(n->nitems + 1));
    n->async = realloc(n->async, sizeof(*n->async) * (size_t)(n->nitems + 1));
    if (!n->items || !n->async)
        exit(2);
    n->items[n->nitems] = item;
    n->async[n->nitems] = async;
    n->nitems++;
}

static void push_word(char ***v, int *n, char *w)
{
    *v = realloc(*v, sizeof(**v) * (size_t)(*n + 2));
    if (!*v)
        exit(2);
    (*v)[(*n)++] = w;
    (*v)[*n] = NULL;
}

static struct sh_node *parse_and_or(struct parser *p);
static struct sh_node *parse_compound_list(struct parser *p);

static void append_redir(struct sh_redir **list, struct sh_redir *r)
{
    while (*list)
        list = &(*list)->next;
    *list = r;
}

/* The lookahead is a redirection operator: takes it and its target word. */
static struct sh_redir *parse_redir(struct parser *p)
{
    struct token op = take(p);
    struct token *t = peek(p);
    if (t->type != TOK_WORD) {
        if (t->type == TOK_EOF && p->status == SH_PARSE_OK)
            sh_parse_fail(p, SH_PARSE_ERROR, "syntax error: redirection without a target");
        else
            sh_parse_fail(p, SH_PARSE_ERROR, "syntax error: redirection without a target");
        return NULL;
    }
    struct token w = take(p);
    struct sh_redir *r = sh_parse_xcalloc(1, sizeof(*r));
    r->kind = op.rkind;
    r->fd = op.rfd;
    r->word = w.text;
    if (r->kind == SH_REDIR_HEREDOC) {
        if (p->npending < 16) {
            p->pending_strip[p->npending] = op.strip_tabs;
            p->pending_heredocs[p->npending++] = r;
        } else {
            sh_parse_fail(p, SH_PARSE_ERROR, "too many here-documents on one line");
        }
    }
    return r;
}

static void parse_trailing_redirs(struct parser *p, struct sh_node *n)
{
    while (p->status == SH_PARSE_OK && peek(p)->type == TOK_REDIR) {
        struct sh_redir *r = parse_redir(p);
        if (r)
            append_redir(&n->redirs, r);
    }
}

static bool is_assignment(const char *w)
{
    const char *eq = strchr(w, '=');
    return eq && eq != w && sh_is_name(w, (size_t)(eq - w));
}

static struct sh_node *parse_simple(struct parser *p)
{
    struct sh_node *n = node_new(SH_NODE_SIMPLE);
    bool seen_command = false;
    while (p->status == SH_PARSE_OK) {
        struct token *t = peek(p);
        if (t->type == TOK_REDIR) {
            struct sh_redir *r = parse_redir(p);
            if (r)
                append_redir(&n->redirs, r);
        } else if (t->type == TOK_WORD) {
            struct token w = take(p);
            if (!seen_command && is_assignment(w.text)) {
                push_word(&n->words, &n->nwords, w.text);
                n->nassign++;
            } else {
                seen_command = true;
                push_word(&n->words, &n->nwords, w.text);
            }
        } else if (t->type == TOK_LPAREN && n->nwords == 1 && !n->nassign) {
            sh_parse_fail(p, SH_PARSE_ERROR, "syntax error: functions are not supported");
        } else {
            break;
        }
    }
    if (p->status == SH_PARSE_OK && n->nwords == 0 && !n->redirs) {
        struct token *t = peek(p);
        if (t->type == TOK_EOF)
            sh_parse_fail(p, SH_PARSE_INCOMPLETE, "command expected");
        else
            sh_parse_fail(p, SH_PARSE_ERROR, "syntax error near unexpected '%s'",
                 t->type == TOK_NEWLINE ? "newline" : t->type == TOK_WORD ? t->text
                 : t->type == TOK_RPAREN ? ")" : t->type == TOK_SEMI ? ";" : t->type == TOK_AMP ? "&"
                 : t->type == TOK_PIPE ? "|" : "operator");
    }
    return n;
}

static struct sh_node *parse_if(struct parser *p)
{
    drop(p); /* if / elif */
    struct sh_node *n = node_new(SH_NODE_IF);
    n->a = parse_compound_list(p);
    expect_word(p, "then");
    n->b = parse_compound_list(p);
    if (p->status != SH_PARSE_OK)
        return n;
    if (peek_word(p, "elif")) {
        n->c = parse_if(p);
        return n; /* the nested if consumed the fi */
    }
    if (peek_word(p, "else")) {
        drop(p);
        n->c = parse_compound_list(p);
    }
    expect_word(p, "fi");
    return n;
}

static struct sh_node *parse_loop(struct parser *p, enum sh_node_kind kind)
{
    drop(p);
    struct sh_node *n = node_new(kind);
    n->a = parse_compound_list(p);
    expect_word(p, "do");
    n->b = parse_compound_list(p);
    expect_word(p, "done");
    return n;
}

static struct sh_node *parse_for(struct parser *p)
{
    drop(p);
    struct sh_node *n = node_new(SH_NODE_FOR);
    struct token *t = peek(p);
    if (t->type == TOK_EOF) {
        sh_parse_fail(p, SH_PARSE_INCOMPLETE, "for: name expected");
        return n;
    }
    if (t->type != TOK_WORD || !sh_is_name(t->text, strlen(t->text))) {
        sh_parse_fail(p, SH_PARSE_ERROR, "syntax error: bad for loop variable");
        return n;
    }
    n->for_var = take(p).text;
    skip_newlines(p);
    if (peek_word(p, "in")) {
        drop(p);
        n->for_words = sh_parse_xcalloc(1, sizeof(char *));
        while (p->status == SH_PARSE_OK && peek(p)->type == TOK_WORD)
            push_word(&n->for_words, &n->for_nwords, take(p).text);
        t = peek(p);
        if (t->type == TOK_SEMI || t->type == TOK_NEWLINE)
            drop(p);
        else if (t->type == TOK_EOF)
            sh_parse_fail(p, SH_PARSE_INCOMPLETE, "for: do expected");
    } else if (peek(p)->type == TOK_SEMI) {
        drop(p);
    }
    skip_newlines(p);
    expect_word(p, "do");
    n->b = parse_compound_list(p);
    expect_word(p, "done");
    return n;
}

static struct sh_node *parse_case(struct parser *p)
{
    drop(p);
    struct sh_node *n = node_new(SH_NODE_CASE);
    struct token *t = peek(p);
    if (t->type != TOK_WORD) {
        sh_parse_fail(p, t->type == TOK_EOF ? SH_PARSE_INCOMPLETE : SH_PARSE_ERROR, "case: word expected");
        return n;
    }
    n->for_var = take(p).text;
    skip_newlines(p);
    expect_word(p, "in");
    for (;;) {
        skip_newlines(p);
        if (p->status != SH_PARSE_OK)
            return n;
        if (peek_word(p, "esac")) {
            drop(p);
            return n;
        }
        if (peek(p)->type == TOK_LPAREN)
            drop(p);
        char **alts = sh_parse_xcalloc(1, sizeof(char *));
        int nalts = 0;
        for (;;) {
            t = peek(p);
            if (t->type != TOK_WORD) {
                sh_parse_fail(p, t->type == TOK_EOF ? SH_PARSE_INCOMPLETE : SH_PARSE_ERROR,
                     "case: pattern expected");
                sh_strv_free(alts);
                return n;
            }
            push_word(&alts, &nalts, take(p).text);
            if (peek(p)->type == TOK_PIPE) {
                drop(p);
                continue;
            }
            break;
        }
        t = peek(p);
        if (t->type != TOK_RPAREN) {
            sh_parse_fail(p, t->type == TOK_EOF ? SH_PARSE_INCOMPLETE : SH_PARSE_ERROR, "case: ')' expected");
            sh_strv_free(alts);
            return n;
        }
        drop(p);
        skip_newlines(p);
        struct sh_node *body;
        if (peek(p)->type == TOK_DSEMI || peek_word(p, "esac"))
            body = node_new(SH_NODE_LIST); /* an empty branch */
        else
            body = parse_compound_list(p);
        n->patterns = realloc(n->patterns, sizeof(*n->patterns) * (size_t)(n->nitems + 1));
        if (!n->patterns)
            exit(2);
        n->patterns[n->nitems] = alts;
        push_item(n, body, false);
        if (p->status != SH_PARSE_OK)
            return n;
        t = peek(p);
        if (t->type == TOK_DSEMI) {
            drop(p);
        } else if (!peek_word(p, "esac")) {
            sh_parse_fail(p, t->type == TOK_EOF ? SH_PARSE_INCOMPLETE : SH_PARSE_ERROR, "case: ';;' expected");
            return n;
        }
    }
}

static struct sh_node *parse_command(struct parser *p)
{
    struct token *t = peek(p);
    struct sh_node *n = NULL;
    if (t->type == TOK_WORD) {
        if (strcmp(t->text, "if") == 0)
            n = parse_if(p);
        else if (strcmp(t->text, "while") == 0)
            n = parse_loop(p, SH_NODE_WHILE);
        else if (strcmp(t->text, "until") == 0)
            n = parse_loop(p, SH_NODE_UNTIL);
        else if (strcmp(t->text, "for") == 0)
            n = parse_for(p);
        else if (strcmp(t->text, "case") == 0)
            n = parse_case(p);
        else if (strcmp(t->text, "{") == 0) {
            drop(p);
            n = node_new(SH_NODE_GROUP);
            n->a = parse_compound_list(p);
            expect_word(p, "}");
        } else if (is_reserved(t->text) && strcmp(t->text, "!") != 0) {
            sh_parse_fail(p, SH_PARSE_ERROR, "syntax error near unexpected '%s'", t->text);
            return node_new(SH_NODE_SIMPLE);
        }
    } else if (t->type == TOK_LPAREN) {
        drop(p);
        n = node_new(SH_NODE_SUBSHELL);
        n->a = parse_compound_list(p);
        if (p->status == SH_PARSE_OK) {
            t = peek(p);
            if (t->type == TOK_RPAREN)
                drop(p);
            else
                sh_parse_fail(p, t->type == TOK_EOF ? SH_PARSE_INCOMPLETE : SH_PARSE_ERROR,
                     "syntax error: ')' expected");
        }
    }
    if (n) {
        parse_trailing_redirs(p, n);
        return n;
    }
    return parse_simple(p);
}

static struct sh_node *parse_pipeline(struct parser *p)
{
    struct sh_node *n = node_new(SH_NODE_PIPELINE);
    while (peek_word(p, "!")) {
        drop(p);
        n->negate = !n->negate;
    }
    for (;;) {
        push_item(n, parse_command(p), false);
        if (p->status != SH_PARSE_OK || peek(p)->type != TOK_PIPE)
            break;
        drop(p);
        skip_newlines(p);
    }
    return n;
}

static struct sh_node *parse_and_or(struct parser *p)
{
    struct sh_node *left = parse_pipeline(p);
    while (p->status == SH_PARSE_OK) {
        enum tok_type ty = peek(p)->type;
        if (ty != TOK_AND && ty != TOK_OR)
            break;
        drop(p);
        skip_newlines(p);
        struct sh_node *n = node_new(ty == TOK_AND ? SH_NODE_AND : SH_NODE_OR);
        n->a = left;
        n->b = parse_pipeline(p);
        left = n;
    }
    return left;
}

/* A list inside a compound command: ends at a reserved terminator word,
 * ')' or ';;'. */
static struct sh_node *parse_compound_list(struct parser *p)
{
    struct sh_node *list = node_new(SH_NODE_LIST);
    skip_newlines(p);
    while (p->status == SH_PARSE_OK && !is_terminator(p)) {
        size_t start = peek(p)->start;
        struct sh_node *item = parse_and_or(p);
        bool async = false;
        size_t end = p->have_tok ? p->tok.start : p->pos;
        if (p->status == SH_PARSE_OK) {
            struct token *t = peek(p);
            end = t->start;
            if (t->type == TOK_AMP || t->type == TOK_SEMI) {
                async = t->type == TOK_AMP;
                drop(p);
            } else if (t->type != TOK_NEWLINE && !is_terminator(p)) {
                sh_parse_fail(p, SH_PARSE_ERROR, "syntax error near unexpected '%s'",
                     t->type == TOK_WORD ? t->text : "operator");
            }
        }
        item->text = item_text(p, start, end);
        push_item(list, item, async);
        skip_newlines(p);
    }
    if (p->status == SH_PARSE_OK && peek(p)->type == TOK_EOF)
        sh_parse_fail(p, SH_PARSE_INCOMPLETE, "unexpected end of input");
    if (p->status == SH_PARSE_OK && list->nitems == 0)
        sh_parse_fail(p, SH_PARSE_ERROR, "syntax error: empty command list");
    return list;
}

/* The top level: a list ending at a newline (one == true) or at the end of
 * the input. */
static struct sh_node *parse_top(struct parser *p, bool one)
{
    struct sh_node *list = node_new(SH_NODE_LIST);
    for (;;) {
        if (!one)
            skip_newlines(p);
        struct token *t = peek(p);
        if (p->status != SH_PARSE_OK || t->type == TOK_EOF)
            break;
        if (t->type == TOK_NEWLINE) {
            drop(p);
            break;
        }
        size_t start = t->start;
        struct sh_node *item = parse_and_or(p);
        bool async = false;
        size_t end = p->have_tok ? p->tok.start : p->pos;
        if (p->status == SH_PARSE_OK) {
            t = peek(p);
            end = t->start;
            if (t->type == TOK_AMP || t->type == TOK_SEMI) {
                async = t->type == TOK_AMP;
                drop(p);
            } else if (t->type != TOK_NEWLINE && t->type != TOK_EOF) {
                sh_parse_fail(p, SH_PARSE_ERROR, "syntax error near unexpected '%s'",
                     t->type == TOK_WORD ? t->text : t->type == TOK_RPAREN ? ")"
                     : t->type == TOK_DSEMI ? ";;" : "operator");
            }
        }
        item->text = item_text(p, start, end);
        push_item(list, item, async);
    }
    return list;
}

static struct sh_parse_result finish(struct parser *p, struct sh_node *list)
{
    struct sh_parse_result r;
    memset(&r, 0, sizeof(r));
    if (p->status == SH_PARSE_OK && p->npending)
        sh_parse_fail(p, SH_PARSE_INCOMPLETE, "here-document not terminated");
    if (p->have_tok)
        free(p->tok.text);
    r.status = p->status;
    r.consumed = p->pos;
    if (p->status == SH_PARSE_OK && list->nitems == 0)
        r.status = SH_PARSE_EMPTY;
    if (r.status == SH_PARSE_OK) {
        r.node = list;
    } else {
        sh_node_free(list);
        memcpy(r.message, p->message, sizeof(r.message));
        if (r.status == SH_PARSE_ERROR) {
            /* skip the rest of the bad line so a reader can go on */
            if (r.consumed == 0 || p->src[r.consumed - 1] != '\n') {
                const char *nl = memchr(p->src + r.consumed, '\n', p->len - r.consumed);
                r.consumed = nl ? (size_t)(nl - p->src) + 1 : p->len;
            }
        }
    }
    return r;
}

struct sh_parse_result sh_parse_command(const char *src, size_t len)
{
    struct parser p = { .src = src, .len = len };
    struct sh_node *list = parse_top(&p, true);
    return finish(&p, list);
}

struct sh_parse_result sh_parse_all(const char *src, size_t len)
{
    struct parser p = { .src = src, .len = len };
    struct sh_node *list = parse_top(&p, false);
    return finish(&p, list);
}

void sh_strv_free(char **v)
{
    if (!v)
        return;
    for (char **w = v; *w; w++)
        free(*w);
    free(v);
}

void sh_node_free(struct sh_node *n)
{
    if (!n)
        return;
    for (int i = 0; i < n->nwords; i++)
        free(n->words[i]);
    free(n->words);
    for (struct sh_redir *r = n->redirs, *next; r; r = next) {
        next = r->next;
        free(r->word);
        free(r);
    }
    for (int i = 0; i < n->nitems; i++) {
        sh_node_free(n->items[i]);
        if (n->patterns)
            sh_strv_free(n->patterns[i]);
    }
    free(n->patterns);
    free(n->items);
    free(n->async);
    sh_node_free(n->a);
    sh_node_free(n->b);
    sh_node_free(n->c);
    free(n->for_var);
    if (n->for_words)
        sh_strv_free(n->for_words);
    free(n->text);
    free(n);
}

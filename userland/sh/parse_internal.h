/* Shared between the shell's tokenizer (lex.c) and parser (parse.c). */
#ifndef SH_PARSE_INTERNAL_H
#define SH_PARSE_INTERNAL_H
#include "sh.h"

enum tok_type {
    TOK_WORD,
    TOK_NEWLINE,
    TOK_EOF,
    TOK_SEMI,     /* ; */
    TOK_DSEMI,    /* ;; */
    TOK_AMP,      /* & */
    TOK_AND,      /* && */
    TOK_PIPE,     /* | */
    TOK_OR,       /* || */
    TOK_LPAREN,
    TOK_RPAREN,
    TOK_REDIR,
};

struct token {
    enum tok_type type;
    char *text;               /* TOK_WORD */
    size_t start, end;        /* source span */
    enum sh_redir_kind rkind; /* TOK_REDIR */
    int rfd;                  /* TOK_REDIR: explicit fd or -1 */
    bool strip_tabs;          /* <<- */
};

struct parser {
    const char *src;
    size_t len;
    size_t pos;
    struct token tok;         /* lookahead */
    bool have_tok;
    enum sh_parse_status status;
    char message[128];
    struct sh_redir *pending_heredocs[16];
    bool pending_strip[16];
    int npending;
};

void *sh_parse_xcalloc(size_t n, size_t size);
char *sh_parse_strndup(const char *s, size_t n);
/* Records the first failure; later ones are ignored. */
void sh_parse_fail(struct parser *p, enum sh_parse_status st, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Reads the next token; after a newline, the pending here-document bodies. */
void sh_lex(struct parser *p, struct token *t);

#endif

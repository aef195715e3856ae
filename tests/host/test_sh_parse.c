/* Host tests for the shell's tokenizer and parser: word boundaries with
 * quotes and substitutions, operators and redirections, compound commands,
 * here-documents, and the difference between input that is wrong and input
 * that is merely unfinished (which an interactive shell must continue). */
#include "../../userland/sh/lex.c"
#include "../../userland/sh/parse.c"
#include "host_test.h"
#include <string.h>

/* parse.c needs these from the rest of the shell */
char *sh_strndup(const char *s, size_t n)
{
    char *d = malloc(n + 1);
    memcpy(d, s, n);
    d[n] = 0;
    return d;
}

static struct sh_parse_result parse_all(const char *s)
{
    return sh_parse_all(s, strlen(s));
}

static struct sh_parse_result parse_one(const char *s)
{
    return sh_parse_command(s, strlen(s));
}

static enum sh_parse_status status_of(const char *s)
{
    struct sh_parse_result r = parse_all(s);
    sh_node_free(r.node);
    return r.status;
}

/* The first list item, unwrapped from a one-command pipeline. */
static struct sh_node *first_command(struct sh_node *list)
{
    struct sh_node *n = list->items[0];
    if (n->kind == SH_NODE_PIPELINE && n->nitems == 1)
        n = n->items[0];
    return n;
}

static void test_word_end(void)
{
    const char *s = "abc def";
    CHECK(sh_word_end(s, strlen(s), 0) == 3);
    s = "'a b'c d";
    CHECK(sh_word_end(s, strlen(s), 0) == 6);
    s = "\"a $(echo \")\") b\" x";
    CHECK(sh_word_end(s, strlen(s), 0) == (long)strlen(s) - 2);
    s = "$(a (b) c)d e";
    CHECK(sh_word_end(s, strlen(s), 0) == 11);
    s = "${x:-a b}y z";
    CHECK(sh_word_end(s, strlen(s), 0) == 10);
    s = "a\\ b c";
    CHECK(sh_word_end(s, strlen(s), 0) == 4);
    s = "`a b`c d";
    CHECK(sh_word_end(s, strlen(s), 0) == 6);
    s = "'open";
    CHECK(sh_word_end(s, strlen(s), 0) == -1);
    s = "\"open";
    CHECK(sh_word_end(s, strlen(s), 0) == -1);
    s = "$(open";
    CHECK(sh_word_end(s, strlen(s), 0) == -1);
    s = "a;b";
    CHECK(sh_word_end(s, strlen(s), 0) == 1);
}

static void test_simple(void)
{
    struct sh_parse_result r = parse_all("A=1 B=\"2 3\" echo 'x y' z=4 # comment");
    CHECK(r.status == SH_PARSE_OK);
    if (r.status != SH_PARSE_OK)
        return;
    struct sh_node *c = first_command(r.node);
    CHECK(c->kind == SH_NODE_SIMPLE);
    CHECK(c->nwords == 5);
    CHECK(c->nassign == 2);
    CHECK(strcmp(c->words[1], "B=\"2 3\"") == 0);
    CHECK(strcmp(c->words[3], "'x y'") == 0);
    CHECK(strcmp(c->words[4], "z=4") == 0); /* after the command name: an argument */
    sh_node_free(r.node);

    CHECK(status_of("") == SH_PARSE_EMPTY);
    CHECK(status_of("   # only a comment\n\n") == SH_PARSE_EMPTY);
}

static void test_redirections(void)
{
    struct sh_parse_result r = parse_all("cmd <in >out 2>err >>app 2>&1 3<&- 4<>rw 10>x");
    CHECK(r.status == SH_PARSE_OK);
    if (r.status != SH_PARSE_OK)
        return;
    struct sh_node *c = first_command(r.node);
    CHECK(c->nwords == 1);
    struct { enum sh_redir_kind kind; int fd; const char *word; } want[] = {
        { SH_REDIR_IN, 0, "in" },      { SH_REDIR_OUT, 1, "out" },  { SH_REDIR_OUT, 2, "err" },
        { SH_REDIR_APPEND, 1, "app" }, { SH_REDIR_DUP, 2, "1" },    { SH_REDIR_DUP, 3, "-" },
        { SH_REDIR_RDWR, 4, "rw" },    { SH_REDIR_OUT, 10, "x" },
    };
    struct sh_redir *rd = c->redirs;
    for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
        CHECK(rd != NULL);
        if (!rd)
            break;
        CHECK(rd->kind == want[i].kind);
        CHECK(rd->fd == want[i].fd);
        CHECK(strcmp(rd->word, want[i].word) == 0);
        rd = rd->next;
    }
    CHECK(rd == NULL);
    sh_node_free(r.node);

    /* digits not followed by < or > are an ordinary word */
    r = parse_all("echo 2 > f");
    c = first_command(r.node);
    CHECK(c->nwords == 2 && c->redirs && c->redirs->fd == 1);
    sh_node_free(r.node);
}

static void test_operators(void)
{
    struct sh_parse_result r = parse_all("a | b | c && d || e; f & g");
    CHECK(r.status == SH_PARSE_OK);
    if (r.status != SH_PARSE_OK)
        return;
    struct sh_node *l = r.node;
    CHECK(l->kind == SH_NODE_LIST && l->nitems == 3);
    CHECK(!l->async[0] && l->async[1] && !l->async[2]);
    struct sh_node *or = l->items[0];
    CHECK(or->kind == SH_NODE_OR);
    CHECK(or->a->kind == SH_NODE_AND);
    CHECK(or->a->a->kind == SH_NODE_PIPELINE && or->a->a->nitems == 3);
    CHECK(strcmp(l->items[0]->text, "a | b | c && d || e") == 0);
    CHECK(strcmp(l->items[1]->text, "f") == 0);
    sh_node_free(r.node);

    r = parse_all("! a | b");
    CHECK(r.status == SH_PARSE_OK && r.node->items[0]->negate);
    sh_node_free(r.node);

    /* a line break may follow && || and | */
    CHECK(status_of("a &&\n b") == SH_PARSE_OK);
    CHECK(status_of("a |\n\n b") == SH_PARSE_OK);
}

static void test_compound(void)
{
    struct sh_parse_result r = parse_all("if a; then b; elif c\nthen d; else e; fi > out");
    CHECK(r.status == SH_PARSE_OK);
    if (r.status == SH_PARSE_OK) {
        struct sh_node *n = first_command(r.node);
        CHECK(n->kind == SH_NODE_IF);
        CHECK(n->c && n->c->kind == SH_NODE_IF && n->c->c != NULL);
        CHECK(n->redirs && strcmp(n->redirs->word, "out") == 0);
        sh_node_free(r.node);
    }
    r = parse_all("for i in 1 \"2 3\" $x; do echo $i; done");
    CHECK(r.status == SH_PARSE_OK);
    if (r.status == SH_PARSE_OK) {
        struct sh_node *n = first_command(r.node);
        CHECK(n->kind == SH_NODE_FOR && strcmp(n->for_var, "i") == 0 && n->for_nwords == 3);
        sh_node_free(r.node);
    }
    r = parse_all("for a\ndo :; done");
    CHECK(r.status == SH_PARSE_OK && first_command(r.node)->for_words == NULL);
    sh_node_free(r.node);
    r = parse_all("while x; do y; done | z");
    CHECK(r.status == SH_PARSE_OK && r.node->items[0]->nitems == 2);
    sh_node_free(r.node);
    r = parse_all("case $x in a|b) one;; (c*) two ;; *) ;; esac");
    CHECK(r.status == SH_PARSE_OK);
    if (r.status == SH_PARSE_OK) {
        struct sh_node *n = first_command(r.node);
        CHECK(n->kind == SH_NODE_CASE && n->nitems == 3);
        CHECK(strcmp(n->patterns[0][1], "b") == 0 && n->patterns[0][2] == NULL);
        sh_node_free(r.node);
    }
    CHECK(status_of("{ a; b; } 2>/dev/null") == SH_PARSE_OK);
    CHECK(status_of("(a; b) | c") == SH_PARSE_OK);
    CHECK(status_of("until a; do b; done") == SH_PARSE_OK);
    /* a reserved word only counts where a command starts */
    r = parse_all("echo if then fi done");
    CHECK(r.status == SH_PARSE_OK && first_command(r.node)->nwords == 5);
    sh_node_free(r.node);
}

static void test_heredoc(void)
{
    struct sh_parse_result r = parse_all("cat <<EOF; echo after\nline $x\n\tEOF\nEOF\necho next\n");
    CHECK(r.status == SH_PARSE_OK);
    if (r.status == SH_PARSE_OK) {
        struct sh_node *c = first_command(r.node);
        CHECK(c->redirs && c->redirs->kind == SH_REDIR_HEREDOC);
        CHECK(strcmp(c->redirs->word, "line $x\n\tEOF\n") == 0);
        CHECK(!c->redirs->heredoc_quoted);
        CHECK(r.node->nitems == 3);
        sh_node_free(r.node);
    }
    r = parse_all("cat <<-'E'\n\tbody\n\tE\n");
    CHECK(r.status == SH_PARSE_OK);
    if (r.status == SH_PARSE_OK) {
        struct sh_node *c = first_command(r.node);
        CHECK(strcmp(c->redirs->word, "body\n") == 0 && c->redirs->heredoc_quoted);
        sh_node_free(r.node);
    }
    CHECK(status_of("cat <<EOF\nno end\n") == SH_PARSE_INCOMPLETE);
}

static void test_incomplete_and_errors(void)
{
    const char *incomplete[] = { "echo 'open", "echo \"open", "if true; then", "if true; then a; else", "a |",
                                 "a &&", "a ||", "while x", "for i in 1 2", "{ a;", "(a", "echo \\",
                                 "echo $(a", "case x in", NULL };
    for (int i = 0; incomplete[i]; i++) {
        enum sh_parse_status st = status_of(incomplete[i]);
        CHECK(st == SH_PARSE_INCOMPLETE);
        if (st != SH_PARSE_INCOMPLETE)
            fprintf(stderr, "  not incomplete: %s\n", incomplete[i]);
    }
    const char *errors[] = { "fi", "a; ;", "| a", "echo >", "a && && b", "then", "if a; fi", "(a))",
                             "for 1x in a; do b; done", "done", ";;", "f() { a; }", NULL };
    for (int i = 0; errors[i]; i++) {
        enum sh_parse_status st = status_of(errors[i]);
        CHECK(st == SH_PARSE_ERROR);
        if (st != SH_PARSE_ERROR)
            fprintf(stderr, "  not an error: %s\n", errors[i]);
    }
}

static void test_one_command_at_a_time(void)
{
    const char *src = "a; b\nif x\nthen y\nfi\n\nc\n";
    struct sh_parse_result r = parse_one(src);
    CHECK(r.status == SH_PARSE_OK && r.node->nitems == 2 && r.consumed == 5);
    sh_node_free(r.node);
    r = parse_one(src + 5);
    CHECK(r.status == SH_PARSE_OK && r.consumed == 15);
    sh_node_free(r.node);
    r = parse_one(src + 20);
    CHECK(r.status == SH_PARSE_EMPTY && r.consumed == 1);
    r = parse_one(src + 21);
    CHECK(r.status == SH_PARSE_OK && r.consumed == 2);
    sh_node_free(r.node);
    /* after an error the reader skips the rest of that line only */
    r = parse_one("a ) b\nc\n");
    CHECK(r.status == SH_PARSE_ERROR && r.consumed == 6);
}

int main(void)
{
    test_word_end();
    test_simple();
    test_redirections();
    test_operators();
    test_compound();
    test_heredoc();
    test_incomplete_and_errors();
    test_one_command_at_a_time();
    return host_test_finish("test_sh_parse");
}

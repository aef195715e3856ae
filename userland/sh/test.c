/* test and [: file tests, string and integer comparisons, combined with
 * !, -a, -o and parentheses. Shared by the shell's built-in and /bin/test.
 * Exit status 0 for true, 1 for false, 2 for a malformed expression. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int sh_test_main(int argc, char **argv);

struct test_state {
    char **args;
    int n, pos;
    bool error;
};

static void test_fail(struct test_state *t, const char *what, const char *arg)
{
    if (!t->error)
        dprintf(2, "test: %s%s%s\n", what, arg ? ": " : "", arg ? arg : "");
    t->error = true;
}

static bool test_is_binop(const char *s)
{
    static const char *const ops[] = { "=", "==", "!=", "<", ">", "-eq", "-ne", "-lt", "-le", "-gt",
                                       "-ge", "-nt", "-ot", "-ef", NULL };
    for (int i = 0; ops[i]; i++)
        if (strcmp(s, ops[i]) == 0)
            return true;
    return false;
}

static bool test_is_unop(const char *s)
{
    return s[0] == '-' && s[1] && !s[2] && strchr("bcdefghLnprsStuwxzk", s[1]);
}

static long test_int(struct test_state *t, const char *s)
{
    char *end;
    errno = 0;
    while (*s == ' ' || *s == '\t')
        s++;
    long v = strtol(s, &end, 10);
    while (*end == ' ' || *end == '\t')
        end++;
    if (end == s || *end || errno)
        test_fail(t, "integer expression expected", s);
    return v;
}

static bool test_unary(struct test_state *t, char op, const char *arg)
{
    struct stat st;
    switch (op) {
    case 'n':
        return arg[0] != 0;
    case 'z':
        return arg[0] == 0;
    case 't':
        return isatty((int)test_int(t, arg));
    case 'L':
    case 'h':
        return lstat(arg, &st) == 0 && S_ISLNK(st.st_mode);
    case 'r':
        return access(arg, R_OK) == 0;
    case 'w':
        return access(arg, W_OK) == 0;
    case 'x':
        return access(arg, X_OK) == 0;
    default:
        break;
    }
    if (stat(arg, &st) != 0)
        return false;
    switch (op) {
    case 'e': return true;
    case 'f': return S_ISREG(st.st_mode);
    case 'd': return S_ISDIR(st.st_mode);
    case 'b': return S_ISBLK(st.st_mode);
    case 'c': return S_ISCHR(st.st_mode);
    case 'p': return S_ISFIFO(st.st_mode);
    case 'S': return S_ISSOCK(st.st_mode);
    case 's': return st.st_size > 0;
    case 'u': return (st.st_mode & S_ISUID) != 0;
    case 'g': return (st.st_mode & S_ISGID) != 0;
    case 'k': return (st.st_mode & S_ISVTX) != 0;
    default: return false;
    }
}

static bool test_binary(struct test_state *t, const char *a, const char *op, const char *b)
{
    if (strcmp(op, "=") == 0 || strcmp(op, "==") == 0)
        return strcmp(a, b) == 0;
    if (strcmp(op, "!=") == 0)
        return strcmp(a, b) != 0;
    if (strcmp(op, "<") == 0)
        return strcmp(a, b) < 0;
    if (strcmp(op, ">") == 0)
        return strcmp(a, b) > 0;
    if (op[1] == 'n' || op[1] == 'o' || (op[1] == 'e' && op[2] == 'f')) {
        struct stat sa, sb;
        bool ha = stat(a, &sa) == 0, hb = stat(b, &sb) == 0;
        if (strcmp(op, "-ef") == 0)
            return ha && hb && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
        long long ta = ha ? (long long)sa.st_mtim.tv_sec * 1000000000LL + sa.st_mtim.tv_nsec : 0;
        long long tb = hb ? (long long)sb.st_mtim.tv_sec * 1000000000LL + sb.st_mtim.tv_nsec : 0;
        if (strcmp(op, "-nt") == 0)
            return ha && (!hb || ta > tb);
        return hb && (!ha || ta < tb);
    }
    long x = test_int(t, a), y = test_int(t, b);
    if (strcmp(op, "-eq") == 0) return x == y;
    if (strcmp(op, "-ne") == 0) return x != y;
    if (strcmp(op, "-lt") == 0) return x < y;
    if (strcmp(op, "-le") == 0) return x <= y;
    if (strcmp(op, "-gt") == 0) return x > y;
    return x >= y;
}

static bool test_or(struct test_state *t);

static bool test_primary(struct test_state *t)
{
    if (t->pos >= t->n) {
        test_fail(t, "argument expected", NULL);
        return false;
    }
    const char *a = t->args[t->pos];
    if (t->pos + 2 < t->n && test_is_binop(t->args[t->pos + 1])) {
        t->pos += 3;
        return test_binary(t, a, t->args[t->pos - 2], t->args[t->pos - 1]);
    }
    if (t->pos + 2 == t->n && test_is_binop(t->args[t->pos + 1])) {
        test_fail(t, "argument expected after", t->args[t->pos + 1]);
        return false;
    }
    if (strcmp(a, "(") == 0 && t->pos + 1 < t->n) {
        t->pos++;
        bool v = test_or(t);
        if (t->pos >= t->n || strcmp(t->args[t->pos], ")") != 0) {
            test_fail(t, "')' expected", NULL);
            return false;
        }
        t->pos++;
        return v;
    }
    if (test_is_unop(a) && t->pos + 1 < t->n) {
        t->pos += 2;
        return test_unary(t, a[1], t->args[t->pos - 1]);
    }
    t->pos++;
    return a[0] != 0;
}

static bool test_not(struct test_state *t)
{
    if (t->pos < t->n && strcmp(t->args[t->pos], "!") == 0 && t->pos + 1 < t->n &&
        !(t->pos + 2 < t->n && test_is_binop(t->args[t->pos + 1]) && t->pos + 3 == t->n)) {
        t->pos++;
        return !test_not(t);
    }
    return test_primary(t);
}

static bool test_and(struct test_state *t)
{
    bool v = test_not(t);
    while (t->pos < t->n && strcmp(t->args[t->pos], "-a") == 0) {
        t->pos++;
        bool r = test_not(t);
        v = v && r;
    }
    return v;
}

static bool test_or(struct test_state *t)
{
    bool v = test_and(t);
    while (t->pos < t->n && strcmp(t->args[t->pos], "-o") == 0) {
        t->pos++;
        bool r = test_and(t);
        v = v || r;
    }
    return v;
}

int sh_test_main(int argc, char **argv)
{
    const char *name = strrchr(argv[0], '/');
    name = name ? name + 1 : argv[0];
    if (strcmp(name, "[") == 0) {
        if (argc < 2 || strcmp(argv[argc - 1], "]") != 0) {
            dprintf(2, "[: missing ']'\n");
            return 2;
        }
        argc--;
    }
    struct test_state t = { .args = argv + 1, .n = argc - 1 };
    if (t.n == 0)
        return 1;
    bool v = test_or(&t);
    if (!t.error && t.pos < t.n)
        test_fail(&t, "unexpected argument", t.args[t.pos]);
    return t.error ? 2 : v ? 0 : 1;
}

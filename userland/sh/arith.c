/* $(( )) arithmetic: signed long integers with C's operators and
 * precedence (no assignment operators), variables by bare name. Parameters
 * written with $ were already expanded before this sees the text. */
#include "sh.h"
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct arith {
    const char *s;
    const char *err;
};

static long arith_ternary(struct arith *a);

static void arith_skip(struct arith *a)
{
    while (isspace((unsigned char)*a->s))
        a->s++;
}

static bool arith_take(struct arith *a, const char *op)
{
    arith_skip(a);
    size_t n = strlen(op);
    if (strncmp(a->s, op, n) != 0)
        return false;
    /* do not read "<" out of "<<" or "<=", nor "&" out of "&&" */
    if (n == 1 && (a->s[1] == op[0] || (a->s[1] == '=' && strchr("<>!=", op[0]))) && strchr("<>&|=", op[0]))
        return false;
    a->s += n;
    return true;
}

static long arith_primary(struct arith *a)
{
    arith_skip(a);
    if (a->err)
        return 0;
    if (*a->s == '(') {
        a->s++;
        long v = arith_ternary(a);
        arith_skip(a);
        if (*a->s != ')') {
            a->err = "missing ')'";
            return 0;
        }
        a->s++;
        return v;
    }
    if (isdigit((unsigned char)*a->s)) {
        char *end;
        long v = strtol(a->s, &end, 0);
        a->s = end;
        return v;
    }
    if (isalpha((unsigned char)*a->s) || *a->s == '_') {
        char name[64];
        size_t n = 0;
        while ((isalnum((unsigned char)*a->s) || *a->s == '_') && n < sizeof(name) - 1)
            name[n++] = *a->s++;
        name[n] = 0;
        const char *v = sh_var_get(name);
        return v && *v ? strtol(v, NULL, 0) : 0;
    }
    a->err = *a->s ? "syntax error" : "operand expected";
    return 0;
}

static long arith_unary(struct arith *a)
{
    arith_skip(a);
    if (arith_take(a, "-"))
        return -arith_unary(a);
    if (arith_take(a, "+"))
        return arith_unary(a);
    if (arith_take(a, "!"))
        return !arith_unary(a);
    if (arith_take(a, "~"))
        return ~arith_unary(a);
    return arith_primary(a);
}

static long arith_mul(struct arith *a)
{
    long v = arith_unary(a);
    for (;;) {
        if (arith_take(a, "*")) {
            v *= arith_unary(a);
        } else if (arith_take(a, "/") || arith_take(a, "%")) {
            char op = a->s[-1];
            long r = arith_unary(a);
            if (r == 0) {
                if (!a->err)
                    a->err = "division by zero";
                return 0;
            }
            v = op == '/' ? v / r : v % r;
        } else {
            return v;
        }
    }
}

static long arith_add(struct arith *a)
{
    long v = arith_mul(a);
    for (;;) {
        if (arith_take(a, "+"))
            v += arith_mul(a);
        else if (arith_take(a, "-"))
            v -= arith_mul(a);
        else
            return v;
    }
}

static long arith_shift(struct arith *a)
{
    long v = arith_add(a);
    for (;;) {
        if (arith_take(a, "<<"))
            v = (long)((unsigned long)v << (arith_add(a) & 63));
        else if (arith_take(a, ">>"))
            v >>= arith_add(a) & 63;
        else
            return v;
    }
}

static long arith_rel(struct arith *a)
{
    long v = arith_shift(a);
    for (;;) {
        if (arith_take(a, "<="))
            v = v <= arith_shift(a);
        else if (arith_take(a, ">="))
            v = v >= arith_shift(a);
        else if (arith_take(a, "<"))
            v = v < arith_shift(a);
        else if (arith_take(a, ">"))
            v = v > arith_shift(a);
        else
            return v;
    }
}

static long arith_eq(struct arith *a)
{
    long v = arith_rel(a);
    for (;;) {
        if (arith_take(a, "=="))
            v = v == arith_rel(a);
        else if (arith_take(a, "!="))
            v = v != arith_rel(a);
        else
            return v;
    }
}

static long arith_bitand(struct arith *a)
{
    long v = arith_eq(a);
    while (arith_take(a, "&"))
        v &= arith_eq(a);
    return v;
}

static long arith_xor(struct arith *a)
{
    long v = arith_bitand(a);
    while (arith_take(a, "^"))
        v ^= arith_bitand(a);
    return v;
}

static long arith_bitor(struct arith *a)
{
    long v = arith_xor(a);
    while (arith_take(a, "|"))
        v |= arith_xor(a);
    return v;
}

static long arith_land(struct arith *a)
{
    long v = arith_bitor(a);
    while (arith_take(a, "&&")) {
        long r = arith_bitor(a);
        v = v && r;
    }
    return v;
}

static long arith_lor(struct arith *a)
{
    long v = arith_land(a);
    while (arith_take(a, "||")) {
        long r = arith_land(a);
        v = v || r;
    }
    return v;
}

static long arith_ternary(struct arith *a)
{
    long c = arith_lor(a);
    if (!arith_take(a, "?"))
        return c;
    long x = arith_ternary(a);
    if (!arith_take(a, ":")) {
        if (!a->err)
            a->err = "':' expected";
        return 0;
    }
    long y = arith_ternary(a);
    return c ? x : y;
}

int sh_arith_eval(const char *expr, long *result, char *err, size_t errsize)
{
    struct arith a = { .s = expr };
    arith_skip(&a);
    if (!*a.s) {
        *result = 0;
        return 0;
    }
    long v = arith_ternary(&a);
    arith_skip(&a);
    if (!a.err && *a.s)
        a.err = "syntax error";
    if (a.err) {
        snprintf(err, errsize, "%s in '%s'", a.err, expr);
        return -1;
    }
    *result = v;
    return 0;
}

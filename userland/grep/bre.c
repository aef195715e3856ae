/* The basic regular expression matcher: a pattern compiles to a tree of
 * items (sequences inside groups); matching walks it with explicit
 * continuations so a repeated group can backtrack into what follows it. */
#include "bre.h"
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum bre_kind { BRE_CHAR, BRE_ANY, BRE_SET, BRE_GROUP, BRE_BOL, BRE_EOL, BRE_BACKREF };

#define BRE_INF (-1)
#define BRE_MAX_GROUPS 9

struct bre_seq;

struct bre_item {
    enum bre_kind kind;
    int min, max;               /* repetition; max BRE_INF for unbounded */
    unsigned char ch;           /* CHAR */
    unsigned char set[32];      /* SET: a bitmap of accepted bytes */
    struct bre_seq *sub;        /* GROUP */
    int group;                  /* GROUP: its number; BACKREF: the one referred to */
};

struct bre_seq {
    struct bre_item *items;
    int n, cap;
};

struct bre {
    struct bre_seq *top;
    bool icase;
    int ngroups;
};

struct bre_parser {
    const char *p;
    bool icase;
    int ngroups;
    const char *err;
};

static void set_add(unsigned char *set, unsigned c)
{
    set[c >> 3] |= (unsigned char)(1u << (c & 7));
}

static bool set_has(const unsigned char *set, unsigned c)
{
    return set[c >> 3] & (1u << (c & 7));
}

static struct bre_item *seq_push(struct bre_seq *s)
{
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 8;
        struct bre_item *ni = realloc(s->items, sizeof(*ni) * (size_t)s->cap);
        if (!ni)
            return NULL;
        s->items = ni;
    }
    struct bre_item *it = &s->items[s->n++];
    memset(it, 0, sizeof(*it));
    it->min = it->max = 1;
    return it;
}

static void seq_free(struct bre_seq *s)
{
    if (!s)
        return;
    for (int i = 0; i < s->n; i++)
        if (s->items[i].kind == BRE_GROUP)
            seq_free(s->items[i].sub);
    free(s->items);
    free(s);
}

static const struct {
    const char *name;
    int (*fn)(int);
} bre_classes[] = {
    { "alpha", isalpha }, { "digit", isdigit }, { "alnum", isalnum }, { "upper", isupper },
    { "lower", islower }, { "space", isspace }, { "blank", isblank }, { "punct", ispunct },
    { "print", isprint }, { "graph", isgraph }, { "cntrl", iscntrl }, { "xdigit", isxdigit },
};

/* Parses a bracket expression; p is just past '['. */
static bool parse_set(struct bre_parser *ps, struct bre_item *it)
{
    const char *p = ps->p;
    bool negate = false;
    unsigned char set[32];
    memset(set, 0, sizeof(set));
    if (*p == '^') {
        negate = true;
        p++;
    }
    bool first = true;
    for (;;) {
        if (!*p) {
            ps->err = "unterminated [";
            return false;
        }
        if (*p == ']' && !first)
            break;
        first = false;
        if (p[0] == '[' && p[1] == ':') {
            const char *end = strstr(p + 2, ":]");
            if (!end) {
                ps->err = "unterminated [:class:]";
                return false;
            }
            size_t len = (size_t)(end - (p + 2));
            bool found = false;
            for (size_t k = 0; k < sizeof(bre_classes) / sizeof(bre_classes[0]); k++) {
                if (strlen(bre_classes[k].name) == len && strncmp(bre_classes[k].name, p + 2, len) == 0) {
                    for (unsigned c = 1; c < 256; c++)
                        if (bre_classes[k].fn((int)c))
                            set_add(set, c);
                    found = true;
                }
            }
            if (!found) {
                ps->err = "unknown character class";
                return false;
            }
            p = end + 2;
            continue;
        }
        unsigned lo = (unsigned char)*p++, hi = lo;
        if (p[0] == '-' && p[1] && p[1] != ']') {
            hi = (unsigned char)p[1];
            p += 2;
            if (hi < lo) {
                ps->err = "invalid range";
                return false;
            }
        }
        for (unsigned c = lo; c <= hi; c++) {
            set_add(set, c);
            if (ps->icase) {
                set_add(set, (unsigned)tolower((int)c));
                set_add(set, (unsigned)toupper((int)c));
            }
        }
    }
    ps->p = p + 1;
    it->kind = BRE_SET;
    for (int i = 0; i < 32; i++)
        it->set[i] = negate ? (unsigned char)~set[i] : set[i];
    if (negate)
        it->set[0] &= (unsigned char)~1u; /* never the NUL byte */
    return true;
}

static bool parse_interval(struct bre_parser *ps, struct bre_item *it)
{
    const char *p = ps->p; /* just past "\{" */
    if (!isdigit((unsigned char)*p)) {
        ps->err = "invalid interval";
        return false;
    }
    int min = 0, max;
    while (isdigit((unsigned char)*p) && min < 1000)
        min = min * 10 + (*p++ - '0');
    max = min;
    if (*p == ',') {
        p++;
        if (isdigit((unsigned char)*p)) {
            max = 0;
            while (isdigit((unsigned char)*p) && max < 1000)
                max = max * 10 + (*p++ - '0');
        } else {
            max = BRE_INF;
        }
    }
    if (p[0] != '\\' || p[1] != '}' || (max != BRE_INF && max < min)) {
        ps->err = "invalid interval";
        return false;
    }
    ps->p = p + 2;
    it->min = min;
    it->max = max;
    return true;
}

static struct bre_seq *parse_seq(struct bre_parser *ps, bool in_group)
{
    struct bre_seq *s = calloc(1, sizeof(*s));
    if (!s) {
        ps->err = "out of memory";
        return NULL;
    }
    bool at_start = true;
    while (*ps->p) {
        const char *p = ps->p;
        if (p[0] == '\\' && p[1] == ')') {
            if (!in_group) {
                ps->err = "unmatched \\)";
                break;
            }
            return s;
        }
        /* a repetition applies to the item before it */
        bool repeat = !at_start && s->n > 0 && s->items[s->n - 1].kind != BRE_BOL;
        if (repeat && (p[0] == '*' || (p[0] == '\\' && (p[1] == '{' || p[1] == '+' || p[1] == '?')))) {
            struct bre_item *last = &s->items[s->n - 1];
            if (p[0] == '*') {
                last->min = 0;
                last->max = BRE_INF;
                ps->p++;
            } else if (p[1] == '+') {
                last->min = 1;
                last->max = BRE_INF;
                ps->p += 2;
            } else if (p[1] == '?') {
                last->min = 0;
                last->max = 1;
                ps->p += 2;
            } else {
                ps->p += 2;
                if (!parse_interval(ps, last))
                    break;
            }
            continue;
        }
        struct bre_item *it = seq_push(s);
        if (!it) {
            ps->err = "out of memory";
            break;
        }
        if (p[0] == '^' && at_start) {
            it->kind = BRE_BOL;
            ps->p++;
            /* a '*' right after a leading '^' is literal */
            continue;
        }
        at_start = false;
        if (p[0] == '$' && (p[1] == 0 || (p[1] == '\\' && p[2] == ')' && in_group))) {
            it->kind = BRE_EOL;
            ps->p++;
        } else if (p[0] == '.') {
            it->kind = BRE_ANY;
            ps->p++;
        } else if (p[0] == '[') {
            ps->p++;
            if (!parse_set(ps, it))
                break;
        } else if (p[0] == '\\' && p[1] == '(') {
            if (ps->ngroups >= BRE_MAX_GROUPS) {
                ps->err = "too many groups";
                break;
            }
            ps->p += 2;
            int group = ++ps->ngroups;
            struct bre_seq *sub = parse_seq(ps, true);
            if (!sub)
                break;
            /* it may have moved: the sequence grows only here, so re-find it */
            it = &s->items[s->n - 1];
            it->kind = BRE_GROUP;
            it->sub = sub;
            it->group = group;
            if (ps->err) {
                break;
            }
            if (!(ps->p[0] == '\\' && ps->p[1] == ')')) {
                ps->err = "unmatched \\(";
                break;
            }
            ps->p += 2;
        } else if (p[0] == '\\' && p[1] >= '1' && p[1] <= '9') {
            int g = p[1] - '0';
            if (g > ps->ngroups) {
                ps->err = "invalid back reference";
                break;
            }
            it->kind = BRE_BACKREF;
            it->group = g;
            ps->p += 2;
        } else if (p[0] == '\\') {
            if (!p[1]) {
                ps->err = "trailing backslash";
                break;
            }
            it->kind = BRE_CHAR;
            it->ch = (unsigned char)p[1];
            ps->p += 2;
        } else {
            it->kind = BRE_CHAR;
            it->ch = (unsigned char)p[0];
            ps->p++;
        }
        if (it->kind == BRE_CHAR && ps->icase)
            it->ch = (unsigned char)tolower(it->ch);
    }
    if (in_group && !ps->err)
        ps->err = "unmatched \\(";
    if (ps->err && !in_group) {
        seq_free(s);
        return NULL;
    }
    return s;
}

struct bre *bre_compile(const char *pattern, bool icase, char *err, size_t errsize)
{
    struct bre_parser ps = { .p = pattern, .icase = icase };
    struct bre_seq *top = parse_seq(&ps, false);
    if (!top || ps.err) {
        seq_free(top);
        snprintf(err, errsize, "%s", ps.err ? ps.err : "out of memory");
        return NULL;
    }
    struct bre *re = calloc(1, sizeof(*re));
    if (!re) {
        seq_free(top);
        snprintf(err, errsize, "out of memory");
        return NULL;
    }
    re->top = top;
    re->icase = icase;
    re->ngroups = ps.ngroups;
    return re;
}

void bre_free(struct bre *re)
{
    if (!re)
        return;
    seq_free(re->top);
    free(re);
}

/* ---- matching ---- */

struct bre_match {
    const struct bre *re;
    const char *begin, *end;
    const char *cap_start[BRE_MAX_GROUPS + 1];
    const char *cap_end[BRE_MAX_GROUPS + 1];
    long steps;                  /* a bound on backtracking */
};

struct bre_cont {
    bool (*fn)(struct bre_match *m, const struct bre_cont *c, const char *s);
    const struct bre_seq *seq;   /* continue a sequence ... */
    int index;                   /* ... from this item */
    const struct bre_item *group;  /* or: one more iteration of a group */
    int count;
    const char *iter_start;
    const struct bre_cont *next;
};

#define BRE_STEP_LIMIT 10000000L

static bool match_seq(struct bre_match *m, const struct bre_seq *seq, int i, const char *s,
                      const struct bre_cont *next);

static bool cont_seq(struct bre_match *m, const struct bre_cont *c, const char *s)
{
    return match_seq(m, c->seq, c->index, s, c->next);
}

static bool cont_done(struct bre_match *m, const struct bre_cont *c, const char *s)
{
    (void)m;
    (void)c;
    (void)s;
    return true;
}

static bool match_group(struct bre_match *m, const struct bre_item *g, int count, const char *s,
                        const struct bre_cont *after);

/* One iteration of a group ended at s. */
static bool cont_group_iter(struct bre_match *m, const struct bre_cont *c, const char *s)
{
    const struct bre_item *g = c->group;
    /* an empty iteration beyond the minimum would loop for ever */
    if (s == c->iter_start && c->count >= g->min)
        return false;
    const char *old_start = m->cap_start[g->group], *old_end = m->cap_end[g->group];
    m->cap_start[g->group] = c->iter_start;
    m->cap_end[g->group] = s;
    if (match_group(m, g, c->count, s, c->next))
        return true;
    m->cap_start[g->group] = old_start;
    m->cap_end[g->group] = old_end;
    return false;
}

/* count iterations done; tries another (greedy), then what follows. */
static bool match_group(struct bre_match *m, const struct bre_item *g, int count, const char *s,
                        const struct bre_cont *after)
{
    if (g->max == BRE_INF || count < g->max) {
        struct bre_cont c = { .fn = cont_group_iter, .group = g, .count = count + 1, .iter_start = s,
                              .next = after };
        if (match_seq(m, g->sub, 0, s, &c))
            return true;
    }
    if (count >= g->min)
        return after->fn(m, after, s);
    return false;
}

static bool match_one(const struct bre_match *m, const struct bre_item *it, const char *s)
{
    if (s >= m->end)
        return false;
    unsigned char c = (unsigned char)*s;
    switch (it->kind) {
    case BRE_CHAR:
        return (m->re->icase ? (unsigned char)tolower(c) : c) == it->ch;
    case BRE_ANY:
        return true;
    case BRE_SET:
        return set_has(it->set, c);
    default:
        return false;
    }
}

static bool match_seq(struct bre_match *m, const struct bre_seq *seq, int i, const char *s,
                      const struct bre_cont *next)
{
    if (++m->steps > BRE_STEP_LIMIT)
        return false;
    if (i == seq->n)
        return next->fn(m, next, s);
    const struct bre_item *it = &seq->items[i];
    struct bre_cont rest = { .fn = cont_seq, .seq = seq, .index = i + 1, .next = next };
    switch (it->kind) {
    case BRE_BOL:
        return s == m->begin && match_seq(m, seq, i + 1, s, next);
    case BRE_EOL:
        return s == m->end && match_seq(m, seq, i + 1, s, next);
    case BRE_GROUP:
        return match_group(m, it, 0, s, &rest);
    case BRE_BACKREF: {
        const char *cs = m->cap_start[it->group], *ce = m->cap_end[it->group];
        if (!cs)
            return false;
        size_t len = (size_t)(ce - cs);
        const char *p = s;
        int count = 0;
        /* back-references repeat greedily too, one copy at a time */
        const char *ends[64];
        ends[0] = p;
        while ((it->max == BRE_INF || count < it->max) && count < 63 && (size_t)(m->end - p) >= len) {
            bool same = m->re->icase ? strncasecmp(p, cs, len) == 0 : memcmp(p, cs, len) == 0;
            if (!same || (len == 0 && count >= it->min))
                break;
            p += len;
            ends[++count] = p;
        }
        for (int k = count; k >= it->min; k--)
            if (match_seq(m, seq, i + 1, ends[k], next))
                return true;
        return false;
    }
    default: {
        int count = 0;
        const char *p = s;
        while ((it->max == BRE_INF || count < it->max) && match_one(m, it, p)) {
            p++;
            count++;
        }
        for (; count >= it->min; count--)
            if (match_seq(m, seq, i + 1, s + count, next))
                return true;
        return false;
    }
    }
}

bool bre_search(const struct bre *re, const char *text, size_t len)
{
    struct bre_match m;
    memset(&m, 0, sizeof(m));
    m.re = re;
    m.begin = text;
    m.end = text + len;
    struct bre_cont done = { .fn = cont_done };
    bool anchored = re->top->n > 0 && re->top->items[0].kind == BRE_BOL;
    for (const char *s = text; s <= m.end; s++) {
        memset(m.cap_start, 0, sizeof(m.cap_start));
        memset(m.cap_end, 0, sizeof(m.cap_end));
        if (match_seq(&m, re->top, 0, s, &done))
            return true;
        if (anchored || m.steps > BRE_STEP_LIMIT)
            break;
    }
    return false;
}

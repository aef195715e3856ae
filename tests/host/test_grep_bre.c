/* Host tests for grep's basic regular expression matcher: each construct
 * matching and not matching, anchors, groups with repetition and
 * back-references, case folding, malformed patterns refused, and a
 * pathological pattern that must give up instead of running for ever. */
#include "../../userland/grep/bre.c"
#include "host_test.h"
#include <string.h>

struct bre_case {
    const char *pattern;
    const char *text;
    bool icase;
    bool match;
};

static const struct bre_case cases[] = {
    { "abc", "xxabcxx", false, true },
    { "abc", "ab c", false, false },
    { "", "anything", false, true },
    { "a.c", "abc", false, true },
    { "a.c", "ac", false, false },
    { "ab*c", "ac", false, true },
    { "ab*c", "abbbbc", false, true },
    { "ab*c", "adc", false, false },
    { "*a", "x*a", false, true },          /* a leading * is literal */
    { "^abc", "abcd", false, true },
    { "^abc", "xabc", false, false },
    { "abc$", "xabc", false, true },
    { "abc$", "abcx", false, false },
    { "^$", "", false, true },
    { "^$", "x", false, false },
    { "a^b", "a^b", false, true },         /* ^ elsewhere is literal */
    { "a$b", "a$b", false, true },
    { "[abc]x", "bx", false, true },
    { "[abc]x", "dx", false, false },
    { "[^abc]x", "dx", false, true },
    { "[^abc]x", "ax", false, false },
    { "[a-f]*z", "cafez", false, true },
    { "^[0-9][0-9]*$", "12345", false, true },
    { "^[0-9][0-9]*$", "12a45", false, false },
    { "[]x]", "]", false, true },
    { "[[:digit:]][[:alpha:]]", "1a", false, true },
    { "[[:digit:]][[:alpha:]]", "a1", false, false },
    { "\\(ab\\)*c", "ababc", false, true },
    { "^\\(ab\\)*c$", "ababac", false, false },
    { "^\\(ab\\)*$", "", false, true },
    { "\\(a*\\)b\\1$", "aabaa", false, true },
    { "^\\(a*\\)b\\1$", "aaba", false, false },
    { "\\(abc\\)\\1", "abcabc", false, true },
    { "\\(abc\\)\\1", "abcabd", false, false },
    { "^\\(.*\\),\\(.*\\)$", "left,right", false, true },
    { "a\\{3\\}", "aaa", false, true },
    { "^a\\{3\\}$", "aaaa", false, false },
    { "^a\\{2,3\\}$", "aaa", false, true },
    { "^a\\{2,\\}$", "aaaaaa", false, true },
    { "^a\\{2,\\}$", "a", false, false },
    { "ab\\+c", "abbc", false, true },
    { "ab\\+c", "ac", false, false },
    { "ab\\?c", "ac", false, true },
    { "ab\\?c", "abbc", false, false },
    { "a\\.b", "a.b", false, true },
    { "a\\.b", "axb", false, false },
    { "HeLLo", "say hello", true, true },
    { "HeLLo", "say hello", false, false },
    { "[A-C]x", "bX", true, true },
    { "\\(x*\\)*y", "xxxxy", false, true },  /* nested stars terminate */
};

static void test_cases(void)
{
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char err[128];
        struct bre *re = bre_compile(cases[i].pattern, cases[i].icase, err, sizeof(err));
        CHECK(re != NULL);
        if (!re) {
            fprintf(stderr, "  pattern %s: %s\n", cases[i].pattern, err);
            continue;
        }
        bool m = bre_search(re, cases[i].text, strlen(cases[i].text));
        CHECK(m == cases[i].match);
        if (m != cases[i].match)
            fprintf(stderr, "  '%s' on '%s': got %d\n", cases[i].pattern, cases[i].text, m);
        bre_free(re);
    }
}

static void test_bad_patterns(void)
{
    const char *bad[] = { "[abc", "\\(ab", "ab\\)", "a\\{2", "a\\{3,1\\}", "\\1", "[[:nope:]]", "x\\", "[z-a]",
                          NULL };
    for (int i = 0; bad[i]; i++) {
        char err[128] = "";
        struct bre *re = bre_compile(bad[i], false, err, sizeof(err));
        CHECK(re == NULL && err[0]);
        if (re) {
            fprintf(stderr, "  accepted: %s\n", bad[i]);
            bre_free(re);
        }
    }
}

static void test_length_is_respected(void)
{
    char err[64];
    struct bre *re = bre_compile("c$", false, err, sizeof(err));
    CHECK(re && bre_search(re, "abcdef", 3));
    CHECK(re && !bre_search(re, "abcdef", 4));
    bre_free(re);
}

static void test_pathological_gives_up(void)
{
    /* exponential backtracking: must end (with no match) thanks to the step bound */
    char err[64];
    struct bre *re = bre_compile("\\(a*\\)*\\(a*\\)*\\(a*\\)*b", false, err, sizeof(err));
    CHECK(re != NULL);
    char text[64];
    memset(text, 'a', sizeof(text) - 1);
    text[sizeof(text) - 1] = 0;
    if (re)
        CHECK(!bre_search(re, text, strlen(text)));
    bre_free(re);
}

int main(void)
{
    test_cases();
    test_bad_patterns();
    test_length_is_respected();
    test_pathological_gives_up();
    return host_test_finish("test_grep_bre");
}

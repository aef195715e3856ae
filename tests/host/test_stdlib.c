/* The pure parts of <stdlib.h> other than strtod and malloc: integer parsing
 * and arithmetic, sorting and searching, random numbers, the environment and
 * getopt. Wherever the host C library implements the same standard contract,
 * results are compared with it on many generated inputs. */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

/* Compile-time check that libc's errno numbers are Linux's: each macro in
 * the kernel ABI's list repeats one from <errno.h>, which is only allowed
 * when both definitions are identical. (The list moved from libc to the
 * kernel ABI; either location is accepted.) */
#if __has_include("../../kernel/api/errno.h")
#include "../../kernel/api/errno.h"
#else
#include "../../libc/include/bits/errno_values.h"
#endif

#include "host_test.h"

long kl_strtol(const char *, char **, int);
unsigned long kl_strtoul(const char *, char **, int);
long long kl_strtoll(const char *, char **, int);
unsigned long long kl_strtoull(const char *, char **, int);
intmax_t kl_strtoimax(const char *, char **, int);
uintmax_t kl_strtoumax(const char *, char **, int);
int kl_atoi(const char *);
long kl_atol(const char *);
long long kl_atoll(const char *);
int kl_abs(int);
long kl_labs(long);
long long kl_llabs(long long);
div_t kl_div(int, int);
ldiv_t kl_ldiv(long, long);
lldiv_t kl_lldiv(long long, long long);
void kl_qsort(void *, size_t, size_t, int (*)(const void *, const void *));
void *kl_bsearch(const void *, const void *, size_t, size_t,
                 int (*)(const void *, const void *));
int kl_rand(void);
void kl_srand(unsigned);
int kl_rand_r(unsigned *);
char *kl_getenv(const char *);
int kl_setenv(const char *, const char *, int);
int kl_unsetenv(const char *);
int kl_putenv(char *);
extern char **kl_environ;
int kl_getopt(int, char *const[], const char *);
extern char *kl_optarg;
extern int kl_optind, kl_opterr, kl_optopt;

/* setenv allocates, so libc's allocator needs a page source here too. */
void *kl___libc_pages_alloc(size_t bytes)
{
    void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    return p == MAP_FAILED ? NULL : p;
}

void kl___libc_pages_free(void *p, size_t bytes)
{
    munmap(p, bytes);
}

/* getopt's diagnostics, captured. */
static char stderr_text[512];
static size_t stderr_len;

void kl___libc_write_stderr(const char *s, size_t n)
{
    if (stderr_len + n < sizeof(stderr_text)) {
        memcpy(stderr_text + stderr_len, s, n);
        stderr_len += n;
        stderr_text[stderr_len] = '\0';
    }
}

static uint64_t rng_state = 0x0123456789abcdefull;

static uint64_t next_random(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

static unsigned random_below(unsigned n)
{
    return (unsigned)(next_random() % n);
}

/* ---- Integer parsing ---- */

/* One parse with one function of each library; the macro keeps the result
 * types exact. Returns 1 when value, end pointer and errno all agree. */
#define SAME_PARSE(mine, host, s, base)                                        \
    ({                                                                         \
        char *end_mine, *end_host;                                             \
        errno = 0;                                                             \
        __typeof__(host(s, &end_host, base)) want = host(s, &end_host, base);  \
        int errno_host = errno;                                                \
        errno = 0;                                                             \
        __typeof__(want) got = mine(s, &end_mine, base);                       \
        int ok = got == want && end_mine == end_host && errno == errno_host;   \
        if (!ok)                                                               \
            fprintf(stderr, "  %s(\"%s\", %d) differs\n", #mine, s, base);     \
        ok;                                                                    \
    })

/* glibc leaves *endptr alone for an unsupported base, while libc stores nptr
 * there, as for any input it cannot convert; only that differs. */
static int check_bad_base(const char *s, int base)
{
    char *end = NULL;
    errno = 0;
    long host = strtol(s, NULL, base);
    int host_errno = errno;
    errno = 0;
    int ok = kl_strtol(s, &end, base) == host && errno == host_errno &&
             end == s;
    errno = 0;
    ok &= kl_strtoull(s, &end, base) == 0 && errno == EINVAL && end == s;
    return ok;
}

static int compare_all_parsers(const char *s, int base)
{
    if (base < 0 || base == 1 || base > 36)
        return check_bad_base(s, base);
    return SAME_PARSE(kl_strtol, strtol, s, base) &
           SAME_PARSE(kl_strtoul, strtoul, s, base) &
           SAME_PARSE(kl_strtoll, strtoll, s, base) &
           SAME_PARSE(kl_strtoull, strtoull, s, base) &
           SAME_PARSE(kl_strtoimax, strtoimax, s, base) &
           SAME_PARSE(kl_strtoumax, strtoumax, s, base);
}

static void test_integer_parsing(void)
{
    static const char *const cases[] = {
        "", " ", "-", "+", "0", "-0", "+0", "00", "0x", "0X", "0x1g", "0xg",
        "-0x", " \t\n\v\f\r42", "42abc", "0x7fffffff", "2147483647",
        "2147483648", "-2147483648", "-2147483649", "4294967295",
        "4294967296", "-4294967295", "-4294967296", "9223372036854775807",
        "9223372036854775808", "-9223372036854775808", "-9223372036854775809",
        "18446744073709551615", "18446744073709551616", "-18446744073709551615",
        "-18446744073709551616", "99999999999999999999999999999999abc",
        "-1", "0777", "08", "0b101", "zz", "ZZ", "z", "1_000", "+-1", "--1",
        "0x0x1", "0xFFFFFFFFFFFFFFFF", "0x10000000000000000", "  - 5",
    };
    static const int bases[] = { 0, 2, 8, 10, 16, 36, 1, 37, -1, 3, 35 };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        for (size_t b = 0; b < sizeof(bases) / sizeof(bases[0]); b++)
            CHECK(compare_all_parsers(cases[i], bases[b]));
    }

    /* Random strings over an alphabet rich in signs, prefixes and digits. */
    static const char alphabet[] = " \t+-0000111xX789aAfFgzZ";
    char buf[48];
    int failures = 0;
    for (int i = 0; i < 100000; i++) {
        size_t len = random_below(sizeof(buf) - 1);
        for (size_t k = 0; k < len; k++)
            buf[k] = alphabet[random_below(sizeof(alphabet) - 1)];
        buf[len] = '\0';
        int base = (int)random_below(38) - 1;
        failures += !compare_all_parsers(buf, base);
    }
    /* Random in-range and out-of-range decimal numbers. */
    for (int i = 0; i < 20000; i++) {
        snprintf(buf, sizeof(buf), "%s%" PRIu64 "%s",
                 random_below(2) ? "-" : "", next_random() >> random_below(64),
                 random_below(4) ? "" : "9");
        failures += !compare_all_parsers(buf, random_below(2) ? 10 : 0);
        failures += kl_atoi(buf) != atoi(buf);
        failures += kl_atol(buf) != atol(buf);
        failures += kl_atoll(buf) != atoll(buf);
    }
    CHECK(failures == 0);
}

static void test_arithmetic(void)
{
    CHECK(kl_abs(-5) == 5 && kl_abs(5) == 5 && kl_abs(0) == 0);
    CHECK(kl_abs(-INT_MAX) == INT_MAX);
    CHECK(kl_labs(-LONG_MAX) == LONG_MAX && kl_llabs(-LLONG_MAX) == LLONG_MAX);
    for (int i = 0; i < 10000; i++) {
        int n = (int)next_random(), d = (int)(next_random() % 2001) - 1000;
        if (d == 0 || (n == INT_MIN && d == -1))
            continue;
        div_t a = kl_div(n, d), b = div(n, d);
        CHECK(a.quot == b.quot && a.rem == b.rem);
        long long ln = (long long)next_random(), ld = (long long)d * 12345;
        lldiv_t c = kl_lldiv(ln, ld), e = lldiv(ln, ld);
        CHECK(c.quot == e.quot && c.rem == e.rem);
        ldiv_t f = kl_ldiv((long)ln, d), g = ldiv((long)ln, d);
        CHECK(f.quot == g.quot && f.rem == g.rem);
    }
    div_t t = kl_div(-7, 2);
    CHECK(t.quot == -3 && t.rem == -1); /* truncation toward zero */
}

/* ---- Sorting and searching ---- */

static size_t comparisons;

static int compare_ints(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    comparisons++;
    return (x > y) - (x < y);
}

/* Elements of odd sizes: the key is in the first 4 bytes (copied, since the
 * element may be unaligned), or the first byte of elements smaller than that;
 * elements of 8 bytes or more carry an identifier after the key. */
static size_t elem_size;

static int compare_keys(const void *a, const void *b)
{
    int x, y;
    if (elem_size < sizeof(int)) {
        x = *(const signed char *)a;
        y = *(const signed char *)b;
    } else {
        memcpy(&x, a, sizeof(x));
        memcpy(&y, b, sizeof(y));
    }
    return (x > y) - (x < y);
}

static int check_sort(size_t n, size_t size, unsigned key_range)
{
    elem_size = size;
    unsigned char *buf = malloc(n * size + 1);
    unsigned char *seen = calloc(n + 1, 1);
    /* Offset by one byte so word-sized elements are not always aligned. */
    unsigned char *base = buf + (size % 2);
    if (size < sizeof(int) && key_range > 256)
        key_range = 256;
    for (size_t i = 0; i < n; i++) {
        int key = (int)random_below(key_range) - (int)(key_range / 2);
        memset(base + i * size, 0, size);
        if (size < sizeof(int))
            base[i * size] = (unsigned char)(signed char)key;
        else
            memcpy(base + i * size, &key, sizeof(key));
        if (size >= 8) {
            uint32_t id = (uint32_t)i;
            memcpy(base + i * size + 4, &id, sizeof(id));
        }
    }
    kl_qsort(base, n, size, compare_keys);
    int ok = 1;
    for (size_t i = 0; i + 1 < n; i++)
        ok &= compare_keys(base + i * size, base + (i + 1) * size) <= 0;
    if (size >= 8) {
        /* Every element is still there exactly once. */
        for (size_t i = 0; i < n; i++) {
            uint32_t id;
            memcpy(&id, base + i * size + 4, sizeof(id));
            ok &= id < n && !seen[id];
            if (id < n)
                seen[id] = 1;
        }
    }
    free(buf);
    free(seen);
    return ok;
}

/* An adversary in the style of McIlroy's "killer adversary for quicksort":
 * values are fixed lazily so that whatever pivot the sort picks turns out to
 * be among the smallest remaining. Without a fallback that costs n^2/2
 * comparisons. */
static int *adversary_value;
static int adversary_gas, adversary_solid, adversary_candidate;

static int compare_adversary(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    comparisons++;
    if (adversary_value[x] == adversary_gas &&
        adversary_value[y] == adversary_gas) {
        if (x == adversary_candidate)
            adversary_value[x] = adversary_solid++;
        else
            adversary_value[y] = adversary_solid++;
    }
    if (adversary_value[x] == adversary_gas)
        adversary_candidate = x;
    else if (adversary_value[y] == adversary_gas)
        adversary_candidate = y;
    return (adversary_value[x] > adversary_value[y]) -
           (adversary_value[x] < adversary_value[y]);
}

static void test_qsort(void)
{
    static const size_t sizes[] = { 1, 3, 4, 5, 8, 12, 16, 24, 100 };
    for (size_t s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
        for (size_t n = 0; n < 300; n += 1 + n / 3) {
            CHECK(check_sort(n, sizes[s], 1000));
            CHECK(check_sort(n, sizes[s], 3));
        }
        CHECK(check_sort(5000, sizes[s], 100000));
        CHECK(check_sort(5000, sizes[s], 2));
    }

    /* Structured inputs: sorted, reversed, constant, organ pipe, sawtooth;
     * each must stay within a small multiple of n log n comparisons (a
     * quadratic sort would need thousands of times more). */
    enum { N = 100000 };
    static int a[N];
    const double bound = 5.0 * N * 17; /* log2(N) < 17 */
    for (int shape = 0; shape < 5; shape++) {
        for (int i = 0; i < N; i++) {
            a[i] = shape == 0   ? i
                   : shape == 1 ? N - i
                   : shape == 2 ? 7
                   : shape == 3 ? (i < N / 2 ? i : N - i)
                                : i % 1000;
        }
        comparisons = 0;
        kl_qsort(a, N, sizeof(int), compare_ints);
        int sorted = 1;
        for (int i = 0; i + 1 < N; i++)
            sorted &= a[i] <= a[i + 1];
        CHECK(sorted);
        CHECK(comparisons < bound);
    }

    static int values[N];
    adversary_value = values;
    adversary_gas = N;
    adversary_solid = 0;
    adversary_candidate = 0;
    for (int i = 0; i < N; i++) {
        values[i] = adversary_gas;
        a[i] = i;
    }
    comparisons = 0;
    kl_qsort(a, N, sizeof(int), compare_adversary);
    int sorted = 1;
    for (int i = 0; i + 1 < N; i++)
        sorted &= values[a[i]] <= values[a[i + 1]];
    CHECK(sorted);
    CHECK(comparisons < bound);
}

static void test_bsearch(void)
{
    int a[200];
    for (int n = 0; n <= 200; n += 7) {
        for (int i = 0; i < n; i++)
            a[i] = 2 * (i / 3); /* even keys, each three times */
        for (int key = -2; key <= 2 * n / 3 + 2; key++) {
            int *p = kl_bsearch(&key, a, (size_t)n, sizeof(int), compare_ints);
            int present = key >= 0 && key % 2 == 0 && key / 2 * 3 < n;
            CHECK(present ? p && *p == key && p >= a && p < a + n : p == NULL);
        }
    }
}

/* ---- Random numbers ---- */

static void test_rand(void)
{
    int first[100];
    for (int i = 0; i < 100; i++)
        first[i] = kl_rand();
    kl_srand(1);
    int same = 1;
    for (int i = 0; i < 100; i++)
        same &= kl_rand() == first[i];
    CHECK(same); /* no srand call acts like srand(1) */

    kl_srand(12345);
    int seq[100];
    for (int i = 0; i < 100; i++)
        seq[i] = kl_rand();
    kl_srand(12345);
    same = 1;
    int differs_from_first = 0;
    for (int i = 0; i < 100; i++) {
        same &= kl_rand() == seq[i];
        differs_from_first |= seq[i] != first[i];
    }
    CHECK(same && differs_from_first);

    /* Range, mean and per-bit balance over many draws. */
    enum { DRAWS = 200000 };
    double sum = 0;
    int bits[31] = { 0 }, in_range = 1;
    for (int i = 0; i < DRAWS; i++) {
        int r = kl_rand();
        in_range &= r >= 0 && r <= 2147483647;
        sum += r;
        for (int b = 0; b < 31; b++)
            bits[b] += (r >> b) & 1;
    }
    CHECK(in_range);
    CHECK(sum / DRAWS > 0.49 * 2147483647.0 && sum / DRAWS < 0.51 * 2147483647.0);
    for (int b = 0; b < 31; b++)
        CHECK(bits[b] > DRAWS * 0.48 && bits[b] < DRAWS * 0.52);

    unsigned s1 = 42, s2 = 42, s3 = 43;
    int low_bits[2] = { 0, 0 };
    same = 1;
    int differs = 0;
    for (int i = 0; i < DRAWS; i++) {
        int r = kl_rand_r(&s1);
        same &= r == kl_rand_r(&s2);
        differs |= r != kl_rand_r(&s3);
        in_range &= r >= 0;
        low_bits[r & 1]++;
    }
    CHECK(same && differs && in_range && s1 == s2);
    CHECK(low_bits[1] > DRAWS * 0.48 && low_bits[1] < DRAWS * 0.52);
}

/* ---- The environment ---- */

static int env_has(const char *entry)
{
    int n = 0;
    for (char **e = kl_environ; *e; e++)
        n += strcmp(*e, entry) == 0;
    return n;
}

static size_t env_size(void)
{
    size_t n = 0;
    while (kl_environ[n])
        n++;
    return n;
}

static void test_environment(void)
{
    /* A start-up environment libc does not own, with a duplicate. */
    char e0[] = "HOME=/root", e1[] = "PATH=/bin", e2[] = "EMPTY=",
         e3[] = "HOME=/other";
    char *initial[] = { e0, e1, e2, e3, NULL };
    kl_environ = initial;

    CHECK(strcmp(kl_getenv("HOME"), "/root") == 0);
    CHECK(strcmp(kl_getenv("EMPTY"), "") == 0);
    CHECK(kl_getenv("HOM") == NULL && kl_getenv("HOMEX") == NULL);
    CHECK(kl_getenv("") == NULL && kl_getenv("HOME=") == NULL);
    CHECK(kl_getenv("PATH") == e1 + 5);

    errno = 0;
    CHECK(kl_setenv("", "x", 1) == -1 && errno == EINVAL);
    errno = 0;
    CHECK(kl_setenv("A=B", "x", 1) == -1 && errno == EINVAL);
    errno = 0;
    CHECK(kl_setenv(NULL, "x", 1) == -1 && errno == EINVAL);
    errno = 0;
    CHECK(kl_unsetenv("A=B") == -1 && errno == EINVAL);

    CHECK(kl_setenv("HOME", "/kept", 0) == 0);
    CHECK(strcmp(kl_getenv("HOME"), "/root") == 0);
    CHECK(kl_environ == initial); /* nothing changed yet */

    /* Overwriting replaces the first definition and drops the duplicate. */
    CHECK(kl_setenv("HOME", "/new", 1) == 0);
    CHECK(kl_environ != initial);
    CHECK(strcmp(kl_getenv("HOME"), "/new") == 0);
    CHECK(env_has("HOME=/new") == 1 && env_has("HOME=/other") == 0);
    CHECK(strcmp(initial[0], "HOME=/root") == 0); /* caller's memory intact */
    CHECK(kl_setenv("NEW", "value=with=equals", 0) == 0);
    CHECK(strcmp(kl_getenv("NEW"), "value=with=equals") == 0);
    CHECK(env_size() == 4);

    /* putenv shares the caller's string. */
    char p1[] = "SHARED=one";
    CHECK(kl_putenv(p1) == 0);
    CHECK(strcmp(kl_getenv("SHARED"), "one") == 0);
    memcpy(p1 + 7, "two", 3);
    CHECK(strcmp(kl_getenv("SHARED"), "two") == 0);
    char p2[] = "SHARED=three";
    CHECK(kl_putenv(p2) == 0 && kl_getenv("SHARED") == p2 + 7);
    CHECK(env_has("SHARED=two") == 0);
    char bad[] = "=x";
    errno = 0;
    CHECK(kl_putenv(bad) == -1 && errno == EINVAL);
    char removal[] = "NEW";
    CHECK(kl_putenv(removal) == 0 && kl_getenv("NEW") == NULL);

    CHECK(kl_unsetenv("PATH") == 0 && kl_getenv("PATH") == NULL);
    CHECK(kl_unsetenv("NOT_THERE") == 0);
    CHECK(env_size() == 3);

    /* Growth: many variables, then all removed again. */
    char name[32], value[32];
    int ok = 1;
    for (int i = 0; i < 500; i++) {
        snprintf(name, sizeof(name), "VAR%d", i);
        snprintf(value, sizeof(value), "v%d", i * 7);
        ok &= kl_setenv(name, value, 1) == 0;
    }
    for (int i = 0; i < 500; i += 3) {
        snprintf(name, sizeof(name), "VAR%d", i);
        snprintf(value, sizeof(value), "w%d", i);
        ok &= kl_setenv(name, value, 1) == 0;
    }
    for (int i = 0; i < 500; i++) {
        snprintf(name, sizeof(name), "VAR%d", i);
        const char *v = kl_getenv(name);
        if (i % 3 == 0)
            snprintf(value, sizeof(value), "w%d", i);
        else
            snprintf(value, sizeof(value), "v%d", i * 7);
        ok &= v && strcmp(v, value) == 0;
    }
    CHECK(ok && env_size() == 503);
    for (int i = 0; i < 500; i++) {
        snprintf(name, sizeof(name), "VAR%d", i);
        ok &= kl_unsetenv(name) == 0;
    }
    CHECK(ok && env_size() == 3);
    CHECK(strcmp(kl_getenv("HOME"), "/new") == 0);

    /* A program may point environ at a new array at any time. */
    char f0[] = "ONLY=1";
    char *fresh[] = { f0, NULL };
    kl_environ = fresh;
    CHECK(kl_getenv("HOME") == NULL && strcmp(kl_getenv("ONLY"), "1") == 0);
    CHECK(kl_setenv("SECOND", "2", 1) == 0 && env_size() == 2);
    CHECK(fresh[1] == NULL);
    kl_environ = NULL;
    CHECK(kl_getenv("ONLY") == NULL);
    CHECK(kl_unsetenv("ONLY") == 0);
    CHECK(kl_setenv("FIRST", "1", 0) == 0 && env_size() == 1);
}

/* ---- getopt ---- */

struct getopt_step {
    int ret;
    const char *arg; /* expected optarg, NULL for none */
    int ind;         /* optind after the call */
    int opt;         /* optopt when ret is '?' or ':' */
};

static int run_getopt(const char *optstring, char **argv, int argc,
                      const struct getopt_step *steps)
{
    kl_optind = 0;
    int ok = 1;
    for (int i = 0;; i++) {
        int r = kl_getopt(argc, argv, optstring);
        ok &= r == steps[i].ret && kl_optind == steps[i].ind;
        ok &= steps[i].arg ? kl_optarg && strcmp(kl_optarg, steps[i].arg) == 0
                           : kl_optarg == NULL;
        if (r == '?' || r == ':')
            ok &= kl_optopt == steps[i].opt;
        if (r == -1 || steps[i].ret == -1)
            break;
    }
    return ok;
}

#define ARGV(...) ((char *[]){ __VA_ARGS__, NULL })
#define ARGC(...) ((int)(sizeof((char *[]){ __VA_ARGS__ }) / sizeof(char *)))
#define STEPS(...) ((const struct getopt_step[]){ __VA_ARGS__ })
#define GETOPT_CASE(optstring, steps, ...)                                     \
    run_getopt(optstring, ARGV(__VA_ARGS__), ARGC(__VA_ARGS__), steps)

static void test_getopt_cases(void)
{
    kl_opterr = 1;
    stderr_len = 0;
    CHECK(GETOPT_CASE("ab:c", STEPS({ 'a', NULL, 1, 0 }, { 'c', NULL, 2, 0 },
                                    { 'b', "arg", 4, 0 }, { -1, NULL, 4, 0 }),
                      "prog", "-ac", "-b", "arg", "file"));
    CHECK(stderr_len == 0);
    /* Attached argument, "--" and a lone "-". */
    CHECK(GETOPT_CASE("ab:", STEPS({ 'b', "val", 2, 0 }, { -1, NULL, 3, 0 }),
                      "prog", "-bval", "--", "-a"));
    CHECK(GETOPT_CASE("a", STEPS({ -1, NULL, 1, 0 }), "prog", "-", "-a"));
    /* Argument taken from the rest of a cluster. */
    CHECK(GETOPT_CASE("ab:", STEPS({ 'a', NULL, 1, 0 }, { 'b', "xyz", 2, 0 },
                                   { -1, NULL, 2, 0 }),
                      "prog", "-abxyz"));
    /* Unknown option: '?', optopt, and a message naming the program. */
    CHECK(GETOPT_CASE("a", STEPS({ '?', NULL, 1, 'q' }, { 'a', NULL, 2, 0 },
                                 { -1, NULL, 2, 0 }),
                      "prog", "-qa"));
    CHECK(strcmp(stderr_text, "prog: illegal option -- q\n") == 0);
    stderr_len = 0;
    /* Missing argument: '?' with a message, or ':' silently. */
    CHECK(GETOPT_CASE("b:", STEPS({ '?', NULL, 2, 'b' }, { -1, NULL, 2, 0 }),
                      "prog", "-b"));
    CHECK(strcmp(stderr_text,
                 "prog: option requires an argument -- b\n") == 0);
    stderr_len = 0;
    CHECK(GETOPT_CASE(":b:", STEPS({ ':', NULL, 2, 'b' }, { -1, NULL, 2, 0 }),
                      "prog", "-b"));
    CHECK(GETOPT_CASE(":a", STEPS({ '?', NULL, 2, 'x' }, { -1, NULL, 2, 0 }),
                      "prog", "-x"));
    kl_opterr = 0;
    CHECK(GETOPT_CASE("a", STEPS({ '?', NULL, 2, 'x' }, { -1, NULL, 2, 0 }),
                      "prog", "-x"));
    CHECK(stderr_len == 0);
    kl_opterr = 1;
    /* ':' is never an option letter. */
    CHECK(GETOPT_CASE("a:", STEPS({ '?', NULL, 2, ':' }, { -1, NULL, 2, 0 }),
                      "prog", "-:"));
    stderr_len = 0;
    /* An option's argument may itself look like an option. */
    CHECK(GETOPT_CASE("o:a", STEPS({ 'o', "-a", 3, 0 }, { -1, NULL, 3, 0 }),
                      "prog", "-o", "-a", "x"));
    /* Optional arguments must be attached. */
    CHECK(GETOPT_CASE("z::a", STEPS({ 'z', "opt", 2, 0 }, { 'z', NULL, 3, 0 },
                                    { -1, NULL, 3, 0 }),
                      "prog", "-zopt", "-z", "a"));
    /* Parsing stops at the first operand: nothing is reordered. */
    CHECK(GETOPT_CASE("a", STEPS({ -1, NULL, 1, 0 }), "prog", "file", "-a"));
    CHECK(GETOPT_CASE("a", STEPS({ -1, NULL, 1, 0 }), "prog"));

    /* Restarting with optind = 1 after a complete parse. */
    char *argv[] = { "prog", "-a", NULL };
    kl_optind = 0;
    CHECK(kl_getopt(2, argv, "a") == 'a' && kl_getopt(2, argv, "a") == -1);
    kl_optind = 1;
    CHECK(kl_getopt(2, argv, "a") == 'a');
}

/* Random argument lists, compared call by call with glibc's getopt in its
 * POSIX mode (no reordering). */
static void test_getopt_random(void)
{
    static const char *const pieces[] = {
        "-a", "-abc", "-x", "-xval", "-y", "--", "-", "file", "-ax", "-ayfoo",
        "-q", "-:", "-z", "-zopt", "-cz", "-bq", "--x", "-a-", "x",
    };
    static const char *const optstrings[] = { "abcx:y:z::", ":abcx:y:z::",
                                              "ax:", ":y:", "cbaz::" };
    setenv("POSIXLY_CORRECT", "1", 1);
    opterr = 0;
    kl_opterr = 0;
    int failures = 0;
    for (int t = 0; t < 20000; t++) {
        char *argv[10];
        int argc = 1 + (int)random_below(8);
        argv[0] = "prog";
        for (int i = 1; i < argc; i++)
            argv[i] = (char *)pieces[random_below(sizeof(pieces) /
                                                  sizeof(pieces[0]))];
        argv[argc] = NULL;
        const char *opts = optstrings[random_below(5)];
        optind = 0;
        kl_optind = 0;
        for (int call = 0; call < 20; call++) {
            int want = getopt(argc, argv, opts);
            int got = kl_getopt(argc, argv, opts);
            int same = want == got && optind == kl_optind &&
                       (optarg ? kl_optarg && !strcmp(optarg, kl_optarg)
                               : !kl_optarg);
            if ((want == '?' || want == ':') && optopt != kl_optopt)
                same = 0;
            if (!same) {
                failures++;
                break;
            }
            if (want == -1)
                break;
        }
    }
    CHECK(failures == 0);
    CHECK(stderr_len == 0);
}

int main(void)
{
    test_integer_parsing();
    test_arithmetic();
    test_qsort();
    test_bsearch();
    test_rand();
    test_environment();
    test_getopt_cases();
    test_getopt_random();
    return host_test_finish("stdlib");
}

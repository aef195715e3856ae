/* The allocator engine over a page source built on the host's mmap: random
 * allocate/free/realloc traffic with content verification, alignment, error
 * reporting and the return of memory to the page source. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "host_test.h"

void *kl_malloc(size_t);
void *kl_calloc(size_t, size_t);
void *kl_realloc(void *, size_t);
void kl_free(void *);
void *kl_aligned_alloc(size_t, size_t);
int kl_posix_memalign(void **, size_t, size_t);
size_t kl_malloc_usable_size(void *);
char *kl_strdup(const char *);
char *kl_strndup(const char *, size_t);

/* ---- The environment the engine expects ----
 * libc's host build carries weak stand-ins for these hooks (renamed with the
 * kl_ prefix like every symbol it defines); the definitions below win. */

struct mapping {
    void *base;
    size_t bytes;
};

static struct mapping mappings[4096];
static size_t mapping_count, bytes_mapped, page_calls_left = SIZE_MAX;
static int page_errors;

void *kl___libc_pages_alloc(size_t bytes)
{
    if (bytes == 0 || bytes % 4096 || mapping_count == 4096) {
        page_errors++;
        return NULL;
    }
    if (page_calls_left == 0)
        return NULL;
    page_calls_left--;
    void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
        return NULL;
    mappings[mapping_count++] = (struct mapping){ p, bytes };
    bytes_mapped += bytes;
    return p;
}

/* Every release must name exactly one earlier allocation. */
void kl___libc_pages_free(void *p, size_t bytes)
{
    for (size_t i = 0; i < mapping_count; i++) {
        if (mappings[i].base == p) {
            if (mappings[i].bytes != bytes)
                page_errors++;
            munmap(p, mappings[i].bytes);
            bytes_mapped -= mappings[i].bytes;
            mappings[i] = mappings[--mapping_count];
            return;
        }
    }
    page_errors++;
}

static int corruption_reports;
static const char *last_report;

void kl___libc_heap_corruption(const char *what)
{
    corruption_reports++;
    last_report = what;
}

/* Replaces the engine's weak no-op lock to check that every operation
 * takes and releases it in pairs, never nested. */
static int lock_depth, lock_errors, lock_taken;

void kl___libc_lock_malloc(void)
{
    if (lock_depth++ != 0)
        lock_errors++;
    lock_taken++;
}

void kl___libc_unlock_malloc(void)
{
    if (--lock_depth != 0)
        lock_errors++;
}

/* ---- Helpers ---- */

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint64_t next_random(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

static size_t random_size(void)
{
    unsigned kind = (unsigned)(next_random() % 100);
    if (kind < 65)
        return next_random() % 257;
    if (kind < 93)
        return next_random() % 16500;
    if (kind < 99)
        return 16000 + next_random() % 100000;
    return next_random() % (1u << 20);
}

static unsigned char pattern(size_t slot, unsigned gen, size_t i)
{
    return (unsigned char)(slot * 31 + gen * 131 + i * 7 + (i >> 8));
}

static void fill(unsigned char *p, size_t n, size_t slot, unsigned gen)
{
    for (size_t i = 0; i < n; i++)
        p[i] = pattern(slot, gen, i);
}

static int verify(const unsigned char *p, size_t n, size_t slot, unsigned gen)
{
    for (size_t i = 0; i < n; i++) {
        if (p[i] != pattern(slot, gen, i))
            return 0;
    }
    return 1;
}

static int all_zero(const unsigned char *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (p[i])
            return 0;
    }
    return 1;
}

/* ---- Tests ---- */

#define SLOTS 1000

struct slot {
    unsigned char *p;
    size_t size;
    size_t alignment;
    unsigned gen;
};

static struct slot slots[SLOTS];

static int check_block(struct slot *s, size_t index)
{
    return ((uintptr_t)s->p % s->alignment) == 0 &&
           kl_malloc_usable_size(s->p) >= s->size &&
           verify(s->p, s->size, index, s->gen);
}

/* One random operation on one slot; returns 0 on any inconsistency. */
static int random_operation(size_t index, unsigned op_number)
{
    struct slot *s = &slots[index];
    unsigned choice = (unsigned)(next_random() % 10);
    int ok = 1;

    if (!s->p) {
        s->size = random_size();
        s->alignment = 16;
        s->gen = op_number;
        if (choice < 6) {
            s->p = kl_malloc(s->size);
        } else if (choice < 8) {
            s->p = kl_calloc(1 + s->size / 8, s->size ? 8 : 0);
            s->size = s->size ? (1 + s->size / 8) * 8 : 0;
            ok &= s->p && all_zero(s->p, s->size);
        } else {
            s->alignment = (size_t)32 << (next_random() % 9);
            s->p = kl_aligned_alloc(s->alignment, s->size);
        }
        if (!s->p)
            return 0;
        fill(s->p, s->size, index, s->gen);
        return ok && check_block(s, index);
    }

    ok &= check_block(s, index);
    if (choice < 5) {
        kl_free(s->p);
        s->p = NULL;
    } else {
        size_t new_size = random_size();
        unsigned char *q = kl_realloc(s->p, new_size);
        if (!q)
            return 0;
        size_t kept = new_size < s->size ? new_size : s->size;
        ok &= verify(q, kept, index, s->gen);
        s->p = q;
        s->size = new_size;
        s->alignment = 16;
        s->gen = op_number;
        fill(q, new_size, index, s->gen);
    }
    return ok;
}

static size_t free_all_slots(void)
{
    size_t bad = 0;
    for (size_t i = 0; i < SLOTS; i++) {
        if (slots[i].p) {
            bad += !check_block(&slots[i], i);
            kl_free(slots[i].p);
            slots[i].p = NULL;
        }
    }
    return bad;
}

static void test_random_traffic(void)
{
    size_t baseline = bytes_mapped;
    int failures = 0;
    for (unsigned round = 0; round < 2; round++) {
        for (unsigned op = 1; op <= 100000; op++)
            failures += !random_operation(next_random() % SLOTS, op);
        CHECK(free_all_slots() == 0);
        /* Big blocks are all unmapped; each size class may keep at most one
         * empty slab (of at most 132 KiB) for reuse. */
        CHECK(bytes_mapped - baseline <= 35 * 135168);
    }
    CHECK(failures == 0);
    CHECK(page_errors == 0);
    CHECK(corruption_reports == 0);
    CHECK(lock_errors == 0 && lock_depth == 0);
    CHECK(lock_taken > 0);
}

/* Slabs that empty out go back to the page source, except one per class. */
static void test_slabs_released(void)
{
    static void *blocks[20000];
    size_t before = bytes_mapped, peak;
    for (size_t i = 0; i < 20000; i++)
        blocks[i] = kl_malloc(100);
    peak = bytes_mapped;
    CHECK(peak - before >= 20000 * 100);
    /* Free in an interleaved order so every slab empties late. */
    for (size_t step = 0; step < 7; step++) {
        for (size_t i = step; i < 20000; i += 7)
            kl_free(blocks[i]);
    }
    CHECK(bytes_mapped <= before + 135168);
    CHECK(page_errors == 0 && corruption_reports == 0);
}

static void test_edge_cases(void)
{
    void *a = kl_malloc(0), *b = kl_malloc(0);
    CHECK(a && b && a != b);
    kl_free(a);
    kl_free(b);
    kl_free(NULL);

    /* Every size up to a few pages is 16-byte aligned and fully usable. */
    for (size_t n = 0; n < 20000; n += 1 + n / 16) {
        unsigned char *p = kl_malloc(n);
        CHECK(p && (uintptr_t)p % 16 == 0 && kl_malloc_usable_size(p) >= n);
        if (p) {
            memset(p, 0xa5, kl_malloc_usable_size(p));
            kl_free(p);
        }
    }
    CHECK(kl_malloc_usable_size(NULL) == 0);

    errno = 0;
    CHECK(kl_malloc(SIZE_MAX) == NULL && errno == ENOMEM);
    errno = 0;
    CHECK(kl_calloc(SIZE_MAX / 2, 3) == NULL && errno == ENOMEM);
    errno = 0;
    CHECK(kl_calloc((size_t)1 << 40, (size_t)1 << 40) == NULL &&
          errno == ENOMEM);
    unsigned char *z = kl_calloc(1000, 40);
    CHECK(z && all_zero(z, 40000));
    kl_free(z);

    /* realloc: NULL acts as malloc; size 0 still returns a usable block. */
    char *r = kl_realloc(NULL, 10);
    CHECK(r != NULL);
    memcpy(r, "abcdefghij", 10);
    r = kl_realloc(r, 100000);
    CHECK(r && memcmp(r, "abcdefghij", 10) == 0);
    r = kl_realloc(r, 5);
    CHECK(r && memcmp(r, "abcde", 5) == 0);
    char *same = kl_realloc(r, 4);
    CHECK(same == r);
    r = kl_realloc(same, 0);
    CHECK(r != NULL);
    kl_free(r);
    CHECK(corruption_reports == 0);
}

static void test_aligned(void)
{
    void *p = NULL;
    CHECK(kl_posix_memalign(&p, 3, 10) == EINVAL && p == NULL);
    CHECK(kl_posix_memalign(&p, sizeof(void *) / 2, 10) == EINVAL);
    errno = 0;
    CHECK(kl_aligned_alloc(0, 10) == NULL && errno == EINVAL);
    CHECK(kl_aligned_alloc(48, 10) == NULL);

    for (size_t align = sizeof(void *); align <= (1u << 16); align <<= 1) {
        for (size_t size = 1; size < 300000; size = size * 5 + 3) {
            errno = 1234;
            CHECK(kl_posix_memalign(&p, align, size) == 0 && errno == 1234);
            CHECK((uintptr_t)p % align == 0);
            CHECK(kl_malloc_usable_size(p) >= size);
            memset(p, 0x5a, size);
            void *q = kl_realloc(p, size * 2);
            CHECK(q && ((unsigned char *)q)[size - 1] == 0x5a);
            kl_free(q);
        }
    }
    page_calls_left = 0;
    p = (void *)1;
    CHECK(kl_posix_memalign(&p, 64, 1 << 20) == ENOMEM && p == (void *)1);
    page_calls_left = SIZE_MAX;
    CHECK(corruption_reports == 0);
}

static void test_out_of_pages(void)
{
    void *keep = kl_malloc(100); /* its class keeps a slab */
    page_calls_left = 0;
    errno = 0;
    CHECK(kl_malloc(1 << 20) == NULL && errno == ENOMEM);
    /* A class runs dry once its slabs are full. */
    void *blocks[100];
    int n = 0;
    errno = 0;
    while (n < 100 && (blocks[n] = kl_malloc(9000)) != NULL)
        n++;
    CHECK(n < 100 && errno == ENOMEM);
    void *q = kl_malloc(100);
    CHECK(q != NULL); /* served from the existing slab */
    page_calls_left = SIZE_MAX;
    while (n > 0)
        kl_free(blocks[--n]);
    kl_free(q);
    kl_free(keep);
}

static void test_misuse_is_reported(void)
{
    corruption_reports = 0;
    char *p = kl_malloc(40);
    kl_free(p);
    kl_free(p);
    CHECK(corruption_reports == 1 && strstr(last_report, "double free"));

    char *big = kl_malloc(100000);
    kl_free(big + 16);
    CHECK(corruption_reports == 2);
    kl_free(big + 3);
    CHECK(corruption_reports == 3 && strstr(last_report, "invalid pointer"));
    CHECK(kl_malloc_usable_size(big + 32) == 0 && corruption_reports == 4);
    kl_free(big);

    /* An overflow from the block in front smashes the header. */
    char *victim = kl_malloc(40);
    memset(victim - 8, 0x41, 8);
    kl_free(victim);
    CHECK(corruption_reports == 5);
    CHECK(kl_realloc(victim, 100) == NULL && corruption_reports == 6);

    /* A write to a freed block breaks its free-list link; the next
     * allocation from that class notices and still returns good memory. */
    char *a = kl_malloc(3000);
    char *b = kl_malloc(3000);
    kl_free(a);
    kl_free(b);
    memset(b - 16, 0x42, 32);
    char *c = kl_malloc(3000);
    CHECK(corruption_reports == 7 && strstr(last_report, "free list"));
    CHECK(c != NULL);
    if (c)
        memset(c, 1, 3000);
    kl_free(c);

    char *d = kl_aligned_alloc(256, 10);
    kl_free(d);
    kl_free(d);
    CHECK(corruption_reports == 8);
    CHECK(page_errors == 0);
    corruption_reports = 0;
}

static void test_strdup(void)
{
    char *s = kl_strdup("hello, world");
    CHECK(s && strcmp(s, "hello, world") == 0);
    kl_free(s);
    s = kl_strdup("");
    CHECK(s && s[0] == '\0');
    kl_free(s);
    s = kl_strndup("hello, world", 5);
    CHECK(s && strcmp(s, "hello") == 0 && kl_malloc_usable_size(s) >= 6);
    kl_free(s);
    s = kl_strndup("abc", 100);
    CHECK(s && strcmp(s, "abc") == 0);
    kl_free(s);
    /* strndup must not read past n bytes: this array has no terminator. */
    char raw[4] = { 'w', 'x', 'y', 'z' };
    s = kl_strndup(raw, sizeof(raw));
    CHECK(s && strcmp(s, "wxyz") == 0);
    kl_free(s);
}

int main(void)
{
    test_edge_cases();
    test_aligned();
    test_out_of_pages();
    test_misuse_is_reported();
    test_strdup();
    test_slabs_released();
    test_random_traffic();
    return host_test_finish("malloc");
}

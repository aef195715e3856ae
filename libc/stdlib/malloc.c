/* The memory allocator engine: malloc, free, calloc, realloc, aligned
 * allocation and malloc_usable_size, over an abstract source of pages.
 *
 * Requests up to SMALL_LIMIT bytes (header included) are rounded up to one of
 * a few dozen size classes and carved out of slabs, page runs holding blocks
 * of a single class. Larger requests get pages of their own, returned to the
 * page source on free. Every block starts with a 16-byte header, which keeps
 * payloads 16-byte aligned and carries a magic number so that double frees,
 * wild pointers and overwritten headers are noticed when cheap to do so.
 *
 * The environment provides:
 *   void *__libc_pages_alloc(size_t bytes)   page-aligned memory, bytes a
 *                                            multiple of 4096; NULL when out
 *   void __libc_pages_free(void *p, size_t bytes)   returns exactly one
 *                                            earlier allocation
 *   void __libc_heap_corruption(const char *what)   reports misuse; normally
 *                                            does not return, but if it does
 *                                            the faulty operation is dropped
 * and may override the weak __libc_lock_malloc/__libc_unlock_malloc, which
 * serialize every heap update once threads exist. */
#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <bits/errno_location.h>
#include <bits/errno_values.h>

#include "fixed_types.h"

void *__libc_pages_alloc(size_t bytes);
void __libc_pages_free(void *p, size_t bytes);
void __libc_heap_corruption(const char *what);
void __libc_lock_malloc(void);
void __libc_unlock_malloc(void);

/* Single-threaded programs need no lock; the thread library replaces these. */
__attribute__((weak)) void __libc_lock_malloc(void)
{
}

__attribute__((weak)) void __libc_unlock_malloc(void)
{
}

#ifdef LIBC_HOST_TEST
/* The host tests link all of libc's pure code into every test program, most
 * of which never allocate; these stand-ins keep them linkable, and the
 * allocator's own test replaces them with a real page source. */
__attribute__((weak)) void *__libc_pages_alloc(size_t bytes)
{
    (void)bytes;
    return NULL;
}

__attribute__((weak)) void __libc_pages_free(void *p, size_t bytes)
{
    (void)p;
    (void)bytes;
}

__attribute__((weak)) void __libc_heap_corruption(const char *what)
{
    (void)what;
}
#endif

#define PAGE_SIZE 4096u
#define ALIGNMENT 16u
#define SMALL_LIMIT 16384u      /* largest class, header included */
#define SLAB_MIN_SIZE 65536u
#define SLAB_MIN_BLOCKS 8u
#define NUM_CLASSES 35

#define MAGIC_LIVE 0x6b4c6976u  /* block handed out */
#define MAGIC_FREE 0x6b467265u  /* block returned */
#define MAGIC_SLAB 0x6b536c62u

enum block_kind {
    KIND_SMALL = 1,   /* link: owning slab */
    KIND_BIG = 2,     /* link: length of the page run */
    KIND_ALIGNED = 3, /* link: distance back to the enclosing block's payload */
};

struct block_header {
    uintptr_t link;
    uint32_t magic;
    uint16_t kind;
    uint16_t class_index;
} __attribute__((aligned(ALIGNMENT)));

_Static_assert(sizeof(struct block_header) == ALIGNMENT,
               "block header must keep payloads aligned");

struct slab {
    uint32_t magic;
    uint16_t class_index;
    size_t length;                   /* bytes taken from the page source */
    struct slab *prev, *next;        /* neighbours in the class's list */
    struct block_header *free_list;  /* linked through the payloads */
    char *first;                     /* first block */
    char *unused;                    /* blocks from here on were never used */
    char *end;                       /* no block may extend past this */
    size_t used;                     /* live blocks */
    bool listed;                     /* has room, so is in the class's list */
};

/* Per class, the slabs that still have room. Slabs that are full are in no
 * list: they are found again through the headers of their blocks. */
static struct slab *available[NUM_CLASSES];

static size_t round_up(size_t n, size_t align)
{
    return (n + align - 1) & ~(align - 1);
}

/* Classes go up by 16 bytes to 128, then by quarters of a power of two, so
 * no block wastes more than a fifth of its size to rounding. */
static size_t class_size(unsigned c)
{
    if (c < 7)
        return (c + 2) * 16;
    unsigned octave = 7 + (c - 7) / 4, quarter = (c - 7) % 4 + 1;
    return ((size_t)1 << octave) + quarter * ((size_t)1 << (octave - 2));
}

static unsigned class_for(size_t total)
{
    if (total <= 128)
        return total <= 32 ? 0 : (unsigned)((total + 15) / 16 - 2);
    unsigned octave = 31 - (unsigned)__builtin_clz((unsigned)(total - 1));
    size_t step = (size_t)1 << (octave - 2);
    unsigned quarter =
        (unsigned)((total - ((size_t)1 << octave) + step - 1) / step);
    return 7 + (octave - 7) * 4 + quarter - 1;
}

static size_t slab_length(unsigned c)
{
    size_t need = round_up(sizeof(struct slab), ALIGNMENT) +
                  SLAB_MIN_BLOCKS * class_size(c);
    return round_up(need > SLAB_MIN_SIZE ? need : SLAB_MIN_SIZE, PAGE_SIZE);
}

static void list_insert(struct slab *s)
{
    s->prev = NULL;
    s->next = available[s->class_index];
    if (s->next)
        s->next->prev = s;
    available[s->class_index] = s;
    s->listed = true;
}

static void list_remove(struct slab *s)
{
    if (s->prev)
        s->prev->next = s->next;
    else
        available[s->class_index] = s->next;
    if (s->next)
        s->next->prev = s->prev;
    s->listed = false;
}

static struct slab *slab_create(unsigned c)
{
    size_t length = slab_length(c);
    struct slab *s = __libc_pages_alloc(length);
    if (!s)
        return NULL;
    s->magic = MAGIC_SLAB;
    s->class_index = c;
    s->length = length;
    s->free_list = NULL;
    s->first = (char *)s + round_up(sizeof(struct slab), ALIGNMENT);
    s->unused = s->first;
    s->end = (char *)s + length;
    s->used = 0;
    list_insert(s);
    return s;
}

/* Whether h could be a block of slab s: inside it and on its block grid. */
static bool slab_owns(const struct slab *s, const struct block_header *h)
{
    const char *p = (const char *)h;
    return p >= s->first && p < s->unused &&
           (size_t)(p - s->first) % class_size(s->class_index) == 0;
}

static bool slab_has_room(const struct slab *s)
{
    return s->free_list ||
           (size_t)(s->end - s->unused) >= class_size(s->class_index);
}

/* Takes a block of class c. Sets *problem instead of failing silently when a
 * free list turns out to be damaged (a write to freed memory). */
static struct block_header *small_alloc(unsigned c, const char **problem)
{
    struct slab *s = available[c];
    if (!s && !(s = slab_create(c)))
        return NULL;

    struct block_header *h = s->free_list;
    if (h) {
        if (!slab_owns(s, h) || h->magic != MAGIC_FREE) {
            /* Abandon the damaged list: its blocks leak, the heap goes on. */
            *problem = "malloc: free list corrupted (write after free?)";
            s->free_list = NULL;
            h = NULL;
        } else {
            s->free_list = *(struct block_header **)(h + 1);
        }
    }
    if (!h) {
        if (!slab_has_room(s)) {
            list_remove(s);
            return small_alloc(c, problem);
        }
        h = (struct block_header *)s->unused;
        s->unused += class_size(c);
    }
    s->used++;
    if (!slab_has_room(s))
        list_remove(s);

    h->link = (uintptr_t)s;
    h->kind = KIND_SMALL;
    h->class_index = (uint16_t)c;
    return h;
}

static void small_free(struct slab *s, struct block_header *h)
{
    h->magic = MAGIC_FREE;
    *(struct block_header **)(h + 1) = s->free_list;
    s->free_list = h;
    s->used--;
    if (!s->listed)
        list_insert(s);
    /* An empty slab goes back to the page source unless it is the class's
     * only one with room, which is kept so that a loop allocating and
     * freeing one block does not map and unmap pages every time. */
    if (s->used == 0 && (s->prev || s->next)) {
        list_remove(s);
        s->magic = 0;
        __libc_pages_free(s, s->length);
    }
}

static struct block_header *big_alloc(size_t size)
{
    size_t length = round_up(size + sizeof(struct block_header), PAGE_SIZE);
    struct block_header *h = __libc_pages_alloc(length);
    if (!h)
        return NULL;
    h->link = length;
    h->kind = KIND_BIG;
    h->class_index = 0;
    return h;
}

/* Largest request that cannot overflow any size computation below, with room
 * left for the over-allocation of aligned requests. */
#define MAX_REQUEST (STDLIB_SIZE_MAX / 2)

static void fail_no_memory(void)
{
    *__errno_location() = ENOMEM;
}

void *malloc(size_t size)
{
    if (size > MAX_REQUEST) {
        fail_no_memory();
        return NULL;
    }
    size_t total = size + sizeof(struct block_header);
    const char *problem = NULL;
    struct block_header *h;

    if (total <= SMALL_LIMIT) {
        __libc_lock_malloc();
        h = small_alloc(class_for(total), &problem);
        if (h)
            h->magic = MAGIC_LIVE;
        __libc_unlock_malloc();
    } else {
        /* Page runs of their own touch no shared state here. */
        h = big_alloc(size);
        if (h)
            h->magic = MAGIC_LIVE;
    }
    if (problem)
        __libc_heap_corruption(problem);
    if (!h) {
        fail_no_memory();
        return NULL;
    }
    return h + 1;
}

/* The header of a live block, or NULL (with *problem set) if ptr is not one.
 * Aligned blocks resolve to the block that encloses them; *offset then gives
 * how far into that block's payload ptr is. */
static struct block_header *live_header(void *ptr, size_t *offset,
                                        const char **problem)
{
    *offset = 0;
    if ((uintptr_t)ptr % ALIGNMENT) {
        *problem = "invalid pointer (not from malloc)";
        return NULL;
    }
    struct block_header *h = (struct block_header *)ptr - 1;
    if (h->magic == MAGIC_FREE) {
        *problem = "double free or use of freed block";
        return NULL;
    }
    if (h->magic != MAGIC_LIVE) {
        *problem = "invalid pointer or overwritten block header";
        return NULL;
    }
    if (h->kind == KIND_ALIGNED) {
        *offset = h->link;
        h = (struct block_header *)((char *)ptr - h->link) - 1;
        if (h->magic != MAGIC_LIVE || h->kind == KIND_ALIGNED) {
            *problem = "overwritten header of an aligned block";
            return NULL;
        }
    }
    if (h->kind == KIND_SMALL) {
        const struct slab *s = (const struct slab *)h->link;
        if (h->class_index >= NUM_CLASSES || s->magic != MAGIC_SLAB ||
            s->class_index != h->class_index || !slab_owns(s, h)) {
            *problem = "overwritten block header";
            return NULL;
        }
    } else if (h->kind != KIND_BIG) {
        *problem = "overwritten block header";
        return NULL;
    }
    return h;
}

static size_t usable_size(const struct block_header *h)
{
    if (h->kind == KIND_SMALL)
        return class_size(h->class_index) - sizeof(struct block_header);
    return h->link - sizeof(struct block_header);
}

void free(void *ptr)
{
    if (!ptr)
        return;
    const char *problem = NULL;
    size_t offset;

    __libc_lock_malloc();
    struct block_header *h = live_header(ptr, &offset, &problem);
    /* Read before small_free, which may hand the whole slab back. */
    bool big = h && h->kind == KIND_BIG;
    if (h && offset)
        ((struct block_header *)ptr - 1)->magic = MAGIC_FREE;
    if (h && !big)
        small_free((struct slab *)h->link, h);
    __libc_unlock_malloc();

    if (big) {
        h->magic = MAGIC_FREE;
        __libc_pages_free(h, h->link);
    }
    if (problem)
        __libc_heap_corruption(problem);
}

size_t malloc_usable_size(void *ptr)
{
    if (!ptr)
        return 0;
    const char *problem = NULL;
    size_t offset;
    struct block_header *h = live_header(ptr, &offset, &problem);
    if (!h) {
        __libc_heap_corruption(problem);
        return 0;
    }
    return usable_size(h) - offset;
}

void *calloc(size_t nmemb, size_t size)
{
    size_t total;
    if (__builtin_mul_overflow(nmemb, size, &total)) {
        fail_no_memory();
        return NULL;
    }
    void *p = malloc(total);
    if (p)
        memset(p, 0, total);
    return p;
}

/* realloc(p, 0) returns a fresh minimal block rather than NULL: callers take
 * NULL to mean failure with p still valid, and must not go on using a block
 * that was freed behind their back. */
void *realloc(void *ptr, size_t size)
{
    if (!ptr)
        return malloc(size);

    const char *problem = NULL;
    size_t offset;
    struct block_header *h = live_header(ptr, &offset, &problem);
    if (!h) {
        __libc_heap_corruption(problem);
        return NULL;
    }
    size_t usable = usable_size(h) - offset;
    /* Staying put avoids a copy; but a block shrunk to well under half its
     * size moves, so that the slack is not held for the block's lifetime. */
    size_t slack = usable - size;
    if (size <= usable && (slack <= usable / 2 || slack < 256))
        return ptr;

    void *fresh = malloc(size);
    if (!fresh)
        return NULL;
    memcpy(fresh, ptr, size < usable ? size : usable);
    free(ptr);
    return fresh;
}

static bool is_power_of_two(size_t n)
{
    return n && !(n & (n - 1));
}

/* Over-allocates by the alignment and places the result on the first suitable
 * boundary inside, with a header in front that leads back to the enclosing
 * block. Both payloads are 16-byte aligned, so when they differ there is
 * always room for that header in between. */
static void *allocate_aligned(size_t alignment, size_t size)
{
    if (alignment <= ALIGNMENT)
        return malloc(size);
    if (size > MAX_REQUEST - alignment) {
        fail_no_memory();
        return NULL;
    }
    char *raw = malloc(size + alignment);
    if (!raw)
        return NULL;
    char *p = (char *)round_up((uintptr_t)raw, alignment);
    if (p == raw)
        return p;
    struct block_header *h = (struct block_header *)p - 1;
    h->link = (uintptr_t)(p - raw);
    h->kind = KIND_ALIGNED;
    h->class_index = 0;
    h->magic = MAGIC_LIVE;
    return p;
}

/* Any size is accepted, not only multiples of the alignment as C11 first
 * required: the rounding would only waste memory. */
void *aligned_alloc(size_t alignment, size_t size)
{
    if (!is_power_of_two(alignment)) {
        *__errno_location() = EINVAL;
        return NULL;
    }
    return allocate_aligned(alignment, size);
}

int posix_memalign(void **memptr, size_t alignment, size_t size)
{
    if (!is_power_of_two(alignment) || alignment < sizeof(void *))
        return EINVAL;
    /* Failure is reported by the return value alone; errno stays as is. */
    int saved = *__errno_location();
    void *p = allocate_aligned(alignment, size);
    *__errno_location() = saved;
    if (!p)
        return ENOMEM;
    *memptr = p;
    return 0;
}

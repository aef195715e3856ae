/* Kernel heap: small objects come from per-size-class slab pages, large
 * ones are whole runs of pages. Every heap page has a descriptor in a table
 * indexed by page number, so freeing finds its page without headers inside
 * the objects, and size classes stay naturally aligned.
 *
 * Virtual pages come from the heap window (KERNEL_HEAP_START..END) and get
 * frames only when used, so the heap grows on demand. */
#include "mm/heap.h"
#include "arch/x86/paging.h"
#include "kernel/panic.h"
#include "kernel/spinlock.h"
#include "mm/pmm.h"
#include <string.h>

#define HEAP_PAGES      ((KERNEL_HEAP_END - KERNEL_HEAP_START) / PAGE_SIZE)
#define CLASS_COUNT     8
#define MIN_CLASS_SHIFT 4           /* 16 bytes */
#define MAX_SMALL       2048
#define FREE_POISON     0xDEADF4EEu /* first word of a free slab object */

enum heap_page_kind { PAGE_UNUSED = 0, PAGE_SLAB, PAGE_LARGE_HEAD, PAGE_LARGE_TAIL };

struct heap_page {
    uint8_t kind;
    uint8_t size_class;
    uint16_t used;              /* slab: objects handed out */
    uint32_t npages;            /* large head: length of the run */
    void *free_objects;         /* slab: singly linked through the objects */
    struct heap_page *next, *prev;  /* slab: its class's list of pages with room */
};

struct free_object {
    uint32_t poison;
    struct free_object *next;
};

/* Protects the descriptors, the class lists, the page bitmap and the stats. */
static struct spinlock heap_lock = SPINLOCK_INIT("heap");
static struct heap_page page_desc[HEAP_PAGES];
static uint32_t page_used_bits[HEAP_PAGES / 32];
static struct heap_page *partial_pages[CLASS_COUNT];
static size_t search_from;
static struct heap_stats stats;

static inline size_t class_size(unsigned c) { return (size_t)1 << (c + MIN_CLASS_SHIFT); }
static inline size_t page_index(const void *p) { return ((uintptr_t)p - KERNEL_HEAP_START) / PAGE_SIZE; }
static inline void *page_address(size_t i) { return (void *)(KERNEL_HEAP_START + i * PAGE_SIZE); }
static inline int vpage_used(size_t i) { return (page_used_bits[i / 32] >> (i % 32)) & 1; }

static unsigned size_to_class(size_t size)
{
    unsigned c = 0;
    while (class_size(c) < size)
        c++;
    return c;
}

/* Heap lock held. A run of n free virtual pages, or SIZE_MAX. */
static size_t heap_find_run(size_t n)
{
    size_t run = 0;
    for (size_t k = 0; k < HEAP_PAGES; k++) {
        size_t i = (search_from + k) % HEAP_PAGES;
        if (i == 0)
            run = 0;    /* runs do not wrap around the window */
        run = vpage_used(i) ? 0 : run + 1;
        if (run == n)
            return i + 1 - n;
    }
    return SIZE_MAX;
}

static void heap_unmap_pages(size_t first, size_t n)
{
    for (size_t i = first; i < first + n; i++) {
        paddr_t frame = paging_unmap(NULL, (vaddr_t)page_address(i));
        if (frame)
            pmm_free_frame(frame);
        page_used_bits[i / 32] &= ~(1u << (i % 32));
        memset(&page_desc[i], 0, sizeof(page_desc[i]));
    }
    stats.pages_mapped -= n;
    /* Low addresses first, so the heap's page tables stay few. */
    if (first < search_from)
        search_from = first;
}

/* Heap lock held. Maps n fresh pages; returns the first index or SIZE_MAX. */
static size_t heap_map_pages(size_t n)
{
    size_t first = heap_find_run(n);
    if (first == SIZE_MAX)
        return SIZE_MAX;
    for (size_t i = first; i < first + n; i++) {
        paddr_t frame = pmm_alloc_frame();
        if (frame == PMM_NO_FRAME || paging_map(NULL, (vaddr_t)page_address(i), frame, PAGE_WRITE) < 0) {
            if (frame != PMM_NO_FRAME)
                pmm_free_frame(frame);
            stats.pages_mapped += i - first;
            heap_unmap_pages(first, i - first);
            return SIZE_MAX;
        }
        page_used_bits[i / 32] |= 1u << (i % 32);
    }
    stats.pages_mapped += n;
    search_from = first + n;
    return first;
}

static void partial_push(struct heap_page *pg)
{
    struct heap_page **head = &partial_pages[pg->size_class];
    pg->prev = NULL;
    pg->next = *head;
    if (*head)
        (*head)->prev = pg;
    *head = pg;
}

static void partial_remove(struct heap_page *pg)
{
    if (pg->prev)
        pg->prev->next = pg->next;
    else
        partial_pages[pg->size_class] = pg->next;
    if (pg->next)
        pg->next->prev = pg->prev;
    pg->next = pg->prev = NULL;
}

/* Heap lock held. Carves a new page into objects of class c. */
static struct heap_page *slab_new_page(unsigned c)
{
    size_t i = heap_map_pages(1);
    if (i == SIZE_MAX)
        return NULL;
    struct heap_page *pg = &page_desc[i];
    pg->kind = PAGE_SLAB;
    pg->size_class = c;
    pg->used = 0;
    pg->free_objects = NULL;
    size_t sz = class_size(c);
    char *base = page_address(i);
    for (size_t off = PAGE_SIZE; off >= sz; off -= sz) {
        struct free_object *o = (struct free_object *)(base + off - sz);
        o->poison = FREE_POISON;
        o->next = pg->free_objects;
        pg->free_objects = o;
    }
    partial_push(pg);
    return pg;
}

static void *slab_alloc(unsigned c)
{
    struct heap_page *pg = partial_pages[c];
    if (!pg && !(pg = slab_new_page(c)))
        return NULL;
    struct free_object *o = pg->free_objects;
    if (o->poison != FREE_POISON)
        panic("heap: free object %p overwritten (use after free?)", (void *)o);
    pg->free_objects = o->next;
    if (++pg->used == PAGE_SIZE / class_size(c))
        partial_remove(pg);
    stats.bytes_in_use += class_size(c);
    stats.allocations++;
    return o;
}

static bool slab_contains_free(struct heap_page *pg, void *p)
{
    for (struct free_object *o = pg->free_objects; o; o = o->next)
        if ((void *)o == p)
            return true;
    return false;
}

static void slab_free(struct heap_page *pg, void *p)
{
    size_t sz = class_size(pg->size_class);
    if (((uintptr_t)p & (sz - 1)) != 0)
        panic("heap: kfree(%p) is not the start of an object", p);
    struct free_object *o = p;
    if (o->poison == FREE_POISON && slab_contains_free(pg, p))
        panic("heap: double kfree(%p)", p);
    bool was_full = pg->used == PAGE_SIZE / sz;
    o->poison = FREE_POISON;
    o->next = pg->free_objects;
    pg->free_objects = o;
    pg->used--;
    stats.bytes_in_use -= sz;
    stats.allocations--;
    if (was_full)
        partial_push(pg);
    /* Keep one empty page per class cached to avoid map/unmap churn. */
    if (pg->used == 0 && (partial_pages[pg->size_class] != pg || pg->next)) {
        partial_remove(pg);
        heap_unmap_pages(page_index(p), 1);
    }
}

static void *large_alloc(size_t size)
{
    size_t n = PAGE_ALIGN_UP(size) / PAGE_SIZE;
    if (n == 0 || n > HEAP_PAGES)
        return NULL;
    size_t i = heap_map_pages(n);
    if (i == SIZE_MAX)
        return NULL;
    page_desc[i].kind = PAGE_LARGE_HEAD;
    page_desc[i].npages = n;
    for (size_t k = 1; k < n; k++)
        page_desc[i + k].kind = PAGE_LARGE_TAIL;
    stats.bytes_in_use += n * PAGE_SIZE;
    stats.allocations++;
    return page_address(i);
}

void *kmalloc_aligned(size_t size, size_t align)
{
    ASSERT(align && (align & (align - 1)) == 0 && align <= PAGE_SIZE);
    if (size == 0)
        size = 1;
    if (size < align)
        size = align;   /* power-of-two classes are aligned to their size */
    irqflags_t fl = spin_lock_irqsave(&heap_lock);
    void *p = size <= MAX_SMALL ? slab_alloc(size_to_class(size)) : large_alloc(size);
    spin_unlock_irqrestore(&heap_lock, fl);
    return p;
}

void *kmalloc(size_t size) { return kmalloc_aligned(size, 1); }

void *kzalloc(size_t size)
{
    void *p = kmalloc(size);
    if (p)
        memset(p, 0, size);
    return p;
}

void *kcalloc(size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size)
        return NULL;
    return kzalloc(n * size);
}

static struct heap_page *heap_page_of(const void *p, const char *what)
{
    uintptr_t a = (uintptr_t)p;
    if (a < KERNEL_HEAP_START || a >= KERNEL_HEAP_END)
        panic("heap: %s(%p) of a pointer outside the heap", what, p);
    struct heap_page *pg = &page_desc[page_index(p)];
    if (pg->kind == PAGE_UNUSED || pg->kind == PAGE_LARGE_TAIL ||
        (pg->kind == PAGE_LARGE_HEAD && (a & (PAGE_SIZE - 1))))
        panic("heap: %s(%p) of a pointer that was not allocated", what, p);
    return pg;
}

void kfree(void *p)
{
    if (!p)
        return;
    irqflags_t fl = spin_lock_irqsave(&heap_lock);
    struct heap_page *pg = heap_page_of(p, "kfree");
    if (pg->kind == PAGE_SLAB) {
        slab_free(pg, p);
    } else {
        size_t n = pg->npages;
        stats.bytes_in_use -= n * PAGE_SIZE;
        stats.allocations--;
        heap_unmap_pages(page_index(p), n);
    }
    spin_unlock_irqrestore(&heap_lock, fl);
}

size_t kmalloc_size(const void *p)
{
    irqflags_t fl = spin_lock_irqsave(&heap_lock);
    struct heap_page *pg = heap_page_of(p, "kmalloc_size");
    size_t sz = pg->kind == PAGE_SLAB ? class_size(pg->size_class) : pg->npages * PAGE_SIZE;
    spin_unlock_irqrestore(&heap_lock, fl);
    return sz;
}

void heap_get_stats(struct heap_stats *out)
{
    irqflags_t fl = spin_lock_irqsave(&heap_lock);
    *out = stats;
    spin_unlock_irqrestore(&heap_lock, fl);
}

void heap_trim(void)
{
    irqflags_t fl = spin_lock_irqsave(&heap_lock);
    for (unsigned c = 0; c < CLASS_COUNT; c++) {
        struct heap_page *pg = partial_pages[c];
        while (pg) {
            struct heap_page *next = pg->next;
            if (pg->used == 0) {
                partial_remove(pg);
                heap_unmap_pages((size_t)(pg - page_desc), 1);
            }
            pg = next;
        }
    }
    spin_unlock_irqrestore(&heap_lock, fl);
}

void heap_init(void)
{
    memset(&stats, 0, sizeof(stats));
}

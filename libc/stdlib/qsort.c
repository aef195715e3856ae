/* qsort as an introsort: quicksort with a median-of-three pivot, switching to
 * heapsort when the recursion gets deeper than twice the logarithm of the
 * size, which bounds the worst case at O(n log n), and finishing short ranges
 * with insertion sort. Partitioning stops on keys equal to the pivot from
 * both sides, so inputs full of duplicates still split evenly. */
#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>

typedef int (*compare_fn)(const void *, const void *);

/* Ranges this short are sorted by insertion. */
#define INSERTION_LIMIT 12

struct sorter {
    size_t size;
    compare_fn compare;
    bool word_swaps; /* elements are whole, aligned unsigned longs */
};

static void swap(const struct sorter *s, char *a, char *b)
{
    if (a == b)
        return;
    if (s->word_swaps) {
        unsigned long *x = (unsigned long *)a, *y = (unsigned long *)b;
        for (size_t n = s->size / sizeof(unsigned long); n; n--, x++, y++) {
            unsigned long t = *x;
            *x = *y;
            *y = t;
        }
    } else {
        for (size_t n = s->size; n; n--, a++, b++) {
            char t = *a;
            *a = *b;
            *b = t;
        }
    }
}

static int compare(const struct sorter *s, const char *a, const char *b)
{
    return s->compare(a, b);
}

static void insertion_sort(const struct sorter *s, char *base, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        for (char *p = base + i * s->size;
             p > base && compare(s, p - s->size, p) > 0; p -= s->size)
            swap(s, p - s->size, p);
    }
}

/* Restores the max-heap property below node i of a heap of n elements. */
static void sift_down(const struct sorter *s, char *base, size_t i, size_t n)
{
    for (;;) {
        size_t largest = i, left = 2 * i + 1, right = left + 1;
        if (left < n &&
            compare(s, base + left * s->size, base + largest * s->size) > 0)
            largest = left;
        if (right < n &&
            compare(s, base + right * s->size, base + largest * s->size) > 0)
            largest = right;
        if (largest == i)
            return;
        swap(s, base + i * s->size, base + largest * s->size);
        i = largest;
    }
}

static void heap_sort(const struct sorter *s, char *base, size_t n)
{
    for (size_t i = n / 2; i > 0; i--)
        sift_down(s, base, i - 1, n);
    for (size_t end = n - 1; end > 0; end--) {
        swap(s, base, base + end * s->size);
        sift_down(s, base, 0, end);
    }
}

static char *median_of_three(const struct sorter *s, char *a, char *b,
                             char *c)
{
    if (compare(s, a, b) < 0) {
        if (compare(s, b, c) < 0)
            return b;
        return compare(s, a, c) < 0 ? c : a;
    }
    if (compare(s, a, c) < 0)
        return a;
    return compare(s, b, c) < 0 ? c : b;
}

/* The pivot: the median of the first, middle and last elements, or for long
 * ranges the median of three such medians spread over the range, which
 * resists patterned inputs such as "organ pipes" much better. */
static char *choose_pivot(const struct sorter *s, char *base, size_t n)
{
    size_t size = s->size;
    char *first = base, *mid = base + n / 2 * size;
    char *last = base + (n - 1) * size;
    if (n < 128)
        return median_of_three(s, first, mid, last);
    size_t step = n / 8 * size;
    return median_of_three(
        s, median_of_three(s, first, first + step, first + 2 * step),
        median_of_three(s, mid - step, mid, mid + step),
        median_of_three(s, last - 2 * step, last - step, last));
}

/* Moves the pivot to the front and partitions the rest around it. Returns
 * the pivot's final index: everything before it compares <= and everything
 * after it >=. The index checks keep the scans inside the range even if the
 * comparison function is inconsistent. */
static size_t partition(const struct sorter *s, char *base, size_t n)
{
    size_t size = s->size;
    swap(s, base, choose_pivot(s, base, n));

    size_t i = 1, j = n - 1;
    for (;;) {
        while (i <= j && compare(s, base + i * size, base) < 0)
            i++;
        while (i <= j && compare(s, base + j * size, base) > 0)
            j--;
        if (i >= j)
            break;
        swap(s, base + i * size, base + j * size);
        i++;
        j--;
    }
    swap(s, base, base + j * size);
    return j;
}

static void intro_sort(const struct sorter *s, char *base, size_t n,
                       unsigned depth_left)
{
    /* Recursing into the smaller side and looping on the larger one keeps
     * the stack depth logarithmic. */
    while (n > INSERTION_LIMIT) {
        if (depth_left-- == 0) {
            heap_sort(s, base, n);
            return;
        }
        size_t p = partition(s, base, n);
        size_t right_n = n - p - 1;
        char *right = base + (p + 1) * s->size;
        if (p < right_n) {
            intro_sort(s, base, p, depth_left);
            base = right;
            n = right_n;
        } else {
            intro_sort(s, right, right_n, depth_left);
            n = p;
        }
    }
    insertion_sort(s, base, n);
}

void qsort(void *base, size_t nmemb, size_t size,
           int (*compar)(const void *, const void *))
{
    if (nmemb < 2 || size == 0)
        return;
    struct sorter s = {
        .size = size,
        .compare = compar,
        .word_swaps = size % sizeof(unsigned long) == 0 &&
                      (size_t)base % sizeof(unsigned long) == 0,
    };
    unsigned depth = 0;
    for (size_t n = nmemb; n > 1; n >>= 1)
        depth += 2;
    intro_sort(&s, base, nmemb, depth);
}

void *bsearch(const void *key, const void *base, size_t nmemb, size_t size,
              int (*compar)(const void *, const void *))
{
    const char *lo = base;
    while (nmemb > 0) {
        const char *mid = lo + nmemb / 2 * size;
        int c = compar(key, mid);
        if (c == 0)
            return (void *)mid;
        if (c > 0) {
            lo = mid + size;
            nmemb -= nmemb / 2 + 1;
        } else {
            nmemb /= 2;
        }
    }
    return NULL;
}

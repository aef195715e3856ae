/* The page source under malloc: anonymous private mappings. */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "../internal/runtime.h"

void *__libc_pages_alloc(size_t bytes);
void __libc_pages_free(void *p, size_t bytes);
void __libc_heap_corruption(const char *what);

void *__libc_pages_alloc(size_t bytes)
{
    void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    return p == MAP_FAILED ? NULL : p;
}

void __libc_pages_free(void *p, size_t bytes)
{
    munmap(p, bytes);
}

/* A corrupted heap cannot be trusted to print through stdio or to run
 * atexit handlers: report on the raw descriptor and abort. */
void __libc_heap_corruption(const char *what)
{
    static const char prefix[] = "malloc: heap corruption: ";
    __libc_write_stderr(prefix, sizeof(prefix) - 1);
    __libc_write_stderr(what, strlen(what));
    __libc_write_stderr("\n", 1);
    abort();
}

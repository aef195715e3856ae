/* Anonymous memory: mmap, munmap, mprotect, sharing across fork, MAP_FIXED,
 * and the W^X rule. Accesses that must fault are made in a child, whose
 * death by SIGSEGV is the expected result. */
#include "rawsys.h"
#include "testlib.h"
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#define PAGE 4096
#define RW (PROT_READ | PROT_WRITE)
#define ANON (MAP_PRIVATE | MAP_ANONYMOUS)

/* In a child: touch addr (write when `write`), expect to die of SIGSEGV. */
static void expect_fault(volatile char *addr, bool write, const char *file, int line)
{
    pid_t pid = tl_fork();
    if (pid == 0) {
        if (write)
            *addr = 1;
        else
            (void)*addr;
        _exit(0);
    }
    int st = tl_wait(pid);
    if (!WIFSIGNALED(st) || WTERMSIG(st) != SIGSEGV)
        tl_fail(file, line, "%s of %p: child %s, expected SIGSEGV", write ? "write" : "read",
                (void *)addr, tl_status_text(st));
}
#define EXPECT_READ_FAULT(a) expect_fault((volatile char *)(a), false, __FILE__, __LINE__)
#define EXPECT_WRITE_FAULT(a) expect_fault((volatile char *)(a), true, __FILE__, __LINE__)

TEST(mmap, anonymous_private_is_zeroed_and_usable)
{
    size_t len = 16 * PAGE;
    unsigned char *p = mmap(NULL, len, RW, ANON, -1, 0);
    REQUIRE(p != MAP_FAILED);
    CHECK_EQ((uintptr_t)p % PAGE, 0);
    bool zero = true;
    for (size_t i = 0; i < len; i++)
        zero = zero && p[i] == 0;
    CHECK(zero);
    for (size_t i = 0; i < len; i += 512)
        p[i] = (unsigned char)(i / 512);
    for (size_t i = 0; i < len; i += 512)
        CHECK_EQ(p[i], (unsigned char)(i / 512));
    CHECK_OK(munmap(p, len));
    EXPECT_READ_FAULT(p);
    EXPECT_READ_FAULT(p + len - 1);
}

TEST(mmap, odd_lengths_round_up)
{
    char *p = mmap(NULL, 100, RW, ANON, -1, 0);
    REQUIRE(p != MAP_FAILED);
    p[PAGE - 1] = 'x';   /* the rest of the page is there */
    CHECK_OK(munmap(p, 100));
    EXPECT_READ_FAULT(p + PAGE - 1);
}

TEST(mmap, argument_errors)
{
    CHECK_ERRNO(mmap(NULL, 0, RW, ANON, -1, 0), EINVAL);
    CHECK_ERRNO(mmap(NULL, PAGE, RW, MAP_ANONYMOUS, -1, 0), EINVAL);  /* neither shared nor private */
    CHECK_ERRNO(mmap(NULL, PAGE, RW, MAP_SHARED | MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), EINVAL);
    CHECK_ERRNO(mmap(NULL, PAGE, 0x80, ANON, -1, 0), EINVAL);
    CHECK_ERRNO(mmap(NULL, PAGE, RW, ANON | 0x40000000, -1, 0), EINVAL);
    CHECK_ERRNO(mmap((void *)0x10000001, PAGE, RW, ANON | MAP_FIXED, -1, 0), EINVAL);
    CHECK_ERRNO(mmap(NULL, PAGE, RW, ANON, -1, 4096), EINVAL);
    /* Kernel space is not available at any price. */
    void *k = mmap((void *)0xC0000000, PAGE, RW, ANON | MAP_FIXED, -1, 0);
    CHECK(k == MAP_FAILED && (errno == EINVAL || errno == ENOMEM));
    k = mmap((void *)0xBFFFF000, 2 * PAGE, RW, ANON | MAP_FIXED, -1, 0);
    CHECK(k == MAP_FAILED && (errno == EINVAL || errno == ENOMEM));
    /* The null page stays unmapped. */
    k = mmap((void *)0, PAGE, RW, ANON | MAP_FIXED, -1, 0);
    CHECK(k == MAP_FAILED);
    /* More than the address space. */
    CHECK_ERRNO(mmap(NULL, 0xF0000000u, RW, ANON, -1, 0), ENOMEM);
    CHECK_EQ(RAW1(SYS_mmap, 0xC0000000), -EFAULT);
    CHECK_EQ(RAW1(SYS_mmap, 0x10), -EFAULT);

    CHECK_ERRNO(munmap((void *)0x10000001, PAGE), EINVAL);
    CHECK_ERRNO(munmap((void *)0x10000000, 0), EINVAL);
    CHECK_ERRNO(munmap((void *)0xC0000000, PAGE), EINVAL);
    CHECK_ERRNO(mprotect((void *)0x10000001, PAGE, PROT_READ), EINVAL);
    /* Nothing mapped there. */
    CHECK_ERRNO(mprotect((void *)0x7fff0000, PAGE, PROT_READ), ENOMEM);
}

TEST(mmap, unmapping_nothing_is_fine)
{
    char *p = mmap(NULL, PAGE, RW, ANON, -1, 0);
    REQUIRE(p != MAP_FAILED);
    CHECK_OK(munmap(p, PAGE));
    CHECK_OK(munmap(p, PAGE));
}

TEST(mmap, partial_unmap_leaves_a_hole)
{
    char *p = mmap(NULL, 3 * PAGE, RW, ANON, -1, 0);
    REQUIRE(p != MAP_FAILED);
    memset(p, 'a', 3 * PAGE);
    CHECK_OK(munmap(p + PAGE, PAGE));
    CHECK_EQ(p[0], 'a');
    CHECK_EQ(p[2 * PAGE], 'a');
    EXPECT_READ_FAULT(p + PAGE);
    /* The hole can be filled again, zeroed. */
    char *q = mmap(p + PAGE, PAGE, RW, ANON | MAP_FIXED, -1, 0);
    CHECK(q == p + PAGE);
    CHECK_EQ(q[0], 0);
    CHECK_OK(munmap(p, 3 * PAGE));
}

TEST(mmap, map_fixed_replaces)
{
    char *p = mmap(NULL, 4 * PAGE, RW, ANON, -1, 0);
    REQUIRE(p != MAP_FAILED);
    memset(p, 'o', 4 * PAGE);
    char *q = mmap(p + PAGE, 2 * PAGE, PROT_READ, ANON | MAP_FIXED, -1, 0);
    CHECK(q == p + PAGE);
    CHECK_EQ(p[0], 'o');
    CHECK_EQ(q[0], 0);          /* fresh memory */
    CHECK_EQ(q[2 * PAGE - 1], 0);
    CHECK_EQ(p[3 * PAGE], 'o');
    EXPECT_WRITE_FAULT(q);      /* with the new protection */
    /* A hint that is free is taken as is. */
    CHECK_OK(munmap(p, 4 * PAGE));
    char *r = mmap(p, PAGE, RW, ANON, -1, 0);
    CHECK(r == p);
    munmap(r, PAGE);
}

TEST(mmap, fixed_noreplace)
{
    char *p = mmap(NULL, 2 * PAGE, RW, ANON, -1, 0);
    REQUIRE(p != MAP_FAILED);
    p[0] = 'k';
    /* Occupied: refused, and the old contents stay. */
    CHECK_ERRNO(mmap(p, PAGE, RW, ANON | MAP_FIXED_NOREPLACE, -1, 0), EEXIST);
    CHECK_EQ(p[0], 'k');
    CHECK_OK(munmap(p, 2 * PAGE));
    char *q = mmap(p, PAGE, RW, ANON | MAP_FIXED_NOREPLACE, -1, 0);
    CHECK(q == p);
}

TEST(mmap, shared_memory_seen_by_forked_child)
{
    volatile int *shared = mmap(NULL, PAGE, RW, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    volatile int *private = mmap(NULL, PAGE, RW, ANON, -1, 0);
    REQUIRE(shared != MAP_FAILED && private != MAP_FAILED);
    shared[0] = 1;
    private[0] = 1;
    pid_t pid = tl_fork();
    if (pid == 0) {
        CHECK_EQ(shared[0], 1);
        shared[0] = 2;
        private[0] = 2;
        /* wait for the parent's answer through the shared page */
        int64_t until = tl_now_ns() + 10000000000LL;
        while (shared[1] != 3 && tl_now_ns() < until)
            tl_yield();
        CHECK_EQ(shared[1], 3);
        CHECK_EQ(private[0], 2);
        tl_exit();
    }
    int64_t until = tl_now_ns() + 10000000000LL;
    while (shared[0] != 2 && tl_now_ns() < until)
        tl_yield();
    CHECK_EQ(shared[0], 2);
    CHECK_EQ(private[0], 1);
    shared[1] = 3;
    tl_wait_exit(pid, 0);
    /* Still shared after the child is gone; unmapping in the parent only. */
    CHECK_EQ(shared[1], 3);
}

TEST(mmap, mprotect_read_only_then_write_faults)
{
    char *p = mmap(NULL, 2 * PAGE, RW, ANON, -1, 0);
    REQUIRE(p != MAP_FAILED);
    p[0] = 'r';
    p[PAGE] = 's';
    CHECK_OK(mprotect(p, PAGE, PROT_READ));
    CHECK_EQ(p[0], 'r');
    EXPECT_WRITE_FAULT(p);
    p[PAGE] = 't';   /* the other page keeps its rights */
    CHECK_OK(mprotect(p, PAGE, PROT_NONE));
    EXPECT_READ_FAULT(p);
    CHECK_OK(mprotect(p, 2 * PAGE, RW));
    p[0] = 'w';
    CHECK_EQ(p[0], 'w');
    CHECK_EQ(p[PAGE], 't');
    /* Kernel copies honour the protection too. */
    CHECK_OK(mprotect(p, PAGE, PROT_READ));
    int fds[2];
    REQUIRE_OK(pipe(fds));
    CHECK_EQ(write(fds[1], "abc", 3), 3);
    CHECK_ERRNO(read(fds[0], p, 3), EFAULT);
    CHECK_EQ(write(fds[1], p, 1), 1);   /* reading from it is fine */
}

TEST(mmap, write_xor_execute)
{
    CHECK_ERRNO(mmap(NULL, PAGE, PROT_READ | PROT_WRITE | PROT_EXEC, ANON, -1, 0), EINVAL);
    unsigned char *p = mmap(NULL, PAGE, RW, ANON, -1, 0);
    REQUIRE(p != MAP_FAILED);
    CHECK_ERRNO(mprotect(p, PAGE, PROT_READ | PROT_WRITE | PROT_EXEC), EINVAL);
    /* Write, then flip to read+execute: code generation stays possible. */
    p[0] = 0xB8;    /* mov eax, 42 */
    p[1] = 42;
    p[2] = p[3] = p[4] = 0;
    p[5] = 0xC3;    /* ret */
    CHECK_OK(mprotect(p, PAGE, PROT_READ | PROT_EXEC));
    int (*fn)(void) = (int (*)(void))(void *)p;
    CHECK_EQ(fn(), 42);
    EXPECT_WRITE_FAULT(p);
    /* Back to writable: no longer executable. */
    CHECK_OK(mprotect(p, PAGE, RW));
    pid_t pid = tl_fork();
    if (pid == 0) {
        fn();
        _exit(0);
    }
    tl_wait_signal(pid, SIGSEGV);
    /* The program's own code is not writable. */
    EXPECT_WRITE_FAULT((char *)(uintptr_t)&expect_fault);
}

TEST(mmap, stacks_refuse_exec)
{
    void *s = mmap(NULL, 4 * PAGE, RW, ANON | MAP_STACK, -1, 0);
    REQUIRE(s != MAP_FAILED);
    CHECK_ERRNO(mprotect(s, PAGE, PROT_READ | PROT_EXEC), EACCES);
    CHECK_ERRNO(mmap(NULL, PAGE, PROT_READ | PROT_EXEC, ANON | MAP_STACK, -1, 0), EACCES);
    /* The main stack, too. */
    char local[16];
    uintptr_t page = (uintptr_t)local & ~(uintptr_t)(PAGE - 1);
    CHECK_ERRNO(mprotect((void *)page, PAGE, PROT_READ | PROT_EXEC), EACCES);
}

TEST(mmap, many_mappings_come_and_go)
{
    enum { N = 300 };
    static char *maps[N];
    for (int round = 0; round < 3; round++) {
        for (int i = 0; i < N; i++) {
            maps[i] = mmap(NULL, (i % 4 + 1) * PAGE, RW, ANON, -1, 0);
            if (!CHECK(maps[i] != MAP_FAILED))
                return;
            maps[i][0] = (char)i;
        }
        for (int i = 0; i < N; i++) {
            CHECK_EQ(maps[i][0], (char)i);
            CHECK_OK(munmap(maps[i], (i % 4 + 1) * PAGE));
        }
    }
}

TEST(mmap, large_mapping_is_lazy)
{
    /* 256 MiB of address space on a 256 MiB machine: only touched pages
     * cost memory. */
    size_t len = 256u << 20;
    char *p = mmap(NULL, len, RW, ANON, -1, 0);
    REQUIRE(p != MAP_FAILED);
    p[0] = 1;
    p[len / 2] = 2;
    p[len - 1] = 3;
    CHECK_EQ(p[len / 2], 2);
    CHECK_OK(munmap(p, len));
}

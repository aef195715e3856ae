/* Faults in user code: each kind kills only the faulting process, with the
 * signal a parent expects to see in waitpid. */
#include "testlib.h"
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

typedef void (*crash_fn)(void);

static void run_crash(crash_fn fn, int sig, const char *what, const char *file, int line)
{
    pid_t pid = tl_fork();
    if (pid == 0) {
        fn();
        _exit(0);
    }
    int st = tl_wait(pid);
    if (!WIFSIGNALED(st) || WTERMSIG(st) != sig)
        tl_fail(file, line, "%s: child %s, expected %s", what, tl_status_text(st), tl_signal_name(sig));
}
#define EXPECT_CRASH(fn, sig) run_crash((fn), (sig), #fn, __FILE__, __LINE__)

static void null_read(void) { (void)*(volatile int *)0; }
static void null_write(void) { *(volatile int *)0 = 1; }
static void kernel_read(void) { (void)*(volatile int *)0xC0100000; }
static void kernel_write(void) { *(volatile int *)0xC0100000 = 1; }

static void divide_by_zero(void)
{
    volatile int zero = 0, one = 1;
    volatile int r = one / zero;
    (void)r;
}

static void divide_overflow(void)
{
    /* INT_MIN / -1 does not fit: the CPU raises the divide error too. */
    __asm__ volatile("mov $0x80000000, %%eax\n\tcltd\n\tmov $-1, %%ecx\n\tidiv %%ecx" ::: "eax", "ecx", "edx");
}

static void undefined_instruction(void) { __asm__ volatile("ud2"); }
static void breakpoint(void) { __asm__ volatile("int3"); }
static void halt(void) { __asm__ volatile("hlt"); }
static void clear_interrupts(void) { __asm__ volatile("cli"); }
static void port_output(void) { __asm__ volatile("outb %%al, $0x80" ::"a"(0)); }
static void load_cr3(void) { __asm__ volatile("mov %%eax, %%cr3" ::"a"(0)); }
static void system_call_gate_to_kernel_vector(void) { __asm__ volatile("int $0x0e"); }

static void write_to_text(void)
{
    *(volatile unsigned char *)(uintptr_t)&tl_fork = 0xC3;
}

static void execute_stack(void)
{
    unsigned char code[8] = { 0xC3 };  /* ret */
    ((void (*)(void))(void *)code)();
}

static char data_code[8] = { (char)0xC3 };
static void execute_data(void) { ((void (*)(void))(void *)data_code)(); }

static void jump_to_kernel(void) { ((void (*)(void))0xC0100000)(); }
static void jump_to_null(void) { ((void (*)(void))0)(); }

/* Recursion without end; the volatile limit hides that from the compiler. */
static volatile int recursion_limit = -1;
static int recurse(int depth)
{
    volatile char pad[512];
    pad[0] = (char)depth;
    if (depth == recursion_limit)
        return 0;
    return recurse(depth + 1) + pad[0];
}
static void stack_overflow(void) { recurse(0); }

static void abort_call(void) { abort(); }

TEST(crash, memory_faults_give_sigsegv)
{
    EXPECT_CRASH(null_read, SIGSEGV);
    EXPECT_CRASH(null_write, SIGSEGV);
    EXPECT_CRASH(kernel_read, SIGSEGV);
    EXPECT_CRASH(kernel_write, SIGSEGV);
    EXPECT_CRASH(write_to_text, SIGSEGV);
    EXPECT_CRASH(jump_to_kernel, SIGSEGV);
    EXPECT_CRASH(jump_to_null, SIGSEGV);
}

TEST(crash, non_executable_memory)
{
    EXPECT_CRASH(execute_stack, SIGSEGV);
    EXPECT_CRASH(execute_data, SIGSEGV);
}

TEST(crash, stack_overflow_gives_sigsegv)
{
    EXPECT_CRASH(stack_overflow, SIGSEGV);
}

TEST(crash, arithmetic_gives_sigfpe)
{
    EXPECT_CRASH(divide_by_zero, SIGFPE);
    EXPECT_CRASH(divide_overflow, SIGFPE);
}

TEST(crash, bad_instructions)
{
    EXPECT_CRASH(undefined_instruction, SIGILL);
    EXPECT_CRASH(breakpoint, SIGTRAP);
}

TEST(crash, privileged_instructions_give_sigsegv)
{
    EXPECT_CRASH(halt, SIGSEGV);
    EXPECT_CRASH(clear_interrupts, SIGSEGV);
    EXPECT_CRASH(port_output, SIGSEGV);
    EXPECT_CRASH(load_cr3, SIGSEGV);
    EXPECT_CRASH(system_call_gate_to_kernel_vector, SIGSEGV);
}

TEST(crash, abort_gives_sigabrt)
{
    EXPECT_CRASH(abort_call, SIGABRT);
}

TEST(crash, crash_does_not_disturb_the_parent)
{
    /* Many crashes in a row; the parent and its memory are untouched. */
    static int canary = 0x5a5a;
    for (int i = 0; i < 50; i++)
        EXPECT_CRASH(null_write, SIGSEGV);
    CHECK_EQ(canary, 0x5a5a);
}

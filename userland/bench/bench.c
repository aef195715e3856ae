/* Micro-benchmarks of the kernel paths programs use most: a system call,
 * fork/exit/wait, a pipe round trip, pipe throughput, file creation,
 * thread creation and anonymous mappings. Run it under QEMU with
 * `-icount shift=0` (make bench): the guest clock then counts executed
 * instructions, so the figures repeat exactly from run to run and changes
 * in the kernel show up as changes in these numbers.
 *
 * Each line: "bench: NAME: X ns/op (N ops)". As pid 1 (init=/bin/bench) it
 * powers the machine off when done. */
#include <fcntl.h>
#include <kestrel.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int64_t now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

static void report(const char *name, int64_t start, long ops)
{
    int64_t elapsed = now_ns() - start;
    printf("bench: %s: %lld ns/op (%ld ops)\n", name, (long long)(elapsed / ops), ops);
    fflush(stdout);
}

static void bench_syscall(void)
{
    const long n = 200000;
    int64_t t = now_ns();
    for (long i = 0; i < n; i++)
        (void)getppid();
    report("getppid", t, n);
}

static void bench_fork(void)
{
    const long n = 500;
    int64_t t = now_ns();
    for (long i = 0; i < n; i++) {
        pid_t pid = fork();
        if (pid == 0)
            _exit(0);
        waitpid(pid, NULL, 0);
    }
    report("fork+exit+wait", t, n);
}

static void bench_pipe_round_trip(void)
{
    const long n = 10000;
    int there[2], back[2];
    if (pipe(there) < 0 || pipe(back) < 0)
        return;
    pid_t pid = fork();
    if (pid == 0) {
        char c;
        /* Only the parent may hold the write end, or the read never ends. */
        close(there[1]);
        close(back[0]);
        while (read(there[0], &c, 1) == 1)
            write(back[1], &c, 1);
        _exit(0);
    }
    char c = 'x';
    int64_t t = now_ns();
    for (long i = 0; i < n; i++) {
        write(there[1], &c, 1);
        read(back[0], &c, 1);
    }
    report("pipe round trip", t, n);
    close(there[1]);
    waitpid(pid, NULL, 0);
    close(there[0]), close(back[0]), close(back[1]);
}

static void bench_pipe_throughput(void)
{
    const long chunks = 2048;
    static char buf[4096];
    int p[2];
    if (pipe(p) < 0)
        return;
    pid_t pid = fork();
    if (pid == 0) {
        close(p[1]);
        while (read(p[0], buf, sizeof(buf)) > 0)
            ;
        _exit(0);
    }
    close(p[0]);
    int64_t t = now_ns();
    for (long i = 0; i < chunks; i++)
        write(p[1], buf, sizeof(buf));
    close(p[1]);
    waitpid(pid, NULL, 0);
    report("pipe 4 KiB write (8 MiB total)", t, chunks);
}

static void bench_files(void)
{
    const long n = 1000;
    char name[64];
    int64_t t = now_ns();
    for (long i = 0; i < n; i++) {
        snprintf(name, sizeof(name), "/tmp/bench.%ld", i);
        int fd = open(name, O_CREAT | O_WRONLY | O_TRUNC, 0644);
        write(fd, name, 16);
        close(fd);
    }
    for (long i = 0; i < n; i++) {
        snprintf(name, sizeof(name), "/tmp/bench.%ld", i);
        unlink(name);
    }
    report("create+write+close+unlink", t, n);
}

static void *thread_body(void *arg) { return arg; }

static void bench_threads(void)
{
    const long n = 500;
    int64_t t = now_ns();
    for (long i = 0; i < n; i++) {
        pthread_t th;
        if (pthread_create(&th, NULL, thread_body, NULL) == 0)
            pthread_join(th, NULL);
    }
    report("pthread create+join", t, n);
}

static void bench_mmap(void)
{
    const long n = 2000;
    int64_t t = now_ns();
    for (long i = 0; i < n; i++) {
        char *p = mmap(NULL, 65536, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (p == MAP_FAILED)
            break;
        p[0] = 1;           /* one demand-zero fault */
        munmap(p, 65536);
    }
    report("mmap+touch+munmap 64 KiB", t, n);
}

int main(void)
{
    printf("bench: start\n");
    bench_syscall();
    bench_fork();
    bench_pipe_round_trip();
    bench_pipe_throughput();
    bench_files();
    bench_threads();
    bench_mmap();
    printf("bench: done\n");
    fflush(stdout);
    if (getpid() == 1)
        power(POWER_OFF);
    return 0;
}

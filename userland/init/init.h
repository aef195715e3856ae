/* init: pid 1. See userland/etc/inittab for what it runs and how it is
 * told to stop. */
#ifndef INIT_H
#define INIT_H
#include <stdbool.h>
#include <sys/types.h>

#define INIT_MAX_CONSOLES 8
#define INIT_MAX_ARGS     8

struct console {
    char device[64];
    char *argv[INIT_MAX_ARGS + 1];
    char storage[256];          /* the strings argv points into */
    pid_t pid;                  /* the running program, or 0 */
    long long started_ms;       /* when it was last started */
    long long retry_at_ms;      /* not before then (after quick deaths or failures) */
    int quick_deaths;           /* in a row: each doubles the pause */
};

/* Reads the table; returns how many entries it filled (0 on a missing or
 * empty file, with a message). */
int inittab_read(const char *path, struct console *out, int max);

/* Mounts what the system needs (/proc, /dev, /dev/pts, /tmp) where it is
 * not there yet; file systems the kernel lacks are reported, not fatal. */
void init_mount_all(void);

void init_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
long long init_now_ms(void);
#endif

/* Unique temporary names: mkstemp and mkdtemp replace the template's
 * trailing XXXXXX with random letters until creating the file (or
 * directory) exclusively succeeds. */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define ATTEMPTS 100

static const char letters[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

/* The six X's at the end of the template, or NULL (EINVAL) without them. */
static char *suffix(char *template)
{
    size_t len = strlen(template);
    if (len < 6 || strcmp(template + len - 6, "XXXXXX") != 0) {
        errno = EINVAL;
        return NULL;
    }
    return template + len - 6;
}

/* Fills the six characters. Without kernel randomness the clock and the
 * pid still make collisions rare, and O_EXCL makes them harmless. */
static void fill(char *x)
{
    unsigned char r[6];
    if (getrandom(r, sizeof(r), 0) != (ssize_t)sizeof(r)) {
        static uint32_t state;
        struct timespec ts = { 0, 0 };
        clock_gettime(CLOCK_MONOTONIC, &ts);
        state = state * 1664525u + 1013904223u + (uint32_t)ts.tv_nsec + (uint32_t)getpid();
        for (int i = 0; i < 6; i++)
            r[i] = (unsigned char)(state >> (i * 5));
    }
    for (int i = 0; i < 6; i++)
        x[i] = letters[r[i] % (sizeof(letters) - 1)];
}

int mkstemp(char *template)
{
    char *x = suffix(template);
    if (!x)
        return -1;
    for (int i = 0; i < ATTEMPTS; i++) {
        fill(x);
        int fd = open(template, O_RDWR | O_CREAT | O_EXCL, 0600);
        if (fd >= 0 || errno != EEXIST)
            return fd;
    }
    memcpy(x, "XXXXXX", 6);
    return -1;
}

char *mkdtemp(char *template)
{
    char *x = suffix(template);
    if (!x)
        return NULL;
    for (int i = 0; i < ATTEMPTS; i++) {
        fill(x);
        if (mkdir(template, 0700) == 0)
            return template;
        if (errno != EEXIST)
            return NULL;
    }
    memcpy(x, "XXXXXX", 6);
    return NULL;
}

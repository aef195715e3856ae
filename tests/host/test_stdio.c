/* stdio's buffering over a fake device (fopencookie): what reaches the
 * device and when, for each buffering mode; short writes and reads; write
 * errors and recovery; positions with read-ahead and pending output; the
 * formatted and line functions on top. Plus one round trip through a real
 * file, where stdio's descriptor calls reach the host's. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/types.h>
#include <unistd.h>

#include "host_test.h"

/* ---- libc under test (kl_ names) ---- */
typedef struct __file KFILE;
struct kl_io {
    ssize_t (*read)(void *, char *, size_t);
    ssize_t (*write)(void *, const char *, size_t);
    int (*seek)(void *, off_t *, int);
    int (*close)(void *);
};
KFILE *kl_fopencookie(void *cookie, const char *mode, struct kl_io io);
KFILE *kl_fopen(const char *path, const char *mode);
int kl_fclose(KFILE *f);
int kl_fflush(KFILE *f);
int kl_setvbuf(KFILE *f, char *buf, int mode, size_t size);
int kl_fputc(int c, KFILE *f);
int kl_fputs(const char *s, KFILE *f);
int kl_fgetc(KFILE *f);
int kl_ungetc(int c, KFILE *f);
char *kl_fgets(char *s, int n, KFILE *f);
size_t kl_fread(void *p, size_t size, size_t n, KFILE *f);
size_t kl_fwrite(const void *p, size_t size, size_t n, KFILE *f);
int kl_fseeko(KFILE *f, off_t off, int whence);
off_t kl_ftello(KFILE *f);
int kl_feof(KFILE *f);
int kl_ferror(KFILE *f);
void kl_clearerr(KFILE *f);
int kl_fprintf(KFILE *f, const char *fmt, ...);
int kl_fscanf(KFILE *f, const char *fmt, ...);
ssize_t kl_getline(char **line, size_t *cap, KFILE *f);
void kl_free(void *p);
KFILE *kl_fmemopen(void *buf, size_t size, const char *mode);
KFILE *kl_open_memstream(char **ptr, size_t *sizeloc);

/* The allocator's page source, which the host build leaves to the test. */
void *kl___libc_pages_alloc(size_t bytes)
{
    void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    return p == MAP_FAILED ? NULL : p;
}

void kl___libc_pages_free(void *p, size_t bytes)
{
    munmap(p, bytes);
}

/* ---- the fake device ---- */
struct device {
    char data[200000];
    size_t size;          /* bytes stored */
    size_t pos;
    size_t max_io;        /* largest transfer per call; 0 = unlimited */
    long fail_writes;     /* writes to refuse with EIO before working again */
    int writes, reads;    /* calls seen */
    int closed;
};

static ssize_t dev_read(void *c, char *buf, size_t n)
{
    struct device *d = c;
    d->reads++;
    if (d->max_io && n > d->max_io)
        n = d->max_io;
    if (d->pos >= d->size)
        return 0;
    if (n > d->size - d->pos)
        n = d->size - d->pos;
    memcpy(buf, d->data + d->pos, n);
    d->pos += n;
    return (ssize_t)n;
}

static ssize_t dev_write(void *c, const char *buf, size_t n)
{
    struct device *d = c;
    d->writes++;
    if (d->fail_writes > 0) {
        d->fail_writes--;
        errno = EIO;
        return -1;
    }
    if (d->max_io && n > d->max_io)
        n = d->max_io;
    if (d->pos + n > sizeof(d->data))
        n = sizeof(d->data) - d->pos;
    memcpy(d->data + d->pos, buf, n);
    d->pos += n;
    if (d->pos > d->size)
        d->size = d->pos;
    return (ssize_t)n;
}

static int dev_seek(void *c, off_t *off, int whence)
{
    struct device *d = c;
    off_t base = whence == SEEK_SET ? 0 : whence == SEEK_CUR ? (off_t)d->pos : (off_t)d->size;
    if (base + *off < 0) {
        errno = EINVAL;
        return -1;
    }
    d->pos = (size_t)(base + *off);
    *off = (off_t)d->pos;
    return 0;
}

static int dev_close(void *c)
{
    ((struct device *)c)->closed = 1;
    return 0;
}

static const struct kl_io dev_io = { dev_read, dev_write, dev_seek, dev_close };

static struct device *new_device(const char *contents)
{
    struct device *d = calloc(1, sizeof(*d));
    if (contents) {
        d->size = strlen(contents);
        memcpy(d->data, contents, d->size);
    }
    return d;
}

/* ---- tests ---- */

static void test_full_buffering(void)
{
    struct device *d = new_device(NULL);
    KFILE *f = kl_fopencookie(d, "w", dev_io);
    CHECK(f != NULL);
    for (int i = 0; i < 100; i++)
        CHECK(kl_fputc('a' + i % 26, f) == 'a' + i % 26);
    CHECK(kl_fputs("line\n", f) == 0);
    CHECK(d->writes == 0);  /* all buffered, newline or not */
    CHECK(kl_fflush(f) == 0 && d->writes == 1 && d->size == 105);

    /* A block bigger than the buffer goes straight through. */
    static char big[10000];
    memset(big, 'z', sizeof(big));
    d->writes = 0;
    CHECK(kl_fwrite(big, 1, sizeof(big), f) == sizeof(big));
    CHECK(d->writes == 1 && d->size == 105 + sizeof(big));

    /* Filling the buffer exactly writes it out once. */
    d->writes = 0;
    char chunk[4096];
    memset(chunk, 'y', sizeof(chunk));
    CHECK(kl_fwrite(chunk, 1, 100, f) == 100);
    CHECK(kl_fwrite(chunk, 1, 4096, f) == 4096);
    CHECK(d->writes == 1);
    CHECK(kl_fclose(f) == 0 && d->closed && d->size == 105 + sizeof(big) + 4196);
    free(d);
}

static void test_line_and_no_buffering(void)
{
    struct device *d = new_device(NULL);
    KFILE *f = kl_fopencookie(d, "w", dev_io);
    CHECK(kl_setvbuf(f, NULL, 1 /* _IOLBF */, 64) == 0);
    CHECK(kl_fputs("no newline", f) == 0 && d->writes == 0);
    CHECK(kl_fputs(" yet\nmore", f) == 0 && d->writes == 1);
    CHECK(d->size == strlen("no newline yet\nmore"));
    CHECK(kl_fprintf(f, "%d\n", 5) == 2 && d->writes == 2);
    kl_fclose(f);

    d->size = d->pos = 0;
    d->writes = 0;
    f = kl_fopencookie(d, "w", dev_io);
    CHECK(kl_setvbuf(f, NULL, 2 /* _IONBF */, 0) == 0);
    CHECK(kl_fputc('a', f) == 'a' && d->writes == 1);
    CHECK(kl_fputs("bcd", f) == 0 && d->writes == 2 && d->size == 4);
    CHECK(kl_fprintf(f, "%s", "xyz") == 3 && d->size == 7);
    kl_fclose(f);
    CHECK(memcmp(d->data, "abcdxyz", 7) == 0);
    f = kl_fopencookie(d, "w", dev_io);
    errno = 0;
    CHECK(kl_setvbuf(f, NULL, 7, 0) == -1 && errno == EINVAL);
    kl_fclose(f);
    free(d);
}

static void test_short_writes_and_errors(void)
{
    struct device *d = new_device(NULL);
    d->max_io = 3;
    KFILE *f = kl_fopencookie(d, "w", dev_io);
    CHECK(kl_fputs("0123456789", f) == 0);
    CHECK(kl_fflush(f) == 0 && d->size == 10 && d->writes == 4);
    CHECK(memcmp(d->data, "0123456789", 10) == 0);

    /* A failing device: the error shows in fflush and ferror, and the
     * unwritten bytes stay for a later attempt. */
    d->max_io = 0;
    d->fail_writes = 1;
    CHECK(kl_fputs("abc", f) == 0);
    errno = 0;
    CHECK(kl_fflush(f) == EOF && errno == EIO && kl_ferror(f));
    kl_clearerr(f);
    CHECK(!kl_ferror(f));
    CHECK(kl_fflush(f) == 0 && d->size == 13 && memcmp(d->data + 10, "abc", 3) == 0);

    /* printf reports the failure of its own output. */
    CHECK(kl_setvbuf(f, NULL, 2, 0) == 0);
    d->fail_writes = 100;
    CHECK(kl_fprintf(f, "%s", "lost") == -1);
    CHECK(kl_fputc('x', f) == EOF);
    d->fail_writes = 0;
    kl_fclose(f);
    free(d);
}

static void test_reading(void)
{
    struct device *d = new_device("first line\nsecond\n\nlast without newline");
    d->max_io = 5;  /* reads come back in small pieces */
    KFILE *f = kl_fopencookie(d, "r", dev_io);
    char buf[64];
    CHECK(kl_fgets(buf, sizeof(buf), f) && strcmp(buf, "first line\n") == 0);
    CHECK(kl_fgetc(f) == 's');
    CHECK(kl_ungetc('S', f) == 'S');
    CHECK(kl_fgets(buf, sizeof(buf), f) && strcmp(buf, "Second\n") == 0);
    CHECK(kl_fgets(buf, sizeof(buf), f) && strcmp(buf, "\n") == 0);
    CHECK(kl_fgets(buf, 5, f) && strcmp(buf, "last") == 0);  /* n - 1 characters */
    CHECK(kl_fgets(buf, sizeof(buf), f) && strcmp(buf, " without newline") == 0);
    CHECK(kl_fgets(buf, sizeof(buf), f) == NULL && kl_feof(f) && !kl_ferror(f));
    int reads = d->reads;
    CHECK(kl_fgetc(f) == EOF && d->reads == reads);  /* sticky: no new read */
    kl_clearerr(f);
    CHECK(kl_fgetc(f) == EOF && d->reads == reads + 1);
    CHECK(kl_ungetc('q', f) == 'q' && !kl_feof(f) && kl_fgetc(f) == 'q');
    CHECK(kl_fputc('x', f) == EOF && kl_ferror(f));  /* read-only stream */
    kl_fclose(f);

    /* fread across many refills, and a request that bypasses the buffer. */
    static char text[50000];
    for (size_t i = 0; i < sizeof(text) - 1; i++)
        text[i] = (char)('A' + i % 23);
    struct device *big = new_device(text);
    f = kl_fopencookie(big, "r", dev_io);
    static char out[50000];
    CHECK(kl_fread(out, 1, 10, f) == 10);
    CHECK(kl_fread(out + 10, 1, 20000, f) == 20000);
    CHECK(kl_fread(out + 20010, 3, 10000, f) == 9996);  /* whole items only */
    CHECK(memcmp(out, text, 49999) == 0 && kl_feof(f));
    kl_fclose(f);
    free(big);
    free(d);
}

static void test_positions(void)
{
    struct device *d = new_device("0123456789abcdefghij");
    KFILE *f = kl_fopencookie(d, "r+", dev_io);
    CHECK(kl_fgetc(f) == '0' && kl_fgetc(f) == '1');
    /* The device is far ahead (read-ahead), the stream is at 2. */
    CHECK(d->pos == 20 && kl_ftello(f) == 2);
    CHECK(kl_fseeko(f, 3, 1 /* SEEK_CUR */) == 0 && kl_fgetc(f) == '5');
    /* Writing after reading lands at the stream's position. */
    CHECK(kl_fputc('X', f) == 'X');
    CHECK(kl_ftello(f) == 7);
    CHECK(kl_fseeko(f, 0, 0) == 0 && d->data[6] == 'X');
    char buf[32];
    CHECK(kl_fgets(buf, sizeof(buf), f) && strcmp(buf, "012345X789abcdefghij") == 0);
    /* Pending output counts in ftell. */
    CHECK(kl_fseeko(f, -4, 2 /* SEEK_END */) == 0 && kl_fputs("WXY", f) == 0);
    CHECK(kl_ftello(f) == 19 && d->data[16] == 'g');
    CHECK(kl_fflush(f) == 0 && memcmp(d->data + 16, "WXYj", 4) == 0);
    errno = 0;
    CHECK(kl_fseeko(f, 0, 9) == -1 && errno == EINVAL);
    kl_fclose(f);

    /* A stream without a seek function is a pipe: ESPIPE. */
    struct kl_io no_seek = dev_io;
    no_seek.seek = NULL;
    f = kl_fopencookie(d, "r", no_seek);
    errno = 0;
    CHECK(kl_ftello(f) == -1 && errno == ESPIPE);
    kl_fclose(f);
    free(d);
}

static void test_scan_and_getline(void)
{
    struct device *d = new_device("12 abc 3.5\nline two is a bit longer\nend");
    d->max_io = 4;
    KFILE *f = kl_fopencookie(d, "r", dev_io);
    int n = 0;
    char word[8];
    double x = 0;
    CHECK(kl_fscanf(f, "%d %7s %lf", &n, word, &x) == 3);
    CHECK(n == 12 && strcmp(word, "abc") == 0 && x == 3.5);
    char *line = NULL;
    size_t cap = 0;
    CHECK(kl_getline(&line, &cap, f) == 1 && strcmp(line, "\n") == 0);
    CHECK(kl_getline(&line, &cap, f) == 25 && strcmp(line, "line two is a bit longer\n") == 0);
    CHECK(kl_getline(&line, &cap, f) == 3 && strcmp(line, "end") == 0);
    CHECK(kl_getline(&line, &cap, f) == -1);
    CHECK(kl_fscanf(f, "%d", &n) == EOF);
    kl_free(line);  /* getline's buffer comes from libc's allocator */
    kl_fclose(f);
    free(d);
}

static void test_real_file(void)
{
    char path[] = "/tmp/kestrel-stdio-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    close(fd);
    KFILE *f = kl_fopen(path, "w+");
    CHECK(f != NULL);
    if (!f)
        return;
    CHECK(kl_fprintf(f, "%s %d\n", "value", 99) == 9);
    CHECK(kl_fseeko(f, 0, 0) == 0);
    char buf[32];
    CHECK(kl_fgets(buf, sizeof(buf), f) && strcmp(buf, "value 99\n") == 0);
    CHECK(kl_fclose(f) == 0);
    errno = 0;
    CHECK(kl_fopen(path, "wx") == NULL && errno == EEXIST);
    errno = 0;
    CHECK(kl_fopen("/nonexistent/dir/file", "r") == NULL && errno == ENOENT);
    unlink(path);
}

static void test_memory_streams(void)
{
    char buf[16];
    memset(buf, 'x', sizeof(buf));
    KFILE *f = kl_fmemopen(buf, sizeof(buf), "w");
    CHECK(f != NULL);
    CHECK(buf[0] == '\0');  /* "w" starts empty */
    CHECK(kl_fprintf(f, "%d-%s", 42, "ab") == 5);
    CHECK(kl_fflush(f) == 0 && strcmp(buf, "42-ab") == 0);
    CHECK(kl_fseeko(f, 0, 0) == 0 && kl_fputc('Z', f) == 'Z' && kl_fflush(f) == 0);
    CHECK(strcmp(buf, "Z2-ab") == 0);
    /* More than fits: the rest is refused, the stream marks the error. */
    CHECK(kl_fseeko(f, 0, 2) == 0);
    CHECK(kl_fputs("0123456789abcdef", f) == 0);
    CHECK(kl_fflush(f) == EOF && kl_ferror(f) && memcmp(buf + 5, "0123456789a", 11) == 0);
    kl_fclose(f);

    char text[] = "one two";
    f = kl_fmemopen(text, strlen(text), "r");
    char word[8];
    CHECK(kl_fscanf(f, "%7s", word) == 1 && strcmp(word, "one") == 0);
    CHECK(kl_fgets(word, sizeof(word), f) && strcmp(word, " two") == 0);
    CHECK(kl_fgetc(f) == EOF && kl_feof(f));
    kl_fclose(f);
    CHECK(kl_fmemopen(NULL, 0, "w+") == NULL && errno == EINVAL);

    char *out = NULL;
    size_t len = 99;
    f = kl_open_memstream(&out, &len);
    CHECK(f && out && len == 0);
    for (int i = 0; i < 1000; i++)
        kl_fprintf(f, "%03d,", i);
    CHECK(kl_fflush(f) == 0 && len == 4000 && strncmp(out, "000,001,", 8) == 0 && out[4000] == '\0');
    CHECK(kl_fseeko(f, 4, 0) == 0 && kl_fflush(f) == 0 && len == 4);  /* the position bounds it */
    CHECK(kl_fclose(f) == 0 && len == 4 && strlen(out) == 4000);
    kl_free(out);
}

int main(void)
{
    test_full_buffering();
    test_line_and_no_buffering();
    test_short_writes_and_errors();
    test_reading();
    test_positions();
    test_scan_and_getline();
    test_real_file();
    test_memory_streams();
    return host_test_finish("stdio");
}

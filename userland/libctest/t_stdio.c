/* stdio against real descriptors: buffering, positions, push-back, the
 * formatted functions, and the line readers. */
#include <err.h>
#include <errno.h>
#include <locale.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "libctest.h"

static void path_in_scratch(char *buf, size_t size, const char *name)
{
    snprintf(buf, size, "%s/%s", scratch_dir, name);
}

static void test_write_read_back(void)
{
    char path[128];
    path_in_scratch(path, sizeof(path), "rw.txt");
    FILE *f = fopen(path, "w");
    CHECK(f != NULL);
    if (!f)
        return;
    CHECK(fprintf(f, "line %d\n", 1) == 7);
    CHECK(fputs("second line\n", f) >= 0);
    CHECK(fputc('x', f) == 'x');
    CHECK(fwrite("yz\n", 1, 3, f) == 3);
    CHECK(fclose(f) == 0);

    f = fopen(path, "r");
    CHECK(f != NULL);
    if (!f)
        return;
    char buf[64];
    CHECK(fgets(buf, sizeof(buf), f) && strcmp(buf, "line 1\n") == 0);
    CHECK(fgets(buf, sizeof(buf), f) && strcmp(buf, "second line\n") == 0);
    CHECK(fgetc(f) == 'x');
    CHECK(fgets(buf, sizeof(buf), f) && strcmp(buf, "yz\n") == 0);
    CHECK(fgets(buf, sizeof(buf), f) == NULL);
    CHECK(feof(f) && !ferror(f));
    CHECK(fgetc(f) == EOF); /* end of file stays sticky */
    clearerr(f);
    CHECK(!feof(f));
    CHECK(fclose(f) == 0);
}

static void test_modes(void)
{
    char path[128];
    path_in_scratch(path, sizeof(path), "modes.txt");
    FILE *f = fopen(path, "w");
    CHECK(f && fputs("abc", f) >= 0 && fclose(f) == 0);
    f = fopen(path, "a");
    CHECK(f && fputs("def", f) >= 0 && fclose(f) == 0);
    f = fopen(path, "r+");
    CHECK(f != NULL);
    if (!f)
        return;
    char buf[16] = { 0 };
    CHECK(fread(buf, 1, sizeof(buf) - 1, f) == 6 && strcmp(buf, "abcdef") == 0);
    CHECK(fseek(f, 1, SEEK_SET) == 0);
    CHECK(fputc('B', f) == 'B');
    CHECK(fseek(f, 0, SEEK_SET) == 0);
    CHECK(fgets(buf, sizeof(buf), f) && strcmp(buf, "aBcdef") == 0);
    CHECK(fclose(f) == 0);

    /* "x" refuses an existing file; "w" on a directory fails. */
    errno = 0;
    CHECK(fopen(path, "wx") == NULL && errno == EEXIST);
    errno = 0;
    CHECK(fopen(scratch_dir, "w") == NULL && errno == EISDIR);
    errno = 0;
    CHECK(fopen(path, "q") == NULL && errno == EINVAL);
    /* Writing to a read-only stream is an error, not a crash. */
    f = fopen(path, "r");
    CHECK(f && fputc('z', f) == EOF && ferror(f));
    if (f)
        fclose(f);
}

static void test_seek_tell_ungetc(void)
{
    char path[128];
    path_in_scratch(path, sizeof(path), "seek.txt");
    FILE *f = fopen(path, "w+");
    CHECK(f != NULL);
    if (!f)
        return;
    for (int i = 0; i < 1000; i++)
        fprintf(f, "%03d\n", i);
    CHECK(ftell(f) == 4000);
    rewind(f);
    CHECK(ftell(f) == 0);
    char buf[8];
    CHECK(fgets(buf, sizeof(buf), f) && strcmp(buf, "000\n") == 0);
    CHECK(ftell(f) == 4);
    CHECK(fseek(f, 4 * 500, SEEK_SET) == 0);
    CHECK(fgets(buf, sizeof(buf), f) && strcmp(buf, "500\n") == 0);
    CHECK(fseek(f, -8, SEEK_END) == 0);
    CHECK(fgets(buf, sizeof(buf), f) && strcmp(buf, "998\n") == 0);
    CHECK(fseek(f, -8, SEEK_CUR) == 0);
    CHECK(fgets(buf, sizeof(buf), f) && strcmp(buf, "997\n") == 0);

    /* One character of push-back, even a different one, moves ftell. */
    CHECK(fseek(f, 0, SEEK_SET) == 0);
    CHECK(fgetc(f) == '0');
    CHECK(ungetc('Q', f) == 'Q');
    CHECK(ftell(f) == 0);
    CHECK(fgetc(f) == 'Q');
    CHECK(fgetc(f) == '0');
    fpos_t pos;
    CHECK(fgetpos(f, &pos) == 0);
    CHECK(fgetc(f) == '0');
    CHECK(fsetpos(f, &pos) == 0);
    CHECK(fgetc(f) == '0' && fgetc(f) == '\n');
    CHECK(fclose(f) == 0);
}

static void test_large_blocks(void)
{
    char path[128];
    path_in_scratch(path, sizeof(path), "big.bin");
    size_t n = 100000;
    unsigned char *out = malloc(n), *in = malloc(n);
    CHECK(out && in);
    if (!out || !in)
        return;
    for (size_t i = 0; i < n; i++)
        out[i] = (unsigned char)(i * 7 + i / 251);
    FILE *f = fopen(path, "wb");
    CHECK(f != NULL);
    if (!f)
        return;
    /* A mix of small writes (buffered) and big ones (straight through). */
    CHECK(fwrite(out, 1, 10, f) == 10);
    CHECK(fwrite(out + 10, 1, 50000, f) == 50000);
    CHECK(fwrite(out + 50010, 10, (n - 50010) / 10, f) == (n - 50010) / 10);
    CHECK(fclose(f) == 0);
    f = fopen(path, "rb");
    CHECK(f != NULL);
    if (!f)
        return;
    CHECK(fread(in, 1, 3, f) == 3);
    CHECK(fread(in + 3, 1, n - 3, f) == n - 3);
    CHECK(memcmp(in, out, n) == 0);
    CHECK(fread(in, 1, 1, f) == 0 && feof(f));
    CHECK(fclose(f) == 0);
    free(out);
    free(in);
}

static void test_buffering_modes(void)
{
    int fds[2];
    CHECK(pipe(fds) == 0);
    FILE *w = fdopen(fds[1], "w");
    CHECK(w != NULL);
    if (!w)
        return;
    char buf[32];
    int fl = fcntl(fds[0], F_GETFL);
    CHECK(fcntl(fds[0], F_SETFL, fl | O_NONBLOCK) == 0);

    /* Fully buffered: nothing reaches the pipe until fflush. */
    CHECK(setvbuf(w, NULL, _IOFBF, 64) == 0);
    CHECK(fputs("full\n", w) >= 0);
    CHECK(read(fds[0], buf, sizeof(buf)) == -1 && errno == EAGAIN);
    CHECK(fflush(w) == 0);
    CHECK(read(fds[0], buf, sizeof(buf)) == 5 && memcmp(buf, "full\n", 5) == 0);

    /* Line buffered: a newline pushes the line out. */
    CHECK(setvbuf(w, NULL, _IOLBF, 64) == 0);
    CHECK(fputs("part", w) >= 0);
    CHECK(read(fds[0], buf, sizeof(buf)) == -1 && errno == EAGAIN);
    CHECK(fputs("ial\n", w) >= 0);
    CHECK(read(fds[0], buf, sizeof(buf)) == 8 && memcmp(buf, "partial\n", 8) == 0);

    /* Unbuffered: every call goes out at once. */
    CHECK(setvbuf(w, NULL, _IONBF, 0) == 0);
    CHECK(fputc('u', w) == 'u');
    CHECK(read(fds[0], buf, sizeof(buf)) == 1 && buf[0] == 'u');
    CHECK(fclose(w) == 0);

    /* Reading a pipe: stdio sees the end when the writer closes. */
    FILE *r = fdopen(fds[0], "r");
    CHECK(r != NULL);
    if (r) {
        CHECK(fcntl(fds[0], F_SETFL, fl) == 0);
        CHECK(fgetc(r) == EOF && feof(r));
        CHECK(fclose(r) == 0);
    }
}

static void test_getline(void)
{
    char path[128];
    path_in_scratch(path, sizeof(path), "lines.txt");
    FILE *f = fopen(path, "w+");
    CHECK(f != NULL);
    if (!f)
        return;
    fputs("short\n", f);
    for (int i = 0; i < 3000; i++)
        fputc('a' + i % 26, f);
    fputs("\nlast", f);
    rewind(f);
    char *line = NULL;
    size_t cap = 0;
    CHECK(getline(&line, &cap, f) == 6 && strcmp(line, "short\n") == 0);
    CHECK(getline(&line, &cap, f) == 3001 && cap > 3001 && line[2999] == 'a' + 2999 % 26);
    CHECK(getline(&line, &cap, f) == 4 && strcmp(line, "last") == 0);
    CHECK(getline(&line, &cap, f) == -1 && feof(f));
    rewind(f);
    CHECK(getdelim(&line, &cap, 'o', f) == 3 && strcmp(line, "sho") == 0);
    free(line);
    fclose(f);
}

static void test_formatted(void)
{
    char buf[128];
    CHECK(snprintf(buf, sizeof(buf), "%5.2f|%-4s|%04x|%lld", 3.14159, "ab", 255, -5LL) == 18);
    CHECK(strcmp(buf, " 3.14|ab  |00ff|-5") == 0);
    const char *volatile longer = "truncated"; /* hidden from the truncation warning */
    CHECK(snprintf(buf, 4, "%s", longer) == 9 && strcmp(buf, "tru") == 0);
    char *s = NULL;
    CHECK(asprintf(&s, "%d-%s", 12, "x") == 4 && s && strcmp(s, "12-x") == 0);
    free(s);

    char path[128];
    path_in_scratch(path, sizeof(path), "scan.txt");
    FILE *f = fopen(path, "w+");
    CHECK(f != NULL);
    if (!f)
        return;
    fprintf(f, "42 hello 2.5 0x1f\nrest");
    rewind(f);
    int a = 0, x = 0;
    char word[16];
    double d = 0;
    CHECK(fscanf(f, "%d %15s %lf %i", &a, word, &d, &x) == 4);
    CHECK(a == 42 && strcmp(word, "hello") == 0 && d == 2.5 && x == 31);
    /* The character after the last field is pushed back, not lost. */
    CHECK(fgetc(f) == '\n');
    CHECK(fscanf(f, "%d", &a) == 0);
    CHECK(fgets(word, sizeof(word), f) && strcmp(word, "rest") == 0);
    CHECK(fscanf(f, "%d", &a) == EOF);
    fclose(f);

    /* dprintf writes straight to a descriptor. */
    int fds[2];
    CHECK(pipe(fds) == 0);
    CHECK(dprintf(fds[1], "%s=%u", "n", 7u) == 3);
    CHECK(read(fds[0], buf, sizeof(buf)) == 3 && memcmp(buf, "n=7", 3) == 0);
    close(fds[0]);
    close(fds[1]);
}

static void test_errors_and_perror(void)
{
    CHECK(strcmp(strerror(ENOENT), "No such file or directory") == 0);
    CHECK(strcmp(strerror(99999), "Unknown error") == 0);
    char buf[64];
    CHECK(strerror_r(99999, buf, sizeof(buf)) == EINVAL && strcmp(buf, "Unknown error 99999") == 0);
    CHECK(strerror_r(EACCES, buf, 5) == ERANGE && strcmp(buf, "Perm") == 0);

    /* perror goes to stderr: point stderr at a pipe and read it back. */
    int fds[2];
    CHECK(pipe(fds) == 0);
    int saved = dup(STDERR_FILENO);
    CHECK(dup2(fds[1], STDERR_FILENO) == STDERR_FILENO);
    errno = ENOTDIR;
    perror("prefix");
    CHECK(dup2(saved, STDERR_FILENO) == STDERR_FILENO);
    close(saved);
    close(fds[1]);
    ssize_t n = read(fds[0], buf, sizeof(buf) - 1);
    CHECK(n > 0);
    buf[n > 0 ? n : 0] = '\0';
    CHECK(strcmp(buf, "prefix: Not a directory\n") == 0);
    close(fds[0]);
}

static void test_stdout_flush_at_exit(void)
{
    /* A child that prints without a newline and exits through exit()
     * must have its output flushed; _exit must drop it. */
    int fds[2];
    CHECK(pipe(fds) == 0);
    for (int use_exit = 0; use_exit < 2; use_exit++) {
        pid_t pid = fork();
        if (pid == 0) {
            dup2(fds[1], STDOUT_FILENO);
            close(fds[0]);
            close(fds[1]);
            printf(use_exit ? "kept" : "dropped");
            if (use_exit)
                exit(0);
            _exit(0);
        }
        CHECK(pid > 0);
    }
    close(fds[1]);
    while (wait(NULL) > 0)
        ;
    char buf[32];
    ssize_t n = read(fds[0], buf, sizeof(buf));
    CHECK(n == 4 && memcmp(buf, "kept", 4) == 0);
    close(fds[0]);
}

static void test_err_and_locale(void)
{
    int fds[2];
    CHECK(pipe(fds) == 0);
    pid_t pid = fork();
    if (pid == 0) {
        dup2(fds[1], STDERR_FILENO);
        close(fds[0]);
        close(fds[1]);
        warnx("plain %d", 1);
        errno = ENOENT;
        warn("with errno");
        errx(3, "fatal");
    }
    close(fds[1]);
    char buf[256];
    ssize_t n, total = 0;
    while ((n = read(fds[0], buf + total, sizeof(buf) - 1 - (size_t)total)) > 0)
        total += n;
    buf[total] = '\0';
    close(fds[0]);
    int status;
    CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 3);
    CHECK(strcmp(buf, "libctest: plain 1\nlibctest: with errno: No such file or directory\n"
                      "libctest: fatal\n") == 0);

    CHECK(strcmp(setlocale(LC_ALL, ""), "C") == 0 && strcmp(setlocale(LC_ALL, NULL), "C") == 0);
    CHECK(setlocale(LC_ALL, "de_DE.UTF-8") == NULL);
    CHECK(strcmp(localeconv()->decimal_point, ".") == 0);
}

const struct libc_test stdio_tests[] = {
    { "stdio/write-read-back", test_write_read_back },
    { "stdio/modes", test_modes },
    { "stdio/seek-tell-ungetc", test_seek_tell_ungetc },
    { "stdio/large-blocks", test_large_blocks },
    { "stdio/buffering-modes", test_buffering_modes },
    { "stdio/getline", test_getline },
    { "stdio/formatted", test_formatted },
    { "stdio/errors-perror", test_errors_and_perror },
    { "stdio/flush-at-exit", test_stdout_flush_at_exit },
    { "stdio/err-locale", test_err_and_locale },
    { NULL, NULL },
};

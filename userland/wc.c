/* wc: count lines, words and bytes (-l -w -c; all three by default). */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

struct wc_counts {
    unsigned long long lines, words, bytes;
};

static bool show_lines, show_words, show_bytes;

static int wc_fd(int fd, const char *name, struct wc_counts *c)
{
    static char buf[16384];
    bool in_word = false;
    for (;;) {
        ssize_t n = read(fd, buf, sizeof(buf));
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            fprintf(stderr, "wc: %s: %s\n", name, strerror(errno));
            return 1;
        }
        if (n == 0)
            return 0;
        c->bytes += (unsigned long long)n;
        for (ssize_t i = 0; i < n; i++) {
            unsigned char ch = (unsigned char)buf[i];
            if (ch == '\n')
                c->lines++;
            if (isspace(ch)) {
                in_word = false;
            } else if (!in_word) {
                in_word = true;
                c->words++;
            }
        }
    }
}

static void wc_print(const struct wc_counts *c, const char *name)
{
    /* one count of standard input: just the number, for scripts */
    if (!name && show_lines + show_words + show_bytes == 1) {
        printf("%llu\n", show_lines ? c->lines : show_words ? c->words : c->bytes);
        return;
    }
    const char *sep = "";
    if (show_lines) {
        printf("%7llu", c->lines);
        sep = " ";
    }
    if (show_words) {
        printf("%s%7llu", sep, c->words);
        sep = " ";
    }
    if (show_bytes)
        printf("%s%7llu", sep, c->bytes);
    if (name)
        printf(" %s", name);
    putchar('\n');
}

int main(int argc, char **argv)
{
    int opt;
    while ((opt = getopt(argc, argv, "lwcm")) != -1) {
        switch (opt) {
        case 'l': show_lines = true; break;
        case 'w': show_words = true; break;
        case 'c':
        case 'm': show_bytes = true; break;
        default:
            fprintf(stderr, "usage: wc [-lwc] [file...]\n");
            return 2;
        }
    }
    if (!show_lines && !show_words && !show_bytes)
        show_lines = show_words = show_bytes = true;
    int st = 0;
    if (optind >= argc) {
        struct wc_counts c = { 0, 0, 0 };
        st = wc_fd(STDIN_FILENO, "standard input", &c);
        wc_print(&c, NULL);
        return st;
    }
    struct wc_counts total = { 0, 0, 0 };
    for (int i = optind; i < argc; i++) {
        struct wc_counts c = { 0, 0, 0 };
        int fd = strcmp(argv[i], "-") == 0 ? STDIN_FILENO : open(argv[i], O_RDONLY);
        if (fd < 0) {
            fprintf(stderr, "wc: %s: %s\n", argv[i], strerror(errno));
            st = 1;
            continue;
        }
        st |= wc_fd(fd, argv[i], &c);
        if (fd != STDIN_FILENO)
            close(fd);
        wc_print(&c, argv[i]);
        total.lines += c.lines;
        total.words += c.words;
        total.bytes += c.bytes;
    }
    if (argc - optind > 1)
        wc_print(&total, "total");
    return st;
}

/* POSIX getopt: clustered flags ("-ab"), arguments attached ("-ofile") or in
 * the next element ("-o file"), "--" ending the options, and a leading ':' in
 * optstring asking for ':' instead of '?' on a missing argument with no
 * message. Arguments are never reordered: parsing stops at the first
 * non-option. As an extension, "x::" marks an optional argument, which must
 * then be attached. */
#include <getopt.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

char *optarg;
int optind = 1;
int opterr = 1;
int optopt;

void __libc_write_stderr(const char *s, size_t n);

/* Until the stdio layer provides a real writer, messages go nowhere. */
__attribute__((weak)) void __libc_write_stderr(const char *s, size_t n)
{
    (void)s;
    (void)n;
}

/* Position inside a cluster of flags, valid while optind equals
 * cluster_optind; a program that moves optind itself starts afresh. */
static int cluster_pos;
static int cluster_optind;

/* Writes "prog: message -- c\n" the way POSIX shows it. */
static void complain(const char *prog, const char *message, char c)
{
    char buf[256];
    size_t n = 0;
    const char *parts[2] = { prog ? prog : "getopt", message };
    for (int p = 0; p < 2; p++) {
        for (const char *s = parts[p]; *s && n < sizeof(buf) - 8; s++)
            buf[n++] = *s;
        if (p == 0) {
            buf[n++] = ':';
            buf[n++] = ' ';
        }
    }
    buf[n++] = ' ';
    buf[n++] = '-';
    buf[n++] = '-';
    buf[n++] = ' ';
    buf[n++] = c;
    buf[n++] = '\n';
    __libc_write_stderr(buf, n);
}

int getopt(int argc, char *const argv[], const char *optstring)
{
    bool quiet = optstring[0] == ':';
    const char *options = quiet ? optstring + 1 : optstring;

    if (optind == 0) {
        optind = 1;
        cluster_pos = 0;
    } else if (optind != cluster_optind) {
        cluster_pos = 0;
    }

    optarg = NULL;
    if (cluster_pos == 0) {
        if (optind >= argc || !argv[optind])
            return -1;
        const char *arg = argv[optind];
        if (arg[0] != '-' || arg[1] == '\0')
            return -1;
        if (arg[1] == '-' && arg[2] == '\0') {
            optind++;
            return -1;
        }
        cluster_pos = 1;
    }

    const char *arg = argv[optind];
    char c = arg[cluster_pos++];
    const char *spec = c == ':' ? NULL : strchr(options, c);
    bool at_end = arg[cluster_pos] == '\0';

    if (!spec || spec[1] != ':') {
        /* A flag (or an unknown character): the cluster moves on. */
        if (at_end) {
            optind++;
            cluster_pos = 0;
        }
        cluster_optind = optind;
        if (!spec) {
            optopt = (unsigned char)c;
            if (opterr && !quiet)
                complain(argv[0], "illegal option", c);
            return '?';
        }
        return (unsigned char)c;
    }

    /* The option takes an argument: the rest of this element, or else the
     * next element (not for optional arguments). */
    const char *rest = arg + cluster_pos;
    bool optional = spec[2] == ':';
    optind++;
    cluster_pos = 0;
    cluster_optind = optind;
    if (!at_end) {
        optarg = (char *)rest;
    } else if (!optional) {
        if (optind >= argc || !argv[optind]) {
            optopt = (unsigned char)c;
            if (quiet)
                return ':';
            if (opterr)
                complain(argv[0], "option requires an argument", c);
            return '?';
        }
        optarg = argv[optind++];
        cluster_optind = optind;
    }
    return (unsigned char)c;
}

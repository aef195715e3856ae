/* Command-line option parsing (POSIX getopt). POSIX declares these in
 * <unistd.h>, which will include this header; it is also usable alone.
 *
 * Error messages are printed only when opterr is non-zero and optstring does
 * not start with ':'. They go through __libc_write_stderr, a weak hook that
 * does nothing until the I/O layer supplies the real one. */
#ifndef _GETOPT_H
#define _GETOPT_H

#ifdef __cplusplus
extern "C" {
#endif

extern char *optarg;
extern int optind, opterr, optopt;

/* Setting optind to 0 restarts parsing from argv[1], forgetting any cluster
 * of flags left half-parsed; moving optind anywhere else also starts afresh
 * at the start of that element. */
int getopt(int argc, char *const argv[], const char *optstring);

#ifdef __cplusplus
}
#endif

#endif

/* shelltest: cases run through /bin/sh -c, each with the output and exit
 * status it must give. */
#ifndef SHELLTEST_H
#define SHELLTEST_H

struct shelltest_case {
    const char *name;          /* reported as shell/<name> */
    const char *script;        /* given to sh -c */
    const char *out;           /* exact standard output expected */
    int status;                /* exit status expected */
    const char *err_has;       /* NULL, or text standard error must contain */
    const char *requires;      /* NULL, or a command that must succeed (else skipped) */
};

extern const struct shelltest_case shelltest_cases[];
extern const int shelltest_ncases;

#endif

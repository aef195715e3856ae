/* ls -l's and stat's mode column: header-only, since every
 * userland/<name>.c is a program of its own. */
#ifndef USERLAND_MODE_STRING_H
#define USERLAND_MODE_STRING_H

#include <sys/stat.h>

/* The type letter and the nine permission letters, with set-ID and sticky
 * bits shown in the execute places ("drwxr-sr-t"). */
static inline void mode_string(mode_t m, char out[11])
{
    out[0] = S_ISDIR(m) ? 'd' : S_ISLNK(m) ? 'l' : S_ISCHR(m) ? 'c' : S_ISBLK(m) ? 'b'
           : S_ISFIFO(m) ? 'p' : S_ISSOCK(m) ? 's' : '-';
    const char *rwx = "rwxrwxrwx";
    for (int i = 0; i < 9; i++)
        out[1 + i] = (m & (0400 >> i)) ? rwx[i] : '-';
    if (m & S_ISUID) out[3] = (m & 0100) ? 's' : 'S';
    if (m & S_ISGID) out[6] = (m & 0010) ? 's' : 'S';
    if (m & S_ISVTX) out[9] = (m & 0001) ? 't' : 'T';
    out[10] = 0;
}

#endif

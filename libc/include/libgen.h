/* Path name parts (POSIX <libgen.h>). Both may modify their argument and
 * may return a pointer into it or to static storage. */
#ifndef _LIBGEN_H
#define _LIBGEN_H

#ifdef __cplusplus
extern "C" {
#endif

/* The last component, trailing slashes dropped: "/usr/lib/" -> "lib". */
char *basename(char *path);
/* All but the last component: "/usr/lib" -> "/usr", "lib" -> ".". */
char *dirname(char *path);

#ifdef __cplusplus
}
#endif

#endif

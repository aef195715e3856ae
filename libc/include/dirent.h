/* Reading directories (POSIX <dirent.h>) over the kernel's getdents();
 * struct dirent is the kernel's record (kernel/api/dirent.h). */
#ifndef _DIRENT_H
#define _DIRENT_H

#include <sys/types.h>
#include <kernel/api/dirent.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct __dirstream DIR;

DIR *opendir(const char *path);
DIR *fdopendir(int fd);
/* The entry lives in the DIR's buffer until the next readdir or closedir.
 * End of directory: NULL with errno unchanged. */
struct dirent *readdir(DIR *dir);
int closedir(DIR *dir);
void rewinddir(DIR *dir);
int dirfd(DIR *dir);
long telldir(DIR *dir);
void seekdir(DIR *dir, long pos);
/* All entries that `filter` accepts (all when NULL), sorted with `compare`
 * (unsorted when NULL), in an array the caller frees with each entry. */
int scandir(const char *path, struct dirent ***list,
            int (*filter)(const struct dirent *),
            int (*compare)(const struct dirent **, const struct dirent **));
int alphasort(const struct dirent **a, const struct dirent **b);

#ifdef __cplusplus
}
#endif

#endif

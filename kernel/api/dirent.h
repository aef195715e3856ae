/* Directory entries as getdents() returns them: the Linux "dirent64" record
 * layout, each record padded to 8 bytes. */
#ifndef KERNEL_API_DIRENT_H
#define KERNEL_API_DIRENT_H
#include "kernel/api/types.h"

#define DT_UNKNOWN 0
#define DT_FIFO    1
#define DT_CHR     2
#define DT_DIR     4
#define DT_BLK     6
#define DT_REG     8
#define DT_LNK     10
#define DT_SOCK    12

struct dirent {
    ino_t d_ino;
    off_t d_off;                /* position of the next record: pass it to lseek */
    unsigned short d_reclen;    /* bytes in this record, name and padding included */
    unsigned char d_type;       /* DT_* */
    char d_name[];              /* NUL-terminated */
};

#endif

/* A ustar (POSIX.1-1988, with GNU's magic accepted too) archive reader that
 * trusts nothing: every header is checksummed, every number is checked
 * octal, every size is checked against the data there is, and every path
 * is checked to stay inside the extraction root. Pure code (no kernel
 * headers, no allocation), so the host tests compile it directly. */
#ifndef FS_USTAR_PARSE_H
#define FS_USTAR_PARSE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define USTAR_BLOCK 512
/* prefix (155) + '/' + name (100) + NUL */
#define USTAR_PATH_MAX 257
#define USTAR_LINK_MAX 101

enum ustar_type {
    USTAR_FILE,         /* regular file ('0', '\0', '7') */
    USTAR_HARDLINK,     /* '1': link_target names an earlier entry */
    USTAR_SYMLINK,      /* '2' */
    USTAR_DIR,          /* '5' */
    USTAR_OTHER,        /* devices, FIFOs, pax and GNU extension headers */
};

struct ustar_entry {
    enum ustar_type type;
    char typeflag;
    /* Relative, without "./" prefixes, "." components or trailing '/';
     * the empty string is the archive's root ("./"). */
    char path[USTAR_PATH_MAX];
    /* Symlinks: verbatim. Hard links: normalized like path. */
    char link_target[USTAR_LINK_MAX];
    uint32_t mode;      /* permission bits (07777) */
    uint32_t uid, gid;
    uint64_t size;
    int64_t mtime;
    const uint8_t *data;    /* size bytes of file contents */
};

struct ustar_reader {
    const uint8_t *base;
    size_t len;
    size_t offset;      /* of the next header */
    bool finished;
};

enum ustar_status {
    USTAR_ENTRY = 1,        /* *entry is filled in */
    USTAR_END = 0,          /* end-of-archive marker (or exactly the end of data) */
    USTAR_BAD_ENTRY = -1,   /* this entry is unusable but was skipped cleanly */
    USTAR_BAD_ARCHIVE = -2, /* cannot go on: the rest cannot be trusted */
};

void ustar_reader_init(struct ustar_reader *r, const void *data, size_t len);
/* Reads the next header. On anything but USTAR_ENTRY and USTAR_END, *why
 * says what was wrong (a static string); entry->path is then filled in
 * when it was readable, for messages. After USTAR_BAD_ARCHIVE and
 * USTAR_END every further call returns the same. */
enum ustar_status ustar_next(struct ustar_reader *r, struct ustar_entry *entry, const char **why);

/* Parses a tar numeric field: optional leading spaces, octal digits, then
 * NUL/space padding to the end. Returns false if malformed or too big. */
bool ustar_parse_octal(const uint8_t *field, size_t len, uint64_t *out);
#endif

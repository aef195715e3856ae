/* Host tests for the kernel's ustar reader (fs/ustar_parse.c, compiled in
 * directly): archives made by this test and by the host's tar, and every
 * kind of damage the reader must notice. */
#include "host_test.h"
#include <stdint.h>
#include <string.h>
#include "../../fs/ustar_parse.c"

static uint8_t archive[256 * 1024];

static void put_octal(uint8_t *field, size_t width, uint64_t v)
{
    field[width - 1] = '\0';
    for (size_t i = width - 1; i-- > 0;) {
        field[i] = (uint8_t)('0' + (v & 7));
        v >>= 3;
    }
}

static void fix_checksum(uint8_t *h)
{
    memset(h + 148, ' ', 8);
    unsigned sum = 0;
    for (int i = 0; i < 512; i++)
        sum += h[i];
    put_octal(h + 148, 7, sum);
    h[155] = ' ';
}

static size_t add(size_t at, const char *name, char type, const char *link, const char *data, size_t size)
{
    uint8_t *h = archive + at;
    size_t padded = (size + 511) & ~(size_t)511;
    memset(h, 0, 512 + padded);
    strncpy((char *)h, name, 100);
    put_octal(h + 100, 8, 0644);
    put_octal(h + 108, 8, 1000);
    put_octal(h + 116, 8, 100);
    put_octal(h + 124, 12, size);
    put_octal(h + 136, 12, 1700000000);
    h[156] = (uint8_t)type;
    if (link)
        strncpy((char *)h + 157, link, 100);
    memcpy(h + 257, "ustar", 6);
    memcpy(h + 263, "00", 2);
    if (size)
        memcpy(h + 512, data, size);
    fix_checksum(h);
    return at + 512 + padded;
}

static int count_entries(const void *data, size_t len, enum ustar_status *last)
{
    struct ustar_reader r;
    struct ustar_entry e;
    const char *why;
    int n = 0;
    ustar_reader_init(&r, data, len);
    for (;;) {
        enum ustar_status st = ustar_next(&r, &e, &why);
        if (st != USTAR_ENTRY && st != USTAR_BAD_ENTRY) {
            *last = st;
            return n;
        }
        if (st == USTAR_ENTRY)
            n++;
    }
}

static void test_good(void)
{
    size_t len = add(0, "./dir/", '5', NULL, NULL, 0);
    len = add(len, "./dir/file", '0', NULL, "0123456789", 10);
    len = add(len, "dir/link", '2', "../elsewhere/x", NULL, 0);
    len = add(len, "dir//./hard", '1', "./dir/file", NULL, 0);
    memset(archive + len, 0, 1024);
    len += 1024;

    struct ustar_reader r;
    struct ustar_entry e;
    const char *why;
    ustar_reader_init(&r, archive, len);
    CHECK(ustar_next(&r, &e, &why) == USTAR_ENTRY);
    CHECK(e.type == USTAR_DIR && strcmp(e.path, "dir") == 0);
    CHECK(ustar_next(&r, &e, &why) == USTAR_ENTRY);
    CHECK(e.type == USTAR_FILE && strcmp(e.path, "dir/file") == 0);
    CHECK(e.size == 10 && memcmp(e.data, "0123456789", 10) == 0);
    CHECK(e.mode == 0644 && e.uid == 1000 && e.gid == 100 && e.mtime == 1700000000);
    CHECK(ustar_next(&r, &e, &why) == USTAR_ENTRY);
    CHECK(e.type == USTAR_SYMLINK && strcmp(e.link_target, "../elsewhere/x") == 0);
    CHECK(ustar_next(&r, &e, &why) == USTAR_ENTRY);
    CHECK(e.type == USTAR_HARDLINK && strcmp(e.path, "dir/hard") == 0);
    CHECK(strcmp(e.link_target, "dir/file") == 0);
    CHECK(ustar_next(&r, &e, &why) == USTAR_END);
    CHECK(ustar_next(&r, &e, &why) == USTAR_END);

    /* The prefix field extends names past 100 bytes. */
    size_t l2 = add(0, "name", '0', NULL, "x", 1);
    memcpy(archive + 345, "some/long/prefix", 16);
    fix_checksum(archive);
    ustar_reader_init(&r, archive, l2);
    CHECK(ustar_next(&r, &e, &why) == USTAR_ENTRY);
    CHECK(strcmp(e.path, "some/long/prefix/name") == 0);

    /* GNU magic is accepted. */
    add(0, "gnu", '0', NULL, "x", 1);
    memcpy(archive + 257, "ustar  ", 8);
    fix_checksum(archive);
    ustar_reader_init(&r, archive, 1024);
    CHECK(ustar_next(&r, &e, &why) == USTAR_ENTRY);
}

static void test_damage(void)
{
    enum ustar_status last;
    size_t len = add(0, "a", '0', NULL, "hello", 5);
    len = add(len, "b", '0', NULL, "world", 5);
    memset(archive + len, 0, 1024);
    size_t full = len + 1024;
    CHECK(count_entries(archive, full, &last) == 2 && last == USTAR_END);

    /* Every single-byte change in a header is caught by the checksum (or
     * is harmless padding past the fields). */
    int caught = 0, harmless = 0;
    for (size_t i = 0; i < 512; i++) {
        if (i >= 148 && i < 156)
            continue;
        archive[512 * 2 + i] ^= 0x20;
        int n = count_entries(archive, full, &last);
        if (last == USTAR_BAD_ARCHIVE && n == 1)
            caught++;
        else if (n == 2 && last == USTAR_END)
            harmless++;
        archive[512 * 2 + i] ^= 0x20;
    }
    CHECK(caught == 512 - 8);
    CHECK(harmless == 0);

    /* Truncation inside a header or inside file data is an error; ending
     * after a complete entry (its last block unpadded) is not. */
    for (size_t cut = 1; cut <= 512 * 4; cut++) {
        int n = count_entries(archive, cut, &last);
        int complete = cut >= 512 * 3 + 5 ? 2 : (cut >= 512 + 5 && cut <= 1024) ? 1 : -1;
        if (complete < 0)
            CHECK(last == USTAR_BAD_ARCHIVE);
        else
            CHECK(last == USTAR_END && n == complete);
    }
    /* Exactly at a block boundary after an entry: a clean (unmarked) end. */
    CHECK(count_entries(archive, 1024, &last) == 1 && last == USTAR_END);
    /* The final block may be unpadded. */
    CHECK(count_entries(archive, 512 * 3 + 5, &last) == 2 && last == USTAR_END);

    /* Sizes that lie. */
    put_octal(archive + 124, 12, 100000);
    fix_checksum(archive);
    CHECK(count_entries(archive, full, &last) == 0 && last == USTAR_BAD_ARCHIVE);
    memcpy(archive + 124, "0000000000x\0", 12);
    fix_checksum(archive);
    CHECK(count_entries(archive, full, &last) == 0 && last == USTAR_BAD_ARCHIVE);
    archive[124] = 0x80;    /* GNU base-256: not accepted */
    fix_checksum(archive);
    CHECK(count_entries(archive, full, &last) == 0 && last == USTAR_BAD_ARCHIVE);
}

static void test_bad_names(void)
{
    const char *bad[] = { "../x", "a/../../x", "/etc/passwd", "a/..", ".." };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        size_t len = add(0, bad[i], '0', NULL, "x", 1);
        len = add(len, "ok", '0', NULL, "y", 1);
        struct ustar_reader r;
        struct ustar_entry e;
        const char *why;
        ustar_reader_init(&r, archive, len);
        CHECK(ustar_next(&r, &e, &why) == USTAR_BAD_ENTRY);
        CHECK(why[0] != '\0');
        CHECK(ustar_next(&r, &e, &why) == USTAR_ENTRY);     /* skipped cleanly */
        CHECK(strcmp(e.path, "ok") == 0);
    }
    /* A 100-byte name without a terminator is read whole, no further. */
    char longname[101];
    memset(longname, 'n', 100);
    longname[100] = '\0';
    add(0, longname, '0', NULL, "x", 1);
    struct ustar_reader r;
    struct ustar_entry e;
    const char *why;
    ustar_reader_init(&r, archive, 1024);
    CHECK(ustar_next(&r, &e, &why) == USTAR_ENTRY);
    CHECK(strlen(e.path) == 100);
    /* Links without targets, unknown types. */
    add(0, "l", '2', NULL, NULL, 0);
    ustar_reader_init(&r, archive, 512);
    CHECK(ustar_next(&r, &e, &why) == USTAR_BAD_ENTRY);
    add(0, "fifo", '6', NULL, NULL, 0);
    ustar_reader_init(&r, archive, 512);
    CHECK(ustar_next(&r, &e, &why) == USTAR_ENTRY && e.type == USTAR_OTHER);
}

/* An archive written by the host's tar, when there is one. */
static void test_host_tar(void)
{
    if (system("command -v tar >/dev/null 2>&1") != 0) {
        printf("test_ustar: no host tar, skipping that part\n");
        return;
    }
    char dir[] = "/tmp/kestrel-ustar-XXXXXX";
    if (!mkdtemp(dir))
        return;
    char cmd[512];
    snprintf(cmd, sizeof(cmd),
             "cd %s && mkdir -p root/etc && printf 'abc' > root/etc/f && ln -s f root/etc/l && "
             "ln root/etc/f root/etc/h && tar --format=ustar -C root -cf a.tar . ", dir);
    CHECK(system(cmd) == 0);
    snprintf(cmd, sizeof(cmd), "%s/a.tar", dir);
    FILE *f = fopen(cmd, "rb");
    CHECK(f != NULL);
    if (f) {
        size_t len = fread(archive, 1, sizeof(archive), f);
        fclose(f);
        struct ustar_reader r;
        struct ustar_entry e;
        const char *why;
        int files = 0, dirs = 0, links = 0, hard = 0;
        char file_path[USTAR_PATH_MAX] = "", hard_target[USTAR_LINK_MAX] = "";
        ustar_reader_init(&r, archive, len);
        enum ustar_status st;
        /* tar lists the two names of f/h in directory order: either may be
         * the file and the other the link to it. */
        while ((st = ustar_next(&r, &e, &why)) == USTAR_ENTRY) {
            if (e.type == USTAR_FILE && e.size == 3 && memcmp(e.data, "abc", 3) == 0) {
                files++;
                strcpy(file_path, e.path);
            }
            dirs += e.type == USTAR_DIR;
            links += e.type == USTAR_SYMLINK && strcmp(e.link_target, "f") == 0;
            if (e.type == USTAR_HARDLINK) {
                hard++;
                strcpy(hard_target, e.link_target);
            }
        }
        CHECK(st == USTAR_END);
        CHECK(files == 1 && dirs == 2 && links == 1 && hard == 1);
        CHECK(strcmp(file_path, hard_target) == 0);
        CHECK(strcmp(file_path, "etc/f") == 0 || strcmp(file_path, "etc/h") == 0);
    }
    snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
    CHECK(system(cmd) == 0);
}

int main(void)
{
    test_good();
    test_damage();
    test_bad_names();
    test_host_tar();
    return host_test_finish("test_ustar");
}

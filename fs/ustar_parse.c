/* The ustar reader. See ustar_parse.h. Included verbatim by the host test,
 * so it uses nothing but the compiler's freestanding headers. */
#include "ustar_parse.h"

/* Header field offsets and sizes (POSIX ustar). */
#define H_NAME      0
#define H_NAME_LEN  100
#define H_MODE      100
#define H_UID       108
#define H_GID       116
#define H_SIZE      124
#define H_MTIME     136
#define H_CHKSUM    148
#define H_TYPE      156
#define H_LINK      157
#define H_LINK_LEN  100
#define H_MAGIC     257
#define H_PREFIX    345
#define H_PREFIX_LEN 155

static size_t ustar_strnlen(const uint8_t *s, size_t max)
{
    size_t n = 0;
    while (n < max && s[n])
        n++;
    return n;
}

static void ustar_copy(char *dst, const void *src, size_t n)
{
    const char *s = src;
    for (size_t i = 0; i < n; i++)
        dst[i] = s[i];
}

bool ustar_parse_octal(const uint8_t *field, size_t len, uint64_t *out)
{
    size_t i = 0;
    while (i < len && field[i] == ' ')
        i++;
    uint64_t v = 0;
    size_t digits = 0;
    for (; i < len && field[i] >= '0' && field[i] <= '7'; i++, digits++) {
        if (v >> 61)
            return false;   /* the next digit would overflow */
        v = (v << 3) | (uint64_t)(field[i] - '0');
    }
    for (; i < len; i++)
        if (field[i] != '\0' && field[i] != ' ')
            return false;
    /* An all-blank field reads as 0, which is what old archivers meant. */
    (void)digits;
    *out = v;
    return true;
}

static bool ustar_all_zero(const uint8_t *b)
{
    for (size_t i = 0; i < USTAR_BLOCK; i++)
        if (b[i])
            return false;
    return true;
}

static bool ustar_checksum_ok(const uint8_t *h)
{
    uint64_t stored;
    if (!ustar_parse_octal(h + H_CHKSUM, 8, &stored))
        return false;
    /* Blank fields are not a checksum of anything. */
    bool any_digit = false;
    for (size_t i = 0; i < 8; i++)
        if (h[H_CHKSUM + i] >= '0' && h[H_CHKSUM + i] <= '7')
            any_digit = true;
    if (!any_digit)
        return false;
    uint32_t unsigned_sum = 0;
    int32_t signed_sum = 0;
    for (size_t i = 0; i < USTAR_BLOCK; i++) {
        uint8_t c = (i >= H_CHKSUM && i < H_CHKSUM + 8) ? ' ' : h[i];
        unsigned_sum += c;
        signed_sum += (int8_t)c;
    }
    /* Some old archivers summed signed chars; accept either. */
    return stored == unsigned_sum || (int64_t)stored == (int64_t)signed_sum;
}

/* Normalizes an archive path in place into out (USTAR_PATH_MAX bytes):
 * drops "./" and "." components and repeated or trailing slashes. Refuses
 * absolute paths and ".." components. */
static bool ustar_normalize(const char *in, size_t len, char *out, const char **why)
{
    if (len > 0 && in[0] == '/') {
        *why = "absolute path";
        return false;
    }
    size_t o = 0, i = 0;
    while (i < len) {
        while (i < len && in[i] == '/')
            i++;
        size_t start = i;
        while (i < len && in[i] != '/')
            i++;
        size_t clen = i - start;
        if (clen == 0 || (clen == 1 && in[start] == '.'))
            continue;
        if (clen == 2 && in[start] == '.' && in[start + 1] == '.') {
            *why = "path with a \"..\" component";
            return false;
        }
        if (o + (o ? 1 : 0) + clen + 1 > USTAR_PATH_MAX) {
            *why = "path too long";
            return false;
        }
        if (o)
            out[o++] = '/';
        ustar_copy(out + o, in + start, clen);
        o += clen;
    }
    out[o] = '\0';
    return true;
}

void ustar_reader_init(struct ustar_reader *r, const void *data, size_t len)
{
    r->base = data;
    r->len = len;
    r->offset = 0;
    r->finished = false;
}

static enum ustar_status ustar_fail(struct ustar_reader *r, const char **why, const char *msg)
{
    r->finished = true;
    *why = msg;
    return USTAR_BAD_ARCHIVE;
}

enum ustar_status ustar_next(struct ustar_reader *r, struct ustar_entry *e, const char **why)
{
    *why = "";
    e->path[0] = '\0';
    e->link_target[0] = '\0';
    if (r->finished)
        return r->offset == (size_t)-1 ? USTAR_BAD_ARCHIVE : USTAR_END;
    if (r->offset == r->len) {
        /* Some writers omit the end marker; running out exactly at a block
         * boundary is a clean end. */
        r->finished = true;
        return USTAR_END;
    }
    if (r->len - r->offset < USTAR_BLOCK) {
        r->offset = (size_t)-1;
        return ustar_fail(r, why, "truncated header");
    }
    const uint8_t *h = r->base + r->offset;
    if (ustar_all_zero(h)) {
        r->finished = true;
        return USTAR_END;
    }
    if (!ustar_checksum_ok(h)) {
        r->offset = (size_t)-1;
        return ustar_fail(r, why, "bad header checksum");
    }
    bool posix = h[H_MAGIC] == 'u' && h[H_MAGIC + 1] == 's' && h[H_MAGIC + 2] == 't' &&
                 h[H_MAGIC + 3] == 'a' && h[H_MAGIC + 4] == 'r';
    bool magic_ok = posix && ((h[H_MAGIC + 5] == '\0' && h[H_MAGIC + 6] == '0' && h[H_MAGIC + 7] == '0') ||
                              (h[H_MAGIC + 5] == ' ' && h[H_MAGIC + 6] == ' ' && h[H_MAGIC + 7] == '\0'));
    if (!magic_ok) {
        r->offset = (size_t)-1;
        return ustar_fail(r, why, "not a ustar header");
    }
    uint64_t size;
    if (!ustar_parse_octal(h + H_SIZE, 12, &size)) {
        r->offset = (size_t)-1;
        return ustar_fail(r, why, "bad size field");
    }
    size_t avail = r->len - r->offset - USTAR_BLOCK;
    uint64_t padded = (size + USTAR_BLOCK - 1) & ~(uint64_t)(USTAR_BLOCK - 1);
    if (padded < size || padded > avail) {
        /* The final block may be short if the writer did not pad it. */
        if (size > avail) {
            r->offset = (size_t)-1;
            return ustar_fail(r, why, "truncated file data");
        }
        padded = avail;
    }
    e->data = h + USTAR_BLOCK;
    e->size = size;
    e->typeflag = (char)h[H_TYPE];
    r->offset += USTAR_BLOCK + (size_t)padded;

    /* From here on the entry can be skipped cleanly if it is unusable. */
    char raw[USTAR_PATH_MAX];
    size_t plen = ustar_strnlen(h + H_PREFIX, H_PREFIX_LEN);
    size_t nlen = ustar_strnlen(h + H_NAME, H_NAME_LEN);
    size_t rlen = 0;
    if (plen) {
        ustar_copy(raw, h + H_PREFIX, plen);
        raw[plen] = '/';
        rlen = plen + 1;
    }
    ustar_copy(raw + rlen, h + H_NAME, nlen);
    rlen += nlen;
    raw[rlen] = '\0';
    if (!ustar_normalize(raw, rlen, e->path, why)) {
        ustar_copy(e->path, raw, rlen + 1);
        return USTAR_BAD_ENTRY;
    }

    uint64_t mode, uid, gid, mtime;
    if (!ustar_parse_octal(h + H_MODE, 8, &mode) || !ustar_parse_octal(h + H_UID, 8, &uid) ||
        !ustar_parse_octal(h + H_GID, 8, &gid) || !ustar_parse_octal(h + H_MTIME, 12, &mtime)) {
        *why = "bad numeric field";
        return USTAR_BAD_ENTRY;
    }
    if (uid > 0xffffffffu || gid > 0xffffffffu || mode > 0xffffffffu) {
        *why = "numeric field out of range";
        return USTAR_BAD_ENTRY;
    }
    e->mode = (uint32_t)mode & 07777;
    e->uid = (uint32_t)uid;
    e->gid = (uint32_t)gid;
    e->mtime = (int64_t)mtime;

    size_t llen = ustar_strnlen(h + H_LINK, H_LINK_LEN);
    switch (e->typeflag) {
    case '0':
    case '\0':
    case '7':
        e->type = USTAR_FILE;
        if (e->path[0] == '\0') {
            *why = "regular file without a name";
            return USTAR_BAD_ENTRY;
        }
        break;
    case '5':
        e->type = USTAR_DIR;
        break;
    case '1':
    case '2':
        e->type = e->typeflag == '1' ? USTAR_HARDLINK : USTAR_SYMLINK;
        if (e->path[0] == '\0') {
            *why = "link without a name";
            return USTAR_BAD_ENTRY;
        }
        if (llen == 0) {
            *why = "link without a target";
            return USTAR_BAD_ENTRY;
        }
        if (e->type == USTAR_SYMLINK) {
            ustar_copy(e->link_target, h + H_LINK, llen);
            e->link_target[llen] = '\0';
        } else {
            char target[USTAR_PATH_MAX];
            if (!ustar_normalize((const char *)h + H_LINK, llen, target, why))
                return USTAR_BAD_ENTRY;
            if (target[0] == '\0') {
                *why = "hard link to the root";
                return USTAR_BAD_ENTRY;
            }
            size_t tlen = 0;
            while (target[tlen])
                tlen++;
            if (tlen >= USTAR_LINK_MAX) {
                *why = "link target too long";
                return USTAR_BAD_ENTRY;
            }
            ustar_copy(e->link_target, target, tlen + 1);
        }
        break;
    default:
        e->type = USTAR_OTHER;
        break;
    }
    return USTAR_ENTRY;
}

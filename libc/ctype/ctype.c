/* "C" locale character classes.
 *
 * One table of class bits covers the 128 ASCII codes; everything else (EOF,
 * bytes 0x80-0xff, and any out-of-range value a careless caller passes) has no
 * class, which is exactly what the C locale specifies and also keeps a bad
 * argument from indexing outside the table. */
#include <ctype.h>

enum {
    CT_UPPER = 1 << 0,
    CT_LOWER = 1 << 1,
    CT_DIGIT = 1 << 2,
    CT_XALPHA = 1 << 3, /* a-f, A-F: hex digits beyond 0-9 */
    CT_SPACE = 1 << 4,
    CT_BLANK = 1 << 5,
    CT_CNTRL = 1 << 6,
    CT_PUNCT = 1 << 7,
};

static const unsigned char ctype_table[128] = {
    [0x00 ... 0x08] = CT_CNTRL,
    ['\t'] = CT_CNTRL | CT_SPACE | CT_BLANK,
    ['\n' ... '\r'] = CT_CNTRL | CT_SPACE, /* \n \v \f \r */
    [0x0e ... 0x1f] = CT_CNTRL,
    [' '] = CT_SPACE | CT_BLANK,
    ['!' ... '/'] = CT_PUNCT,
    ['0' ... '9'] = CT_DIGIT,
    [':' ... '@'] = CT_PUNCT,
    ['A' ... 'F'] = CT_UPPER | CT_XALPHA,
    ['G' ... 'Z'] = CT_UPPER,
    ['[' ... '`'] = CT_PUNCT,
    ['a' ... 'f'] = CT_LOWER | CT_XALPHA,
    ['g' ... 'z'] = CT_LOWER,
    ['{' ... '~'] = CT_PUNCT,
    [0x7f] = CT_CNTRL,
};

static int ctype_has(int c, unsigned mask)
{
    if (c < 0 || c > 0x7f)
        return 0;
    return (ctype_table[c] & mask) != 0;
}

int isalnum(int c) { return ctype_has(c, CT_UPPER | CT_LOWER | CT_DIGIT); }
int isalpha(int c) { return ctype_has(c, CT_UPPER | CT_LOWER); }
int isblank(int c) { return ctype_has(c, CT_BLANK); }
int iscntrl(int c) { return ctype_has(c, CT_CNTRL); }
int isdigit(int c) { return ctype_has(c, CT_DIGIT); }
int islower(int c) { return ctype_has(c, CT_LOWER); }
int ispunct(int c) { return ctype_has(c, CT_PUNCT); }
int isspace(int c) { return ctype_has(c, CT_SPACE); }
int isupper(int c) { return ctype_has(c, CT_UPPER); }
int isxdigit(int c) { return ctype_has(c, CT_DIGIT | CT_XALPHA); }

int isgraph(int c)
{
    return ctype_has(c, CT_UPPER | CT_LOWER | CT_DIGIT | CT_PUNCT);
}

/* Printable is graphic plus the space character itself. */
int isprint(int c) { return c == ' ' || isgraph(c); }

int tolower(int c) { return isupper(c) ? c - 'A' + 'a' : c; }
int toupper(int c) { return islower(c) ? c - 'a' + 'A' : c; }

int isascii(int c) { return c >= 0 && c <= 0x7f; }
int toascii(int c) { return c & 0x7f; }

/* Character classification for the "C" locale, the only one Kestrel has.
 * Arguments are an unsigned char value or EOF; bytes 0x80-0xff belong to no
 * class and are returned unchanged by tolower/toupper. */
#ifndef _CTYPE_H
#define _CTYPE_H

#ifdef __cplusplus
extern "C" {
#endif

int isalnum(int c);
int isalpha(int c);
int isblank(int c);
int iscntrl(int c);
int isdigit(int c);
int isgraph(int c);
int islower(int c);
int isprint(int c);
int ispunct(int c);
int isspace(int c);
int isupper(int c);
int isxdigit(int c);
int tolower(int c);
int toupper(int c);

/* XSI extensions. */
int isascii(int c);
int toascii(int c);

#ifdef __cplusplus
}
#endif

#endif

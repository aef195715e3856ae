/* A small matcher for POSIX basic regular expressions: . * ^ $ [...]
 * (ranges, negation, [:class:]), \( \) groups, \{m,n\} intervals, \1..\9
 * back-references, plus \+ and \? (one or more, zero or one). Matching
 * backtracks, so it is meant for lines of text, not huge inputs. */
#ifndef GREP_BRE_H
#define GREP_BRE_H
#include <stdbool.h>
#include <stddef.h>

struct bre;

/* Compiles pattern; NULL with a message in err on a malformed pattern. */
struct bre *bre_compile(const char *pattern, bool icase, char *err, size_t errsize);
/* Does the pattern match somewhere in text[0..len)? */
bool bre_search(const struct bre *re, const char *text, size_t len);
void bre_free(struct bre *re);

#endif

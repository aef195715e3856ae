/* Parsing /etc/inittab: one "console DEVICE PROGRAM [ARG...]" a line. */
#include "init.h"
#include <stdio.h>
#include <string.h>

static char *next_word(char **cursor)
{
    char *p = *cursor;
    while (*p == ' ' || *p == '\t')
        p++;
    if (!*p)
        return NULL;
    char *start = p;
    while (*p && *p != ' ' && *p != '\t')
        p++;
    if (*p)
        *p++ = 0;
    *cursor = p;
    return start;
}

static bool parse_console(char *rest, struct console *c, int lineno)
{
    memset(c, 0, sizeof(*c));
    char *dev = next_word(&rest);
    if (!dev || strlen(dev) >= sizeof(c->device)) {
        init_log("inittab:%d: console needs a device", lineno);
        return false;
    }
    strcpy(c->device, dev);
    size_t used = 0;
    int argc = 0;
    char *w;
    while ((w = next_word(&rest)) != NULL) {
        size_t len = strlen(w) + 1;
        if (argc == INIT_MAX_ARGS || used + len > sizeof(c->storage)) {
            init_log("inittab:%d: too many or too long arguments", lineno);
            return false;
        }
        memcpy(c->storage + used, w, len);
        c->argv[argc++] = c->storage + used;
        used += len;
    }
    if (argc == 0) {
        init_log("inittab:%d: console %s needs a program", lineno, dev);
        return false;
    }
    c->argv[argc] = NULL;
    return true;
}

int inittab_read(const char *path, struct console *out, int max)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        init_log("cannot read %s; nothing to run", path);
        return 0;
    }
    char line[512];
    int n = 0, lineno = 0;
    while (fgets(line, sizeof(line), f)) {
        lineno++;
        line[strcspn(line, "\r\n")] = 0;
        char *cursor = line;
        char *kind = next_word(&cursor);
        if (!kind || kind[0] == '#')
            continue;
        if (strcmp(kind, "console") != 0) {
            init_log("inittab:%d: unknown entry \"%s\"", lineno, kind);
            continue;
        }
        if (n == max) {
            init_log("inittab:%d: more than %d consoles; ignoring the rest", lineno, max);
            break;
        }
        if (parse_console(cursor, &out[n], lineno))
            n++;
    }
    fclose(f);
    return n;
}

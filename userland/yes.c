/* yes: print a line (the arguments, or "y") until the reader goes away. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    size_t len = 0;
    for (int i = 1; i < argc; i++)
        len += strlen(argv[i]) + 1;
    if (argc < 2)
        len = 2;
    /* fill a buffer with many copies so each write moves a lot */
    size_t copies = len < 4096 ? 4096 / len : 1;
    char *buf = malloc(len * copies);
    if (!buf)
        return 1;
    char *p = buf;
    for (size_t c = 0; c < copies; c++) {
        if (argc < 2) {
            memcpy(p, "y\n", 2);
            p += 2;
            continue;
        }
        for (int i = 1; i < argc; i++) {
            size_t n = strlen(argv[i]);
            memcpy(p, argv[i], n);
            p += n;
            *p++ = i + 1 < argc ? ' ' : '\n';
        }
    }
    for (;;) {
        if (write(STDOUT_FILENO, buf, (size_t)(p - buf)) < 0)
            return 1;
    }
}

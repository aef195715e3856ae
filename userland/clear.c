/* clear: blank a VT100-style terminal and home the cursor. */
#include <stdio.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    if (argc > 1) {
        fprintf(stderr, "usage: %s\n", argv[0]);
        return 2;
    }
    static const char seq[] = "\x1b[H\x1b[2J";
    return write(STDOUT_FILENO, seq, sizeof(seq) - 1) == sizeof(seq) - 1 ? 0 : 1;
}

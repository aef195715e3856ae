/* poweroff: flush the disks and turn the machine off. */
#include <errno.h>
#include <kestrel.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    if (argc > 1) {
        fprintf(stderr, "usage: %s\n", argv[0]);
        return 2;
    }
    sync();
    if (power(POWER_OFF) < 0) {
        fprintf(stderr, "poweroff: %s\n", strerror(errno));
        return 1;
    }
    return 0;
}

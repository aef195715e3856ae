/* reboot: flush the disks and restart the machine. */
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
    if (power(POWER_REBOOT) < 0) {
        fprintf(stderr, "reboot: %s\n", strerror(errno));
        return 1;
    }
    return 0;
}

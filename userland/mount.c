/* mount: attach a file system, or list the mounted ones from /proc/mounts.
 *   mount                        list
 *   mount [-r] [-o ro,nosuid] -t type [source] target */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/statvfs.h>
#include <unistd.h>

static void usage(void)
{
    fprintf(stderr, "usage: mount\n       mount [-r] [-o ro,rw,nosuid] -t type [source] target\n");
    exit(2);
}

static int mount_list(void)
{
    FILE *f = fopen("/proc/mounts", "r");
    if (!f) {
        fprintf(stderr, "mount: cannot read /proc/mounts: %s (is /proc mounted?)\n", strerror(errno));
        return 1;
    }
    char line[512];
    while (fgets(line, sizeof(line), f)) {
        char dev[128], dir[256], type[64], opts[128];
        if (sscanf(line, "%127s %255s %63s %127s", dev, dir, type, opts) == 4)
            printf("%s on %s type %s (%s)\n", dev, dir, type, opts);
        else
            fputs(line, stdout);
    }
    fclose(f);
    return 0;
}

static unsigned long mount_options(const char *opts, unsigned long flags)
{
    char *copy = malloc(strlen(opts) + 1);
    if (!copy)
        exit(1);
    strcpy(copy, opts);
    for (char *save = NULL, *o = strtok_r(copy, ",", &save); o; o = strtok_r(NULL, ",", &save)) {
        if (strcmp(o, "ro") == 0)
            flags |= ST_RDONLY;
        else if (strcmp(o, "rw") == 0)
            flags &= ~(unsigned long)ST_RDONLY;
        else if (strcmp(o, "nosuid") == 0)
            flags |= ST_NOSUID;
        else if (strcmp(o, "suid") == 0)
            flags &= ~(unsigned long)ST_NOSUID;
        else if (strcmp(o, "defaults") != 0) {
            fprintf(stderr, "mount: unknown option '%s'\n", o);
            exit(2);
        }
    }
    free(copy);
    return flags;
}

int main(int argc, char **argv)
{
    if (argc == 1)
        return mount_list();
    const char *type = NULL;
    unsigned long flags = 0;
    int c;
    while ((c = getopt(argc, argv, "rwt:o:")) != -1) {
        switch (c) {
        case 'r': flags |= ST_RDONLY; break;
        case 'w': flags &= ~(unsigned long)ST_RDONLY; break;
        case 't': type = optarg; break;
        case 'o': flags = mount_options(optarg, flags); break;
        default: usage();
        }
    }
    int n = argc - optind;
    if (!type || n < 1 || n > 2)
        usage();
    const char *source = n == 2 ? argv[optind] : NULL;
    const char *target = argv[argc - 1];
    if (mount(source, target, type, flags, NULL) < 0) {
        fprintf(stderr, "mount: %s%s%s: %s\n", source ? source : "", source ? " on " : "", target,
                strerror(errno));
        return 1;
    }
    return 0;
}

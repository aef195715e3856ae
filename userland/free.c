/* free: memory use from /proc/meminfo ("key: value" lines, in KiB). */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
    bool mib = false;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-m") == 0) {
            mib = true;
        } else if (strcmp(argv[i], "-k") != 0) {
            fprintf(stderr, "usage: free [-k|-m]\n");
            return 2;
        }
    }
    FILE *f = fopen("/proc/meminfo", "r");
    if (!f) {
        fprintf(stderr, "free: cannot read /proc/meminfo: %s (is /proc mounted?)\n", strerror(errno));
        return 1;
    }
    long long total = -1, avail = -1, heap = -1;
    char key[64];
    long long value;
    char line[256];
    while (fgets(line, sizeof(line), f)) {
        if (sscanf(line, "%63[^:]: %lld", key, &value) != 2)
            continue;
        if (strcmp(key, "total_kib") == 0 || strcmp(key, "MemTotal") == 0)
            total = value;
        else if (strcmp(key, "free_kib") == 0 || strcmp(key, "MemFree") == 0)
            avail = value;
        else if (strcmp(key, "heap_bytes_in_use") == 0)
            heap = value / 1024;
    }
    fclose(f);
    if (total < 0 || avail < 0) {
        fprintf(stderr, "free: /proc/meminfo lacks total_kib or free_kib\n");
        return 1;
    }
    long long div = mib ? 1024 : 1;
    printf("%-6s %12s %12s %12s\n", "", mib ? "total MiB" : "total KiB", "used", "free");
    printf("%-6s %12lld %12lld %12lld\n", "Mem:", total / div, (total - avail) / div, avail / div);
    if (heap >= 0)
        printf("%-6s %12s %12lld\n", "Heap:", "", heap / div);
    return 0;
}

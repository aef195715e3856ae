/* basename and dirname, in place. NULL and "" both name the current
 * directory; a path of only slashes is the root. */
#include <libgen.h>
#include <string.h>

char *basename(char *path)
{
    if (!path || !*path)
        return (char *)".";
    size_t end = strlen(path);
    while (end > 1 && path[end - 1] == '/')
        end--;
    path[end] = '\0';
    if (end == 1 && path[0] == '/')
        return path;
    char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

char *dirname(char *path)
{
    if (!path || !*path)
        return (char *)".";
    size_t end = strlen(path);
    while (end > 1 && path[end - 1] == '/')  /* trailing slashes */
        end--;
    while (end > 0 && path[end - 1] != '/')  /* the last component */
        end--;
    if (end == 0)
        return (char *)".";
    while (end > 1 && path[end - 1] == '/')  /* the slashes before it */
        end--;
    path[end] = '\0';
    return path;
}

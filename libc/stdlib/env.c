/* The environment: getenv, setenv, unsetenv and putenv over environ, a
 * NULL-terminated array of "NAME=value" strings.
 *
 * At start-up environ points at memory libc does not own (the array the
 * kernel put on the stack), and putenv() inserts strings that stay the
 * caller's. So the first change copies the array into the heap, and libc
 * remembers which strings it allocated itself (for setenv) so that it frees
 * exactly those when they are replaced or removed. None of this is
 * thread-safe, which POSIX allows. */
#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <bits/errno_location.h>
#include <bits/errno_values.h>

char **environ;

static char **owned_array;     /* environ, when libc allocated it */
static size_t owned_capacity;  /* entries in owned_array, NULL included */

static char **owned_strings;   /* strings setenv allocated */
static size_t owned_string_count, owned_string_capacity;

/* A name is usable when non-empty and free of '='. */
static bool valid_name(const char *name)
{
    return name && *name && !strchr(name, '=');
}

/* Whether entry is "name=..." for a name of length len. */
static bool entry_matches(const char *entry, const char *name, size_t len)
{
    return strncmp(entry, name, len) == 0 && entry[len] == '=';
}

static size_t env_count(void)
{
    size_t n = 0;
    if (environ) {
        while (environ[n])
            n++;
    }
    return n;
}

/* Frees entry if setenv allocated it; strings from elsewhere stay. */
static void release_string(char *entry)
{
    for (size_t i = 0; i < owned_string_count; i++) {
        if (owned_strings[i] == entry) {
            owned_strings[i] = owned_strings[--owned_string_count];
            free(entry);
            return;
        }
    }
}

static bool remember_string(char *entry)
{
    if (owned_string_count == owned_string_capacity) {
        size_t capacity = owned_string_capacity ? owned_string_capacity * 2 : 16;
        char **grown = realloc(owned_strings, capacity * sizeof(char *));
        if (!grown)
            return false;
        owned_strings = grown;
        owned_string_capacity = capacity;
    }
    owned_strings[owned_string_count++] = entry;
    return true;
}

/* Makes sure environ is libc's own array with room for one more entry. */
static bool reserve_slot(void)
{
    size_t count = env_count();
    if (environ == owned_array && count + 2 <= owned_capacity)
        return true;

    size_t capacity = (count + 2) * 2;
    char **array = malloc(capacity * sizeof(char *));
    if (!array)
        return false;
    for (size_t i = 0; i < count; i++)
        array[i] = environ[i];
    array[count] = NULL;
    /* A program may also have pointed environ at an array of its own; the
     * old one is freed only if it is the copy made here. */
    if (environ == owned_array)
        free(owned_array);
    environ = owned_array = array;
    owned_capacity = capacity;
    return true;
}

/* Puts entry in place of the variable's first definition, or appends it.
 * Later duplicates (possible in an inherited environment) are dropped so
 * that getenv and the new value agree. */
static bool install(char *entry, size_t name_len)
{
    if (!reserve_slot())
        return false;
    size_t i, out;
    bool placed = false;
    for (i = out = 0; environ[i]; i++) {
        if (entry_matches(environ[i], entry, name_len)) {
            release_string(environ[i]);
            if (placed)
                continue;
            environ[i] = entry;
            placed = true;
        }
        environ[out++] = environ[i];
    }
    if (!placed)
        environ[out++] = entry;
    environ[out] = NULL;
    return true;
}

char *getenv(const char *name)
{
    if (!environ || !valid_name(name))
        return NULL;
    size_t len = strlen(name);
    for (char **e = environ; *e; e++) {
        if (entry_matches(*e, name, len))
            return *e + len + 1;
    }
    return NULL;
}

int setenv(const char *name, const char *value, int overwrite)
{
    if (!valid_name(name)) {
        *__errno_location() = EINVAL;
        return -1;
    }
    if (!overwrite && getenv(name))
        return 0;

    size_t name_len = strlen(name), value_len = strlen(value);
    char *entry = malloc(name_len + value_len + 2);
    if (!entry)
        return -1;
    memcpy(entry, name, name_len);
    entry[name_len] = '=';
    memcpy(entry + name_len + 1, value, value_len + 1);

    if (!remember_string(entry)) {
        free(entry);
        return -1;
    }
    if (!install(entry, name_len)) {
        release_string(entry);
        return -1;
    }
    return 0;
}

int unsetenv(const char *name)
{
    if (!valid_name(name)) {
        *__errno_location() = EINVAL;
        return -1;
    }
    if (!environ)
        return 0;
    size_t len = strlen(name), out = 0;
    for (size_t i = 0; environ[i]; i++) {
        if (entry_matches(environ[i], name, len))
            release_string(environ[i]);
        else
            environ[out++] = environ[i];
    }
    environ[out] = NULL;
    return 0;
}

/* The string itself becomes part of the environment, so later changes to it
 * show through. Without an '=' it removes the variable, as glibc does. */
int putenv(char *string)
{
    const char *eq = strchr(string, '=');
    if (!eq)
        return unsetenv(string);
    if (eq == string) {
        *__errno_location() = EINVAL;
        return -1;
    }
    return install(string, (size_t)(eq - string)) ? 0 : -1;
}

/* uname() of the kernel ABI. Every field is a NUL-terminated string. */
#ifndef KERNEL_API_UTSNAME_H
#define KERNEL_API_UTSNAME_H

#define UTSNAME_LENGTH 65

struct utsname {
    char sysname[UTSNAME_LENGTH];   /* "Kestrel" */
    char nodename[UTSNAME_LENGTH];  /* the host name (sethostname) */
    char release[UTSNAME_LENGTH];
    char version[UTSNAME_LENGTH];
    char machine[UTSNAME_LENGTH];   /* "i686" */
};

#endif

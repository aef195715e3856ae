/* Implementation limits (C11 5.2.4.2.1 plus the POSIX values Kestrel
 * defines). The numeric limits come from the compiler's predefined macros;
 * the file-system limits are the kernel's. */
#ifndef _LIMITS_H
#define _LIMITS_H

#define CHAR_BIT __CHAR_BIT__
#define SCHAR_MAX __SCHAR_MAX__
#define SCHAR_MIN (-SCHAR_MAX - 1)
#define UCHAR_MAX (SCHAR_MAX * 2 + 1)
#ifdef __CHAR_UNSIGNED__
#define CHAR_MIN 0
#define CHAR_MAX UCHAR_MAX
#else
#define CHAR_MIN SCHAR_MIN
#define CHAR_MAX SCHAR_MAX
#endif
#define MB_LEN_MAX 1

#define SHRT_MAX __SHRT_MAX__
#define SHRT_MIN (-SHRT_MAX - 1)
#define USHRT_MAX (SHRT_MAX * 2 + 1)
#define INT_MAX __INT_MAX__
#define INT_MIN (-INT_MAX - 1)
#define UINT_MAX (INT_MAX * 2U + 1U)
#define LONG_MAX __LONG_MAX__
#define LONG_MIN (-LONG_MAX - 1L)
#define ULONG_MAX (LONG_MAX * 2UL + 1UL)
#define LLONG_MAX __LONG_LONG_MAX__
#define LLONG_MIN (-LLONG_MAX - 1LL)
#define ULLONG_MAX (LLONG_MAX * 2ULL + 1ULL)

#define SSIZE_MAX __PTRDIFF_MAX__

/* File-system limits: the kernel's values when its header is installed. */
#if __has_include(<kernel/api/limits.h>)
#include <kernel/api/limits.h>
#endif
#ifndef PATH_MAX
#define PATH_MAX 4096
#endif
#ifndef NAME_MAX
#define NAME_MAX 255
#endif
#ifndef PIPE_BUF
#define PIPE_BUF 4096
#endif
#ifndef SYMLOOP_MAX
#define SYMLOOP_MAX 40
#endif

/* Limits libc itself imposes. */
#define HOST_NAME_MAX 64        /* the kernel's utsname node name, minus the NUL */
#define LOGIN_NAME_MAX 32
#define TTY_NAME_MAX 32
#define NGROUPS_MAX 32
#define ARG_MAX 131072
#define LINE_MAX 2048
#define IOV_MAX 1024
#define PTHREAD_KEYS_MAX 64
#define PTHREAD_STACK_MIN 16384
#define PTHREAD_DESTRUCTOR_ITERATIONS 4
#define ATEXIT_MAX 32

/* The minimum values POSIX requires of every system. */
#define _POSIX_ARG_MAX 4096
#define _POSIX_CHILD_MAX 25
#define _POSIX_HOST_NAME_MAX 255
#define _POSIX_LINK_MAX 8
#define _POSIX_MAX_CANON 255
#define _POSIX_MAX_INPUT 255
#define _POSIX_NAME_MAX 14
#define _POSIX_NGROUPS_MAX 8
#define _POSIX_OPEN_MAX 20
#define _POSIX_PATH_MAX 256
#define _POSIX_PIPE_BUF 512
#define _POSIX_SSIZE_MAX 32767
#define _POSIX_TTY_NAME_MAX 9

#endif

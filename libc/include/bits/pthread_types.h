/* The pthread object types, shared by <sys/types.h> and <pthread.h>. Their
 * layouts are libc's business; programs only use the initializers and the
 * functions. */
#ifndef _BITS_PTHREAD_TYPES_H
#define _BITS_PTHREAD_TYPES_H

struct __pthread;
typedef struct __pthread *pthread_t;

typedef struct {
    __SIZE_TYPE__ __stack_size;
    __SIZE_TYPE__ __guard_size;
    int __detach_state;
} pthread_attr_t;

typedef struct {
    int __lock;       /* 0 free, 1 locked, 2 locked with waiters */
    int __type;       /* PTHREAD_MUTEX_* */
    int __owner;      /* tid of the holder, for the checking types */
    unsigned __count; /* recursion depth */
} pthread_mutex_t;

typedef struct {
    int __type;
} pthread_mutexattr_t;

typedef struct {
    unsigned __seq;   /* bumped by every signal and broadcast */
    int __clock;      /* clock of the timed waits */
} pthread_cond_t;

typedef struct {
    int __clock;
} pthread_condattr_t;

typedef int pthread_once_t;
typedef unsigned pthread_key_t;

#endif

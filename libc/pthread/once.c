/* pthread_once: 0 = not run, 1 = running, 2 = done. Latecomers sleep on
 * the word until the runner finishes. */
#include <limits.h>
#include <pthread.h>

#include "../internal/futex.h"

int pthread_once(pthread_once_t *once, void (*init)(void))
{
    for (;;) {
        int state = __atomic_load_n(once, __ATOMIC_ACQUIRE);
        if (state == 2)
            return 0;
        if (state == 0 &&
            __atomic_compare_exchange_n(once, &state, 1, 0, __ATOMIC_ACQUIRE,
                                        __ATOMIC_ACQUIRE)) {
            init();
            __atomic_store_n(once, 2, __ATOMIC_RELEASE);
            __futex_wake(once, INT_MAX);
            return 0;
        }
        if (state == 1)
            __futex_wait(once, 1, 0);
    }
}

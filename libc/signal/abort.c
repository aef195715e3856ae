/* abort(): end the process with SIGABRT even if the program catches, blocks
 * or ignores it. Streams are not flushed: their state may be why we are
 * here. */
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

_Noreturn void abort(void)
{
    sigset_t abrt = SIGSET_BIT(SIGABRT);
    sigprocmask(SIG_UNBLOCK, &abrt, NULL);
    raise(SIGABRT);
    /* A handler returned, or the signal is ignored: back to the default
     * action, which cannot be refused, and again. */
    struct sigaction dfl = { .sa_handler = SIG_DFL };
    sigaction(SIGABRT, &dfl, NULL);
    sigprocmask(SIG_UNBLOCK, &abrt, NULL);
    raise(SIGABRT);
    /* Only a kernel without signals gets here. */
    _exit(127);
}

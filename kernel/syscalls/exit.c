/* exit: the whole process ends with this status; every other thread dies
 * at its next return towards user mode. */
#include "kernel/process.h"
#include "kernel/thread.h"

long sys_exit(int status)
{
    process_die(process_current(), status & 0xFF, 0);
    thread_exit();
}

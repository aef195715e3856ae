/* Process identity: pids, parents, thread ids. */
#include "testlib.h"
#include <sys/wait.h>
#include <unistd.h>

TEST(proc, getpid_getppid_gettid)
{
    pid_t me = getpid();
    CHECK_CMP(me, >, 1);
    CHECK_EQ(getpid(), me);
    CHECK_EQ(gettid(), me);  /* the main thread's id is the process id */
    pid_t parent = getppid();
    CHECK_CMP(parent, >, 0);
    CHECK_NE(parent, me);
    pid_t pid = tl_fork();
    if (pid == 0) {
        CHECK_EQ(getppid(), me);
        CHECK_NE(getpid(), me);
        CHECK_EQ(gettid(), getpid());
        tl_exit();
    }
    CHECK_CMP(pid, >, 0);
    tl_wait_exit(pid, 0);
}

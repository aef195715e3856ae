/* Starting user space: init in normal mode, the test runner in test mode. */
#ifndef KERNEL_USERLAND_START_H
#define KERNEL_USERLAND_START_H
/* Runs init (init= on the command line, /bin/init by default) and never
 * returns: if init ends, the system has nothing left to do. */
__attribute__((noreturn)) void userland_start_init(void);
/* Runs the userland suite (/bin/testrunner) and waits for it; its results
 * arrive through /dev/tap. A missing runner, a crash or a time-out count as
 * failures. */
void userland_run_tests(void);
#endif

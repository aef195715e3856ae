/* Starting user space: init in normal mode, the test runner in test mode. */
#ifndef KERNEL_USERLAND_START_H
#define KERNEL_USERLAND_START_H
/* Runs init (init= on the command line, /bin/init by default) and never
 * returns: if init ends, the system has nothing left to do. */
__attribute__((noreturn)) void userland_start_init(void);
/* Runs the userland suites (/bin/testrunner, /bin/shelltest, /bin/libctest)
 * one by one; their results arrive through /dev/tap. A missing suite, a
 * crash or a time-out count as failures. */
void userland_run_tests(void);
#endif

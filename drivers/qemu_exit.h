/* Leaving QEMU with a status, through its isa-debug-exit device. */
#ifndef DRIVERS_QEMU_EXIT_H
#define DRIVERS_QEMU_EXIT_H
/* QEMU exits with status (code << 1) | 1; on real hardware this returns. */
enum qemu_exit_code {
    QEMU_EXIT_TESTS_PASSED = 0,
    QEMU_EXIT_TESTS_FAILED = 1,
    QEMU_EXIT_PANIC = 2,
};
void qemu_exit(enum qemu_exit_code code);
#endif

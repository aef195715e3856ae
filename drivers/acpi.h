/* Just enough ACPI to switch the machine off: the FADT's PM1 control
 * registers and the sleep type of the \_S5 (soft-off) state from the DSDT. */
#ifndef DRIVERS_ACPI_H
#define DRIVERS_ACPI_H
#include <stdbool.h>
#include <stdint.h>

struct acpi_power_info {
    bool found;             /* the tables were there and made sense */
    uint16_t pm1a_control, pm1b_control;    /* I/O ports; b may be 0 */
    uint16_t smi_command;
    uint8_t acpi_enable;
    uint8_t s5_sleep_type_a, s5_sleep_type_b;
};

/* Reads the tables once (at boot); later calls return the same answer. */
const struct acpi_power_info *acpi_power_info(void);
/* Enters S5. Returns only when that did not happen. */
void acpi_power_off(void);
#endif

/* ACPI: the power-off registers come from the firmware's tables. QEMU's
 * i440fx machine has its PM block at 0x600 (PM1a control at 0x604) and an
 * \_S5 package whose sleep type is 0, which are the facts checked here. */
#include "drivers/acpi.h"
#include "kernel/selftest.h"
#include "mm/vmap.h"

KTEST(acpi, power_off_registers_from_the_tables)
{
    const struct acpi_power_info *a = acpi_power_info();
    KT_ASSERT(t, a->found);
    KT_CHECK_EQ(t, a->pm1a_control, 0x604);
    KT_CHECK_EQ(t, a->pm1b_control, 0);
    KT_CHECK_EQ(t, a->s5_sleep_type_a, 0);
}

KTEST(acpi, physical_views_leave_nothing_mapped)
{
    size_t before = vmap_pages_in_use();
    const uint8_t *bios = vmap_map_physical(0xF0000 + 123, 5000);
    KT_ASSERT(t, bios != NULL);
    KT_CHECK_EQ(t, (uintptr_t)bios & 0xFFF, 123);
    KT_CHECK_EQ(t, vmap_pages_in_use(), before + 2);
    vmap_unmap_physical(bios, 5000);
    KT_CHECK_EQ(t, vmap_pages_in_use(), before);
}

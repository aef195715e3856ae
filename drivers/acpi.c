/* ACPI power-off. The tables are firmware data and are treated as hostile:
 * every checksum, signature and length is checked, and a table that fails
 * means "no ACPI" rather than a guess. Layout facts are from the ACPI spec. */
#include "drivers/acpi.h"
#include "arch/x86/io.h"
#include "kernel/printk.h"
#include "mm/layout.h"
#include "mm/vmap.h"
#include <string.h>

#define RSDP_SIGNATURE      "RSD PTR "
#define EBDA_POINTER        0x40E       /* BIOS data area: EBDA segment */
#define BIOS_AREA_START     0xE0000
#define BIOS_AREA_END       0x100000
#define SDT_HEADER_SIZE     36
#define SDT_MAX_LENGTH      (1024 * 1024)
#define FADT_DSDT           40
#define FADT_SMI_CMD        48
#define FADT_ACPI_ENABLE    52
#define FADT_PM1A_CNT       64
#define FADT_PM1B_CNT       68
#define PM1_SCI_EN          0x0001
#define PM1_SLP_EN          0x2000
#define PM1_SLP_TYP_SHIFT   10
#define AML_PACKAGE_OP      0x12
#define AML_BYTE_PREFIX     0x0A
#define AML_ZERO_OP         0x00
#define AML_ONE_OP          0x01

static struct acpi_power_info acpi_info;
static bool acpi_probed;

static bool checksum_ok(const uint8_t *p, size_t len)
{
    uint8_t sum = 0;
    for (size_t i = 0; i < len; i++)
        sum += p[i];
    return sum == 0;
}

static uint32_t read32(const uint8_t *p) { return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24; }

/* Low memory is always in the direct map. */
static const uint8_t *rsdp_scan(uint32_t start, uint32_t end)
{
    for (uint32_t a = start & ~15u; a + 20 <= end; a += 16) {
        const uint8_t *p = phys_to_virt(a);
        if (memcmp(p, RSDP_SIGNATURE, 8) == 0 && checksum_ok(p, 20))
            return p;
    }
    return NULL;
}

/* Maps a whole system description table after checking its header;
 * NULL if it is not the table asked for. Unmap with vmap_unmap_physical. */
static const uint8_t *sdt_map(uint32_t phys, const char *signature, uint32_t *length)
{
    const uint8_t *h = vmap_map_physical(phys, SDT_HEADER_SIZE);
    if (!h)
        return NULL;
    uint32_t len = read32(h + 4);
    bool sig_ok = memcmp(h, signature, 4) == 0;
    vmap_unmap_physical(h, SDT_HEADER_SIZE);
    if (!sig_ok || len < SDT_HEADER_SIZE || len > SDT_MAX_LENGTH)
        return NULL;
    const uint8_t *t = vmap_map_physical(phys, len);
    if (t && !checksum_ok(t, len)) {
        vmap_unmap_physical(t, len);
        return NULL;
    }
    *length = len;
    return t;
}

/* One small integer of an AML package element; advances *p. */
static bool aml_small_int(const uint8_t **p, const uint8_t *end, uint8_t *out)
{
    if (*p >= end)
        return false;
    uint8_t op = *(*p)++;
    if (op == AML_BYTE_PREFIX) {
        if (*p >= end)
            return false;
        *out = *(*p)++;
    } else if (op == AML_ZERO_OP || op == AML_ONE_OP) {
        *out = op;
    } else {
        *out = op;  /* some firmware stores the raw byte */
    }
    return true;
}

/* Finds "_S5_" followed by a package and reads its first two values. */
static bool dsdt_find_s5(const uint8_t *dsdt, uint32_t len)
{
    const uint8_t *end = dsdt + len;
    for (const uint8_t *p = dsdt + SDT_HEADER_SIZE; p + 4 < end; p++) {
        if (memcmp(p, "_S5_", 4) != 0)
            continue;
        const uint8_t *q = p + 4;
        if (q >= end || *q != AML_PACKAGE_OP)
            continue;
        q++;
        if (q >= end)
            return false;
        q += 1 + ((*q >> 6) & 3);     /* PkgLength: lead byte + 0..3 more */
        q++;                          /* NumElements */
        return q < end && aml_small_int(&q, end, &acpi_info.s5_sleep_type_a) &&
               aml_small_int(&q, end, &acpi_info.s5_sleep_type_b);
    }
    return false;
}

static bool acpi_read_tables(void)
{
    uint32_t ebda = (uint32_t)*(const uint16_t *)phys_to_virt(EBDA_POINTER) << 4;
    const uint8_t *rsdp = NULL;
    if (ebda >= 0x80000 && ebda < 0xA0000)
        rsdp = rsdp_scan(ebda, ebda + 1024);
    if (!rsdp)
        rsdp = rsdp_scan(BIOS_AREA_START, BIOS_AREA_END);
    if (!rsdp)
        return false;
    uint32_t rsdt_len;
    const uint8_t *rsdt = sdt_map(read32(rsdp + 16), "RSDT", &rsdt_len);
    if (!rsdt)
        return false;
    bool ok = false;
    for (uint32_t off = SDT_HEADER_SIZE; off + 4 <= rsdt_len && !ok; off += 4) {
        uint32_t fadt_len;
        const uint8_t *fadt = sdt_map(read32(rsdt + off), "FACP", &fadt_len);
        if (!fadt)
            continue;
        if (fadt_len >= FADT_PM1B_CNT + 4) {
            acpi_info.smi_command = (uint16_t)read32(fadt + FADT_SMI_CMD);
            acpi_info.acpi_enable = fadt[FADT_ACPI_ENABLE];
            acpi_info.pm1a_control = (uint16_t)read32(fadt + FADT_PM1A_CNT);
            acpi_info.pm1b_control = (uint16_t)read32(fadt + FADT_PM1B_CNT);
            uint32_t dsdt_len;
            const uint8_t *dsdt = sdt_map(read32(fadt + FADT_DSDT), "DSDT", &dsdt_len);
            if (dsdt) {
                ok = acpi_info.pm1a_control != 0 && dsdt_find_s5(dsdt, dsdt_len);
                vmap_unmap_physical(dsdt, dsdt_len);
            }
        }
        vmap_unmap_physical(fadt, fadt_len);
    }
    vmap_unmap_physical(rsdt, rsdt_len);
    return ok;
}

const struct acpi_power_info *acpi_power_info(void)
{
    if (!acpi_probed) {
        acpi_probed = true;
        acpi_info.found = acpi_read_tables();
        if (acpi_info.found)
            printk("acpi: soft-off through PM1a control port %#x, sleep type %u\n", acpi_info.pm1a_control,
                   acpi_info.s5_sleep_type_a);
        else
            printk("acpi: no usable tables; power-off falls back to known emulator ports\n");
    }
    return &acpi_info;
}

void acpi_power_off(void)
{
    const struct acpi_power_info *a = acpi_power_info();
    if (!a->found)
        return;
    /* Firmware that still owns the power management hardware must hand it
     * over first (SCI_EN set), or the write is ignored. */
    if (!(inw(a->pm1a_control) & PM1_SCI_EN) && a->smi_command && a->acpi_enable) {
        outb(a->smi_command, a->acpi_enable);
        for (int i = 0; i < 1000000 && !(inw(a->pm1a_control) & PM1_SCI_EN); i++)
            io_wait();
    }
    outw(a->pm1a_control, (uint16_t)(a->s5_sleep_type_a << PM1_SLP_TYP_SHIFT) | PM1_SLP_EN);
    if (a->pm1b_control)
        outw(a->pm1b_control, (uint16_t)(a->s5_sleep_type_b << PM1_SLP_TYP_SHIFT) | PM1_SLP_EN);
}

/* CPU feature detection and the protection bits the kernel turns on. */
#include "arch/x86/cpu.h"
#include <string.h>

struct cpu_features cpu_features;

void cpu_detect_features(void)
{
    uint32_t r[4];
    cpuid(0, 0, r);
    uint32_t max_leaf = r[0];
    memcpy(cpu_features.vendor + 0, &r[1], 4);
    memcpy(cpu_features.vendor + 4, &r[3], 4);
    memcpy(cpu_features.vendor + 8, &r[2], 4);
    cpu_features.vendor[12] = 0;

    cpuid(1, 0, r);
    cpu_features.pge = r[3] & (1u << 13);
    if (max_leaf >= 7) {
        cpuid(7, 0, r);
        cpu_features.smep = r[1] & (1u << 7);
        cpu_features.smap = r[1] & (1u << 20);
    }
    cpuid(0x80000000, 0, r);
    uint32_t max_ext = r[0];
    if (max_ext >= 0x80000001) {
        cpuid(0x80000001, 0, r);
        cpu_features.nx = r[3] & (1u << 20);
    }
    if (max_ext >= 0x80000004) {
        for (uint32_t i = 0; i < 3; i++) {
            cpuid(0x80000002 + i, 0, r);
            memcpy(cpu_features.brand + 16 * i, r, 16);
        }
        cpu_features.brand[48] = 0;
    }
}

/* NX must be on before any page table carries the NX bit: without EFER.NXE
 * that bit is reserved and every access through such an entry faults. */
void cpu_enable_protections(void)
{
    if (cpu_features.nx)
        wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_NXE);
    write_cr0(read_cr0() | CR0_WP);
    uint32_t cr4 = read_cr4();
    if (cpu_features.pge)
        cr4 |= CR4_PGE;
    if (cpu_features.smep)
        cr4 |= CR4_SMEP;
    /* The user-copy helpers open each access with stac (arch/x86/usercopy.h). */
    if (cpu_features.smap)
        cr4 |= CR4_SMAP;
    write_cr4(cr4);
}

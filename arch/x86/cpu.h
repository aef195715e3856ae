/* Control registers, MSRs, CPUID and interrupt-flag helpers. */
#ifndef ARCH_X86_CPU_H
#define ARCH_X86_CPU_H
#include <stdbool.h>
#include <stdint.h>

#define CR0_WP      (1u << 16)
#define CR4_PAE     (1u << 5)
#define CR4_PGE     (1u << 7)
#define CR4_SMEP    (1u << 20)
#define CR4_SMAP    (1u << 21)
#define EFLAGS_IF   (1u << 9)
#define EFLAGS_AC   (1u << 18)
#define MSR_EFER    0xC0000080
#define EFER_NXE    (1u << 11)

#define DEFINE_CR_ACCESSORS(n)                                                  \
    static inline uint32_t read_cr##n(void)                                     \
    { uint32_t v; __asm__ volatile("mov %%cr" #n ", %0" : "=r"(v)); return v; } \
    static inline void write_cr##n(uint32_t v)                                  \
    { __asm__ volatile("mov %0, %%cr" #n : : "r"(v) : "memory"); }
DEFINE_CR_ACCESSORS(0)
DEFINE_CR_ACCESSORS(2)
DEFINE_CR_ACCESSORS(3)
DEFINE_CR_ACCESSORS(4)
#undef DEFINE_CR_ACCESSORS

static inline void invlpg(uintptr_t va) { __asm__ volatile("invlpg (%0)" : : "r"(va) : "memory"); }

static inline uint64_t rdmsr(uint32_t msr)
{
    uint32_t lo, hi;
    __asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
    return ((uint64_t)hi << 32) | lo;
}
static inline void wrmsr(uint32_t msr, uint64_t v)
{
    __asm__ volatile("wrmsr" : : "c"(msr), "a"((uint32_t)v), "d"((uint32_t)(v >> 32)));
}
static inline void cpuid(uint32_t leaf, uint32_t sub, uint32_t r[4])
{
    __asm__ volatile("cpuid" : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3]) : "a"(leaf), "c"(sub));
}
static inline uint64_t rdtsc(void)
{
    uint32_t lo, hi;
    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return ((uint64_t)hi << 32) | lo;
}

static inline uint32_t read_eflags(void)
{
    uint32_t f;
    __asm__ volatile("pushfl; popl %0" : "=r"(f));
    return f;
}
static inline void irq_enable(void) { __asm__ volatile("sti" ::: "memory"); }
static inline void irq_disable(void) { __asm__ volatile("cli" ::: "memory"); }
static inline bool irq_enabled(void) { return read_eflags() & EFLAGS_IF; }
static inline void cpu_halt(void) { __asm__ volatile("hlt" ::: "memory"); }
static inline void cpu_relax(void) { __asm__ volatile("pause" ::: "memory"); }

typedef uint32_t irqflags_t;
/* Disable interrupts and return whether they were on, for irq_restore. */
static inline irqflags_t irq_save(void)
{
    irqflags_t f = read_eflags();
    irq_disable();
    return f;
}
static inline void irq_restore(irqflags_t f)
{
    if (f & EFLAGS_IF)
        irq_enable();
}

/* CPU features the kernel cares about, filled in by cpu_detect_features. */
struct cpu_features {
    bool nx;
    bool smep;
    bool smap;
    bool pge;
    char vendor[13];
    char brand[49];
};
extern struct cpu_features cpu_features;
void cpu_detect_features(void);
void cpu_enable_protections(void);
#endif

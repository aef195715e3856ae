#include "arch/x86/percpu.h"

/* The boot processor's block; the only one until SMP. */
struct cpu cpu_boot;

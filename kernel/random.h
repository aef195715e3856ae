/* The kernel's random number generator (ChaCha20 keystream, reseeded from
 * timing jitter and RDRAND where the CPU has it). */
#ifndef KERNEL_RANDOM_H
#define KERNEL_RANDOM_H
#include <stddef.h>
#include <stdint.h>
void random_init(void);
/* Mix more unpredictable bits in (interrupt timing, say). */
void random_add_entropy(uint64_t sample);
void random_bytes(void *buf, size_t len);
uint32_t random_u32(void);
#endif

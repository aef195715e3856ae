/* The clock ext2 timestamps come from (the host tests supply their own). */
#include "fs/ext2/ext2_internal.h"
#include "kernel/clock.h"

uint32_t ext2_now(void) { return (uint32_t)(clock_realtime_ns() / NSEC_PER_SEC); }

#ifndef FOOTFALL_CPREFETCH_H
#define FOOTFALL_CPREFETCH_H

/// Asks the CPU to bring the cache line at `address` in for reading, without waiting for it: for loops
/// that know a few iterations ahead which scattered memory they will read (Swift has no such hint).
/// Never faults, whatever the address.
static inline void footfall_prefetch(const void *address) {
    __builtin_prefetch(address, 0, 3);
}

#endif

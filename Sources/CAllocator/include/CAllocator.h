#ifndef FOOTFALL_CALLOCATOR_H
#define FOOTFALL_CALLOCATOR_H

#if defined(__GLIBC__) || defined(__linux__)
#include <malloc.h>
#endif

/// Sets glibc's `mmap` and trim thresholds (`mallopt` with `M_MMAP_THRESHOLD` and `M_TRIM_THRESHOLD`, which
/// Swift's Glibc module does not import); returns 1 when both were taken, 0 otherwise (or on another C
/// library).
static inline int footfall_set_allocator_thresholds(int mmap_threshold, int trim_threshold) {
#if defined(M_MMAP_THRESHOLD) && defined(M_TRIM_THRESHOLD)
    return mallopt(M_MMAP_THRESHOLD, mmap_threshold) && mallopt(M_TRIM_THRESHOLD, trim_threshold);
#else
    (void)mmap_threshold;
    (void)trim_threshold;
    return 0;
#endif
}

#endif

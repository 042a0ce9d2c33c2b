#ifndef FOOTFALL_CISAL_SHIM_H
#define FOOTFALL_CISAL_SHIM_H

// Intel ISA-L's igzip (Debian's libisal-dev): streaming gzip inflate, about 2.7 times zlib's speed
// on access logs (SIMD Huffman decoding and CRC-32), and fast stateless deflate at level 1.
#include <isa-l/igzip_lib.h>
// CRC-32 as zlib and gzip compute it (`crc32_gzip_refl`), many times zlib's speed.
#include <isa-l/crc.h>

/// The size of the working buffer igzip's level 1 needs (`ISAL_DEF_LVL1_DEFAULT`, a macro Swift
/// cannot import).
static inline unsigned int footfall_isal_level1_buffer_size(void) { return ISAL_DEF_LVL1_DEFAULT; }

#endif

#ifndef FOOTFALL_CISAL_SHIM_H
#define FOOTFALL_CISAL_SHIM_H

// Intel ISA-L's igzip (Debian's libisal-dev): streaming gzip inflate, about 2.7 times zlib's speed
// on access logs (SIMD Huffman decoding and CRC-32), and fast stateless deflate at level 1.
#include <isa-l/igzip_lib.h>
// CRC-32 as zlib and gzip compute it (`crc32_gzip_refl`), many times zlib's speed.
#include <isa-l/crc.h>
#include <stddef.h>
#include <string.h>

/// The size of the working buffer igzip's level 1 needs (`ISAL_DEF_LVL1_DEFAULT`, a macro Swift
/// cannot import).
static inline unsigned int footfall_isal_level1_buffer_size(void) { return ISAL_DEF_LVL1_DEFAULT; }

/// Zeroes every field of `stream` before its internal state's two large arrays (the 64 KiB history buffer and
/// the hash heads, about 82 KB together): what a zeroed `isal_zstream` would hold, without writing the
/// arrays, which a stateless level-1 call with its own `level_buf` does not use. Zeroing the whole struct
/// per page cost more than compressing a small page.
static inline void footfall_isal_clear_stream_fields(struct isal_zstream *stream) {
    memset(stream, 0, offsetof(struct isal_zstream, internal_state) + offsetof(struct isal_zstate, buffer));
}

#endif

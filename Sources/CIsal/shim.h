#ifndef FOOTFALL_CISAL_SHIM_H
#define FOOTFALL_CISAL_SHIM_H

// Intel ISA-L's igzip (Debian's libisal-dev): streaming gzip inflate, about 2.7 times zlib's speed
// on access logs (SIMD Huffman decoding and CRC-32).
#include <isa-l/igzip_lib.h>

#endif

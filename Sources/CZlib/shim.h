#ifndef FOOTFALL_CZLIB_SHIM_H
#define FOOTFALL_CZLIB_SHIM_H

#include <zlib.h>

/// `inflateInit2` is a macro in zlib.h; Swift cannot call macros, so wrap it.
static inline int footfall_inflateInit2(z_streamp strm, int windowBits) {
    return inflateInit2(strm, windowBits);
}

/// `deflateInit2` is a macro in zlib.h; wrapped for the same reason.
static inline int footfall_deflateInit2(z_streamp strm, int level, int method,
                                        int windowBits, int memLevel, int strategy) {
    return deflateInit2(strm, level, method, windowBits, memLevel, strategy);
}

#endif

#ifndef FOOTFALL_CDEFLATE_SHIM_H
#define FOOTFALL_CDEFLATE_SHIM_H

// libdeflate (Debian's libdeflate-dev): whole-buffer DEFLATE/gzip, faster than zlib when the
// uncompressed size is known, as it is for every Parquet page.
#include <libdeflate.h>

#endif

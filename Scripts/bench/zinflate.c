/* The floor for footfall's ingest benchmarks: inflate a gzip file (all members) to nothing.
 * Build: cc -O2 -o zinflate zinflate.c -lz.  Prints decoded bytes. */
#include <stdio.h>
#include <string.h>
#include <zlib.h>

int main(int argc, char **argv) {
    if (argc != 2) { fprintf(stderr, "usage: zinflate FILE.gz\n"); return 64; }
    FILE *in = fopen(argv[1], "rb");
    if (!in) { perror(argv[1]); return 1; }
    static unsigned char inbuf[1 << 18], outbuf[1 << 20];
    z_stream s; memset(&s, 0, sizeof s);
    if (inflateInit2(&s, 15 + 16) != Z_OK) return 1;
    unsigned long long total = 0;
    int rc = Z_OK;
    for (;;) {
        if (s.avail_in == 0) {
            s.avail_in = (uInt)fread(inbuf, 1, sizeof inbuf, in);
            s.next_in = inbuf;
            if (s.avail_in == 0) break;
        }
        s.next_out = outbuf; s.avail_out = sizeof outbuf;
        rc = inflate(&s, Z_NO_FLUSH);
        total += sizeof outbuf - s.avail_out;
        if (rc == Z_STREAM_END) { inflateReset(&s); rc = Z_OK; }
        else if (rc != Z_OK && rc != Z_BUF_ERROR) { fprintf(stderr, "inflate error %d\n", rc); return 1; }
    }
    printf("%llu\n", total);
    return 0;
}

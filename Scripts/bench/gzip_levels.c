// Page compression speeds and ratios: libdeflate levels 1 and 6 against ISA-L igzip levels 0-3, on
// 256 KiB slices of a file (an uncompressed Parquet file of footfall's tables, say).
// Build: cc -O2 -o gzip_levels Scripts/bench/gzip_levels.c -ldeflate -lisal; run: ./gzip_levels FILE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <libdeflate.h>
#include <isa-l/igzip_lib.h>
static double now(){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec+t.tv_nsec*1e-9;}
int main(int argc,char**argv){
  FILE*f=fopen(argv[1],"rb");fseek(f,0,SEEK_END);long n=ftell(f);fseek(f,0,SEEK_SET);
  unsigned char*in=malloc(n);fread(in,1,n,f);fclose(f);
  size_t chunk=256*1024; unsigned char*out=malloc(chunk*2+1024);
  for(int lvl=1;lvl<=6;lvl+=5){
    struct libdeflate_compressor*c=libdeflate_alloc_compressor(lvl);
    double t=now(); size_t total=0;
    for(long off=0;off<n;off+=chunk){size_t len=(n-off<chunk)?n-off:chunk; total+=libdeflate_gzip_compress(c,in+off,len,out,chunk*2+1024);}
    double dt=now()-t; printf("libdeflate L%d: %.0f MB/s ratio %.3f\n",lvl,n/dt/1e6,(double)total/n);
  }
  int sizes[]={ISAL_DEF_LVL0_DEFAULT,ISAL_DEF_LVL1_DEFAULT,ISAL_DEF_LVL2_DEFAULT,ISAL_DEF_LVL3_DEFAULT};
  for(int lvl=0;lvl<=3;lvl++){
    unsigned char*lb=malloc(sizes[lvl]); double t=now(); size_t total=0;
    for(long off=0;off<n;off+=chunk){size_t len=(n-off<chunk)?n-off:chunk;
      struct isal_zstream s; isal_deflate_stateless_init(&s); s.level=lvl; s.level_buf=lb; s.level_buf_size=sizes[lvl];
      s.gzip_flag=IGZIP_GZIP; s.end_of_stream=1; s.next_in=in+off; s.avail_in=len; s.next_out=out; s.avail_out=chunk*2+1024;
      if(isal_deflate_stateless(&s)!=COMP_OK){printf("err\n");return 1;} total+=s.total_out;}
    double dt=now()-t; printf("isal L%d: %.0f MB/s ratio %.3f\n",lvl,n/dt/1e6,(double)total/n);
  }
}

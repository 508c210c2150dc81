#ifndef CSELARAS_DEFLATE_SHIM_H
#define CSELARAS_DEFLATE_SHIM_H
/// libdeflate from Debian's libdeflate-dev: whole-buffer deflate and gzip, and a CRC-32 that
/// uses the processor's carry-less multiply (the exporters' blocks).
#include <libdeflate.h>
#endif

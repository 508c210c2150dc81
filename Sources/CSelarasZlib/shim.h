#ifndef CSELARAS_ZLIB_SHIM_H
#define CSELARAS_ZLIB_SHIM_H
#include <zlib.h>
#include <stdint.h>
#include <stddef.h>

/// zlib's init functions are macros (they pass ZLIB_VERSION and sizeof(z_stream));
/// Swift cannot call macros, so these inline shims do it.
static inline int cselaras_deflateInit2(z_streamp strm, int level, int method,
                                        int windowBits, int memLevel, int strategy) {
    return deflateInit2(strm, level, method, windowBits, memLevel, strategy);
}

static inline int cselaras_inflateInit2(z_streamp strm, int windowBits) {
    return inflateInit2(strm, windowBits);
}

/// CRC-32 (IEEE) over a buffer of any length (zlib's crc32 takes a uInt length).
static inline uint32_t cselaras_crc32(uint32_t crc, const void *buf, size_t len) {
    const unsigned char *p = (const unsigned char *)buf;
    uLong c = crc;
    while (len > 0) {
        uInt chunk = len > 0x40000000u ? 0x40000000u : (uInt)len;
        c = crc32(c, p, chunk);
        p += chunk;
        len -= chunk;
    }
    return (uint32_t)c;
}

static inline uint32_t cselaras_crc32_combine(uint32_t crc1, uint32_t crc2, long len2) {
    return (uint32_t)crc32_combine(crc1, crc2, (z_off_t)len2);
}
#endif

"""Gzip for a cached body whose chunks a per-visitor token joins, compressed once.

A cached page is kept as chunks with the visitor's CSRF token going between them
(pianoo/response_cache.py). Compressing the joined page on every hit would cost more
than the rest of the hit (about 2 ms for the advice page's 124 kB at level 6), so each chunk is
compressed once, when the page is stored, and a hit only joins bytes (RFC 1951, 1952):

- each chunk is a raw deflate stream of its own, ended by a sync flush: non-final
  blocks that end on a byte boundary, so any block may follow. Each chunk's compressor
  starts afresh, so no back reference reaches before the chunk's start (into a token);
- the token goes between the chunks as a stored (uncompressed) block;
- a final, empty stored block ends the deflate data; the gzip trailer's CRC-32 and length
  are those of the whole joined body. The first chunk's CRC is kept; the token and the
  later chunks (on the advice page the last 4 kB, after the first form) are added per hit.

The token is never compressed, so the compressed length cannot tell anything about it
(BREACH); every other byte is the same for every visitor.
"""

from __future__ import annotations

import struct
import zlib
from functools import lru_cache

LEVEL = 9  # once per stored page and content version: the smallest output is worth it
# ID1 ID2, deflate, no flags, no modification time, "maximum compression", unknown OS.
_HEADER = bytes([0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 2, 255])
_FINAL_EMPTY_BLOCK = b"\x01\x00\x00\xff\xff"  # BFINAL=1, BTYPE=00 (stored), LEN 0, NLEN ~0
_STORED_MAX = 0xFFFF


def deflate(chunk: bytes) -> bytes:
    """`chunk` as raw deflate blocks, none final, ending on a byte boundary."""
    compressor = zlib.compressobj(LEVEL, zlib.DEFLATED, -zlib.MAX_WBITS)
    return compressor.compress(chunk) + compressor.flush(zlib.Z_SYNC_FLUSH)


def stored_block(data: bytes) -> bytes:
    """`data` as a non-final stored deflate block (the stream is on a byte boundary)."""
    if len(data) > _STORED_MAX:
        raise ValueError(f"a stored block holds at most {_STORED_MAX} bytes, not {len(data)}")
    return struct.pack("<BHH", 0, len(data), len(data) ^ _STORED_MAX) + data


def gzip_join(chunks: list[bytes], deflated: list[bytes], first_crc: int, separator: bytes) -> bytes:
    """`separator.join(chunks)` as a gzip body, from each chunk's `deflate` and `zlib.crc32(chunks[0])`."""
    between = stored_block(separator)
    parts = [_HEADER, deflated[0]]
    crc = first_crc
    length = len(chunks[0])
    for chunk, deflated_chunk in zip(chunks[1:], deflated[1:], strict=True):
        crc = zlib.crc32(chunk, zlib.crc32(separator, crc))
        length += len(separator) + len(chunk)
        parts += (between, deflated_chunk)
    parts += (_FINAL_EMPTY_BLOCK, struct.pack("<II", crc, length & 0xFFFFFFFF))
    return b"".join(parts)


@lru_cache(maxsize=256)
def accepts_gzip(accept_encoding: str) -> bool:
    """Whether an Accept-Encoding header allows gzip (RFC 9110, 12.5.3).

    gzip (or x-gzip) listed with a weight above 0, or not listed and `*` above 0. A
    browser sends a handful of distinct values, hence the cache.
    """
    weights: dict[str, float] = {}
    for item in accept_encoding.split(","):
        name, _, params = item.partition(";")
        weight = 1.0
        for param in params.split(";"):
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    weight = float(value)
                except ValueError:
                    weight = 0.0
        weights[name.strip().lower()] = weight
    for name in ("gzip", "x-gzip", "*"):
        if name in weights:
            return weights[name] > 0
    return False

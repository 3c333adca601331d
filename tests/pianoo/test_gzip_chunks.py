"""pianoo/gzip_chunks.py: chunks compressed once, joined per hit into a valid gzip body."""

from __future__ import annotations

import gzip
import os
import random
import zlib

import pytest

from pianoo.gzip_chunks import accepts_gzip, deflate, gzip_join, stored_block


def joined(chunks: list[bytes], separator: bytes) -> bytes:
    return gzip_join(chunks, [deflate(c) for c in chunks], zlib.crc32(chunks[0]), separator)


@pytest.mark.parametrize(
    "chunks",
    [
        [b"<p>alleen</p>" * 300],
        [b"<html>" + b"tekst " * 5000, b"</form><form>", b"</html>"],
        [b"", b"midden", b""],  # the token first, last, and twice in a row
        [b"a", b"", b"", b"b"],
        [os.urandom(70_000), b"x" * 100_000],  # incompressible and long: deflate splits blocks
    ],
)
def test_the_joined_body_is_the_chunks_joined_by_the_token(chunks):
    token = b"TOKEN" + os.urandom(8).hex().encode()
    body = joined(chunks, token)
    assert gzip.decompress(body) == token.join(chunks)  # gzip checks the CRC-32 and the length
    # A streaming decoder (as a browser's) ends exactly at the body's end, nothing left over.
    decoder = zlib.decompressobj(wbits=31)
    assert decoder.decompress(body) == token.join(chunks) and decoder.eof and decoder.unused_data == b""


def test_each_visitor_gets_their_own_token_from_the_same_compressed_chunks():
    rng = random.Random(7)  # noqa: S311 (test data, not a secret)
    chunks = [bytes(rng.choice(b"<p>advies </p>") for _ in range(20_000)) for _ in range(4)]
    deflated = [deflate(c) for c in chunks]
    crc = zlib.crc32(chunks[0])
    for token in (b"a" * 64, b"b" * 64, b""):
        assert gzip.decompress(gzip_join(chunks, deflated, crc, token)) == token.join(chunks)


def test_the_token_is_not_compressed_and_the_rest_is():
    """The token goes in as stored bytes (BREACH: its compressed size says nothing about it)."""
    page = [b"<main>" + b"Een tip over inkoop. " * 4000, b"</main>"]
    token = b"Q" * 64
    body = joined(page, token)
    assert token in body  # verbatim
    assert len(body) < len(token.join(page)) / 20


def test_a_stored_block_holds_at_most_65535_bytes():
    assert stored_block(b"x" * 0xFFFF)[:5] == b"\x00\xff\xff\x00\x00"
    with pytest.raises(ValueError, match="at most 65535"):
        stored_block(b"x" * 0x10000)


@pytest.mark.parametrize(
    ("header", "accepted"),
    [
        ("gzip, deflate, br, zstd", True),  # Chromium
        ("gzip, deflate, br", True),  # Firefox, Safari
        ("GZIP", True),
        ("x-gzip", True),
        ("br;q=1.0, gzip;q=0.8, *;q=0.1", True),
        ("*", True),
        ("", False),
        ("identity", False),
        ("br", False),
        ("gzip;q=0", False),
        ("gzip;q=0.000", False),
        ("gzip;q=0, *", False),  # refused by name, whatever "*" says
        ("*;q=0", False),
        ("gzip;q=zero", False),  # an unreadable weight counts as 0
        ("gzipped", False),
    ],
)
def test_accept_encoding_is_read_with_its_weights(header, accepted):
    assert accepts_gzip(header) is accepted

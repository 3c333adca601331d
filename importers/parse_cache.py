"""An on-disk cache of parsed documents, for test runs and repeated imports on one machine.

Parsing the real source takes seconds (the column de-interleaving dominates), and the
test suite, its parallel workers and the end-to-end server all import the same text.
The cache stores the parse result under a key made of the source text's hash and the
hash of the parser's own code, so any change to either parses afresh. It is off unless
a directory is given (`PARSE_CACHE_DIR`, from `DJANGO_PARSE_CACHE_DIR`): production
imports always parse.

The entries are pickles, so the directory must be private to the user that runs the
tests or the import (it is created 0700); a pickle is never read from anywhere else.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import pickle
import sys
import tempfile
from functools import cache
from pathlib import Path

from importers.parser.document import Document
from importers.parser.main import parse

PARSER_DIR = Path(__file__).resolve().parent / "parser"


@cache
def parser_fingerprint() -> str:
    """A hash of the parser's source files and the Python version that pickles its output."""
    digest = hashlib.sha256(sys.version.encode())
    for path in sorted(PARSER_DIR.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def cache_key(text: str) -> str:
    source = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return hashlib.sha256(f"{source}:{parser_fingerprint()}".encode()).hexdigest()[:32]


def cached_parse(text: str, cache_dir: Path | str | None) -> Document:
    """`parse(text)`, read from `cache_dir` when this text was parsed by this parser before.

    Each call returns a fresh `Document` (callers may change it). Errors are not cached:
    a text that is not the source document raises ValueError every time.
    """
    if not cache_dir:
        return parse(text)
    directory = Path(cache_dir)
    entry = directory / f"{cache_key(text)}.pickle"
    document = _read(entry)
    if document is not None:
        return document
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    # one process parses while the others (parallel test workers) wait for its entry
    with open(directory / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            return _read(entry) or _parse_and_store(text, directory, entry)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _read(entry: Path) -> Document | None:
    try:
        document = pickle.loads(entry.read_bytes())  # noqa: S301 - see the module docstring
    except (
        OSError,
        EOFError,
        pickle.UnpicklingError,
        AttributeError,
        ImportError,
        ValueError,
        KeyError,
        TypeError,
        IndexError,
    ):
        return None
    return document if isinstance(document, Document) else None


def _parse_and_store(text: str, directory: Path, entry: Path) -> Document:
    document = parse(text)
    # written under a temporary name and renamed, so parallel test workers never read half a file
    handle, temporary = tempfile.mkstemp(dir=directory, suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            pickle.dump(document, file, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, entry)
    except OSError:
        Path(temporary).unlink(missing_ok=True)
    return document

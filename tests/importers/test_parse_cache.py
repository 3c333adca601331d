"""The on-disk parse cache: a hit gives the same document, any change to text or parser parses afresh."""

from __future__ import annotations

import pytest

from importers import parse_cache
from tests.factories import small_document, tip


@pytest.fixture
def parses(monkeypatch) -> list[str]:
    """The texts the (stubbed) parser was asked to parse; the real one is tested elsewhere."""
    calls: list[str] = []

    def fake_parse(text: str):
        calls.append(text)
        return small_document(Fa=[tip(f"Tip uit {text}.", 1)])

    monkeypatch.setattr(parse_cache, "parse", fake_parse)
    return calls


def test_a_second_parse_of_the_same_text_reads_the_cache(tmp_path, parses):
    first = parse_cache.cached_parse("bron", tmp_path)
    second = parse_cache.cached_parse("bron", tmp_path)
    assert parses == ["bron"]
    assert second == first
    assert second is not first  # a fresh copy: callers may change it


def test_another_text_or_another_parser_parses_again(tmp_path, parses, monkeypatch):
    parse_cache.cached_parse("bron", tmp_path)
    parse_cache.cached_parse("andere bron", tmp_path)
    assert parses == ["bron", "andere bron"]
    monkeypatch.setattr(parse_cache, "parser_fingerprint", lambda: "een gewijzigde parser")
    parse_cache.cached_parse("bron", tmp_path)
    assert parses == ["bron", "andere bron", "bron"]


def test_a_damaged_entry_is_parsed_again_and_replaced(tmp_path, parses):
    parse_cache.cached_parse("bron", tmp_path)
    (entry,) = tmp_path.glob("*.pickle")
    entry.write_bytes(b"kapot")
    assert parse_cache.cached_parse("bron", tmp_path).cells["Fa"].items[0].text == "Tip uit bron."
    assert parse_cache.cached_parse("bron", tmp_path).cells["Fa"].items[0].text == "Tip uit bron."
    assert parses == ["bron", "bron"]
    assert not list(tmp_path.glob("*.tmp"))


def test_without_a_directory_every_call_parses(parses):
    parse_cache.cached_parse("bron", None)
    parse_cache.cached_parse("bron", None)
    assert parses == ["bron", "bron"]


def test_the_fingerprint_changes_with_the_parser_code(tmp_path, monkeypatch):
    parser = tmp_path / "parser"
    parser.mkdir()
    (parser / "main.py").write_text("x = 1\n")
    monkeypatch.setattr(parse_cache, "PARSER_DIR", parser)
    parse_cache.parser_fingerprint.cache_clear()
    try:
        before = parse_cache.parser_fingerprint()
        (parser / "main.py").write_text("x = 2\n")
        parse_cache.parser_fingerprint.cache_clear()
        assert parse_cache.parser_fingerprint() != before
    finally:
        parse_cache.parser_fingerprint.cache_clear()

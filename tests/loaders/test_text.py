from __future__ import annotations

import codecs

import pytest

import policyparse
from policyparse.errors import BinaryInput, EmptyInput, EncodingError, InputNotFound
from policyparse.loaders import load
from tests.conftest import SAMPLES, parsed

SAMPLE = "002_7ad6b5fece9b2224.txt"


def outline_of(doc):
    return [(s.level, s.label, s.heading, s.path) for s in doc.sections()]


@pytest.mark.parametrize(
    ("encoding", "prefix"),
    [("gb18030", b""), ("utf-8", codecs.BOM_UTF8), ("utf-16-le", codecs.BOM_UTF16_LE),
     ("utf-16-be", codecs.BOM_UTF16_BE), ("gbk", b"")],
)
def test_other_encodings_give_the_same_outline(tmp_path, sample, encoding, prefix):
    text = (SAMPLES / sample).read_text(encoding="utf-8")
    try:
        data = prefix + text.encode(encoding)
    except UnicodeEncodeError:
        pytest.skip(f"{sample} has characters {encoding} cannot hold")
    path = tmp_path / sample
    path.write_bytes(data)
    doc = policyparse.parse(path)
    assert outline_of(doc) == outline_of(parsed(sample))
    assert doc.meta == parsed(sample).meta
    assert doc.text == parsed(sample).text


def test_detected_encoding_is_reported(tmp_path):
    p = tmp_path / "a.txt"
    p.write_bytes("一、总体要求".encode("gb18030"))
    assert load(p).encoding == "gb18030"
    p.write_bytes(codecs.BOM_UTF8 + "一、总体要求".encode())
    assert load(p).encoding == "utf-8-sig"
    assert load(p).text == "一、总体要求"


def test_markdown_suffix(tmp_path):
    p = tmp_path / "a.md"
    p.write_text("## 一、总体要求\n**（一）指导思想。**", encoding="utf-8")
    doc = policyparse.parse(p)
    assert doc.source.format == "md"
    assert [s.label for s in doc.sections()] == ["一", "（一）"]


@pytest.mark.parametrize(
    ("data", "error", "words"),
    [
        (b"", EmptyInput, "empty"),
        (b"  \n\r\n\t ", EmptyInput, "whitespace"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", BinaryInput, "PDF"),
        (b"PK\x03\x04\x14\x00\x00", BinaryInput, "ZIP"),
        (bytes(range(256)) * 4, BinaryInput, "binary"),
        (b"\x81\x30\x81", EncodingError, "decode"),
    ],
)
def test_bad_input_raises_a_clear_error(tmp_path, data, error, words):
    p = tmp_path / "bad.txt"
    p.write_bytes(data)
    with pytest.raises(error) as info:
        load(p)
    msg = str(info.value)
    assert str(p) in msg and words in msg and "\n" not in msg


def test_missing_file(tmp_path):
    with pytest.raises(InputNotFound, match="no such file"):
        load(tmp_path / "nope.txt")


def test_control_share_counts_controls_but_not_line_and_tab_marks():
    from policyparse.loaders.text import _ALLOWED_CONTROLS, _control_share

    assert _control_share("") == 0.0
    assert _control_share("一\t二\n三\r\n\f\v") == 0.0
    assert _control_share("ab\x00\x1f\x7f\x9f") == 4 / 6
    every = "".join(chr(i) for i in range(0xA0))
    want = sum(1 for ch in every if (ord(ch) < 32 or ord(ch) >= 0x7F) and ch not in _ALLOWED_CONTROLS)
    assert _control_share(every) == want / len(every)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_the_bytes_show_every_control_the_text_would_hold(encoding):
    # the look in the bytes that spares most texts the regex pass over them: never a control
    # missed (every character a control or next to one), and a clean text passes without it
    from policyparse.loaders.text import _BAD_CONTROL, _may_hold_controls

    chars = [chr(i) for i in (*range(0x800), *range(0x2000, 0x2070), *range(0x3000, 0x3040),
                              *range(0xFF00, 0xFF70), 0x4E00, 0x9FA5, 0x1F600)]
    for ch in chars:
        for text in (ch, f"一{ch}二", f"\x81{ch}0"):
            if _BAD_CONTROL.search(text):
                assert _may_hold_controls(text.encode(encoding), encoding), (hex(ord(ch)), text)
    clean = "关于印发《方案》的通知\n一、总体要求·\t（一）到2025年，达到５０％。\r\n"
    assert not _may_hold_controls(clean.encode(encoding), encoding)
    assert _may_hold_controls(clean.encode("utf-16-le"), "utf-16-le")  # (not looked into)


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
def test_a_control_after_many_lead_bytes_is_still_seen(encoding):
    # the lead bytes are asked one by one up to a few, and the pattern searches the rest
    from policyparse.loaders.text import _C1_LOOKS, _may_hold_controls

    for n in range(_C1_LOOKS + 3):
        assert _may_hold_controls(("·一" * n + "\x85二").encode(encoding), encoding), n
        assert not _may_hold_controls(("·一" * n + "二").encode(encoding), encoding), n


def test_utf8_without_a_bom_is_read_as_the_sniffing_would():
    # the straight road for UTF-8 without a BOM or NUL bytes: the same text and name as the
    # sniffing (whose look at the head finds no UTF-16 in such a file), a head cut in the
    # middle of a character too
    from pathlib import Path

    from policyparse.loaders.text import _utf16_without_bom, decode

    for text in ("一、总体要求\n" * 700, "a" + "一" * 1500, "ab" + "（一）" * 1400, "x", "abc",
                 "Notice 2024 on saving energy\n" * 300, "·°×" * 2000):
        data = text.encode()
        assert _utf16_without_bom(data) is None
        assert decode(Path("n.txt"), data) == (text, "utf-8")
    with pytest.raises(BinaryInput, match="control characters"):
        decode(Path("n.txt"), "一\x01\x02".encode() * 100)


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
def test_control_characters_still_make_binary_input(tmp_path, encoding):
    path = tmp_path / "notice.txt"
    path.write_bytes(("一、总体要求\x01\x02\x03" * 20 + "\x85" * 30).encode(encoding))
    with pytest.raises(BinaryInput, match="control characters"):
        load(path)
    path.write_bytes(("一、总体要求·\t" * 50 + "\x85").encode(encoding))
    assert load(path).text.startswith("一、总体要求")


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_recognised(tmp_path, encoding):
    path = tmp_path / "notice.txt"
    path.write_bytes("关于加强节能工作的通知\n一、总体要求\n（一）指导思想。坚持节能优先。".encode(encoding))
    loaded = load(path)
    assert loaded.encoding == encoding
    assert loaded.text.startswith("关于加强节能工作的通知\n一、总体要求")


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("text", ["关于加强节能工作的通知、总体要求", "Notice 2024-01 on energy saving, part 1"])
def test_utf16_without_bom_is_recognised_with_or_without_nul_bytes(tmp_path, encoding, text):
    # Chinese alone has no NUL byte in UTF-16 (read by its code units); ASCII has one a
    # character (read by where they fall)
    from policyparse.loaders.text import _utf16_without_bom

    data = (text * 8).encode(encoding)
    assert (b"\x00" in data) == text.isascii()
    assert _utf16_without_bom(data) == encoding
    path = tmp_path / "notice.txt"
    path.write_bytes(data)
    assert load(path).text == text * 8


def test_a_stray_byte_is_named_by_offset_and_line(tmp_path):
    path = tmp_path / "notice.txt"
    head = "关于加强节能工作的通知\n一、总体要求\n（一）".encode()
    path.write_bytes(head + b"\xff" + "指导思想。".encode())
    with pytest.raises(EncodingError) as info:
        load(path)
    msg = str(info.value)
    assert f"byte 0xff at offset {len(head)} (line 3, byte 10 of the line) is not UTF-8" in msg
    assert msg.startswith(str(path)) and "\n" not in msg

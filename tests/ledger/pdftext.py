"""Text of a PDF written by fpdf2, read back through each font's ToUnicode map (no PDF library needed).

fpdf2 writes text as glyph ids of subset TrueType fonts; each font carries a ToUnicode CMap that maps the
ids back to characters. Enough for tests to check what a document says, not a general PDF reader.
"""

import re
import zlib

OBJECT = re.compile(rb"(\d+) 0 obj(.*?)endobj", re.S)
STREAM = re.compile(rb"stream\r?\n(.*?)\r?\nendstream", re.S)


def _stream(body: bytes) -> bytes:
    m = STREAM.search(body)
    if not m:
        return b""
    # /Length, when given, says where the data ends: compressed data may itself end with "\r" before "\nendstream".
    length = re.search(rb"/Length (\d+)", body[: m.start()])
    raw = body[m.start(1): m.start(1) + int(length.group(1))] if length else m.group(1)
    return zlib.decompress(raw) if b"/FlateDecode" in body[: m.start()] else raw


def _cmap(text: bytes) -> dict[int, str]:
    mapping: dict[int, str] = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", text, re.S):
        for src, dst in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            mapping[int(src, 16)] = bytes.fromhex(dst.decode()).decode("utf-16-be")
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", text, re.S):
        for lo, hi, dst in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            first = int(dst, 16)
            for i, code in enumerate(range(int(lo, 16), int(hi, 16) + 1)):
                mapping[code] = chr(first + i)
    return mapping


def _literal(data: bytes, i: int) -> tuple[bytes, int]:
    """The bytes of the literal string starting after '(' at `i`, and the index after its ')'."""
    out, depth = bytearray(), 1
    escapes = {ord("n"): b"\n", ord("r"): b"\r", ord("t"): b"\t", ord("b"): b"\b", ord("f"): b"\f"}
    while i < len(data):
        c = data[i]
        if c == 0x5C:  # backslash
            nxt = data[i + 1]
            if nxt in escapes:
                out += escapes[nxt]
                i += 2
            elif 0x30 <= nxt <= 0x37:
                digits = re.match(rb"[0-7]{1,3}", data[i + 1: i + 4]).group(0)
                out.append(int(digits, 8))
                i += 1 + len(digits)
            else:
                out.append(nxt)
                i += 2
            continue
        if c == 0x28:
            depth += 1
        elif c == 0x29:
            depth -= 1
            if depth == 0:
                return bytes(out), i + 1
        out.append(c)
        i += 1
    return bytes(out), i


def pdf_text(data: bytes) -> str:
    """Every text-showing operation of every page, one line per BT…ET block."""
    objects = {int(n): body for n, body in OBJECT.findall(data)}
    font_maps: dict[bytes, dict[int, str]] = {}
    for body in objects.values():
        for name, ref in re.findall(rb"/(F\d+)\s+(\d+) 0 R", body):
            font = objects.get(int(ref), b"")
            m = re.search(rb"/ToUnicode\s+(\d+) 0 R", font)
            if m:
                font_maps[name] = _cmap(_stream(objects[int(m.group(1))]))
    lines: list[str] = []
    for body in objects.values():
        content = _stream(body)
        if b" Tf" not in content or b"BT" not in content:
            continue
        current: dict[int, str] = {}
        i, line = 0, []
        token = re.compile(rb"/(F\d+)\s+[\d.]+\s+Tf|\(|<([0-9A-Fa-f]*)>|\bET\b")
        while True:
            m = token.search(content, i)
            if not m:
                break
            if m.group(1):
                current = font_maps.get(m.group(1), {})
                i = m.end()
            elif m.group(0) == b"ET":
                if line:
                    lines.append("".join(line))
                line, i = [], m.end()
            else:
                if m.group(0) == b"(":
                    raw, i = _literal(content, m.end())
                else:
                    raw, i = bytes.fromhex(m.group(2).decode()), m.end()
                line.append("".join(current.get(int.from_bytes(raw[k:k + 2], "big"), "")
                                    for k in range(0, len(raw) - 1, 2)))
    return "\n".join(lines).replace("\u202f", " ").replace("\xa0", " ")

#!/usr/bin/env python3
"""Seeds fuzz/corpus/check and fuzz/corpus/fix from every *.json under fixtures/.

Each fixture is written once, behind the header bytes its target reads (see the comments at the
top of fuzz_targets/*.rs). The method byte is the method the fixture is meant for: the one its
`<name>.expected.json` names (fixtures/spec), else the one its `{"method", "params"}` envelope
names, else biconnector.connector.add. Renderer, file-name and fix-flag bytes vary across the
fixtures so that every choice is seeded. Seeds are named by content hash; rerunning only adds.

Usage (from the repository root or from fuzz/): python3 fuzz/seed.py
"""

import hashlib
import json
import pathlib

FUZZ = pathlib.Path(__file__).resolve().parent
ROOT = FUZZ.parent

# The order of `Method::ALL` in src/diag.rs.
METHODS = [
    f"biconnector.{family}.{op}"
    for family, ops in [
        ("connector", ["add", "update", "get", "delete", "list", "fields"]),
        ("source", ["add", "update", "get", "delete", "list", "fields"]),
        ("dataset", ["add", "update", "fields.update", "get", "delete", "list", "fields"]),
        ("table", ["add", "update", "fields.update", "get", "delete", "list", "fields"]),
    ]
    for op in ops
]
assert len(METHODS) == 26

# File names for the check target: (byte 2, name bytes). Mostly the default name; some hostile.
NAMES = [
    (0, b""),
    (0, b""),
    (0, b""),
    (5 | 8, b"a\nb\x1b["),
    (3, b"\r\t\x00"),
    (7, b"::x%0A\xff"),
]
# Fix flags for the fix target: bit 0 --unsafe-fixes, (b >> 1) % 3 auto/request/fields.
FIX_FLAGS = [1, 0, 1, 3, 5]


def method_of(path: pathlib.Path, text: bytes) -> int:
    names = []
    expected = path.with_name(path.name[: -len(".json")] + ".expected.json")
    if not path.name.endswith(".expected.json") and expected.exists():
        try:
            names.append(json.loads(expected.read_bytes()).get("method"))
        except (ValueError, AttributeError):
            pass
    try:
        names.append(json.loads(text).get("method"))
    except (ValueError, AttributeError, UnicodeDecodeError):
        pass
    for name in names:
        if isinstance(name, str) and name.lower() in METHODS:
            return METHODS.index(name.lower())
    return 0


def write(dir: pathlib.Path, data: bytes) -> None:
    dir.mkdir(parents=True, exist_ok=True)
    (dir / hashlib.sha1(data).hexdigest()).write_bytes(data)


def main() -> None:
    fixtures = sorted((ROOT / "fixtures").rglob("*.json"))
    for i, path in enumerate(fixtures):
        text = path.read_bytes()
        method = method_of(path, text)
        renderer = (i % 6) + 6 * ((i // 6) % 40)
        name_byte, name = NAMES[i % len(NAMES)]
        write(FUZZ / "corpus/check", bytes([method, renderer, name_byte]) + name + text)
        write(FUZZ / "corpus/fix", bytes([method, FIX_FLAGS[i % len(FIX_FLAGS)]]) + text)
    print(f"{len(fixtures)} fixtures seeded into fuzz/corpus/check and fuzz/corpus/fix")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Seed the fuzz corpora (fuzz/corpus/<target>/) from the fixtures.

normalize      every cell of fixtures/text/*.txt
rules          every cell, with a context header (see fuzz/src/checks.rs,
               RulesInput): flags 0x13 = fiscal year 1980+44 = 2024, unit 件,
               label 相談件数; and flags 0 = no context
pipeline_text  the text reports whole and one section at a time
pdf            fixtures/pdf/*.pdf and fixtures/hostile/*.pdf
"""
import hashlib
import re
import shutil
from pathlib import Path

FUZZ = Path(__file__).resolve().parent
FIXTURES = FUZZ.parent / "fixtures"


def put(target, data):
    d = FUZZ / "corpus" / target
    d.mkdir(parents=True, exist_ok=True)
    (d / hashlib.sha1(data).hexdigest()).write_bytes(data)


texts = sorted((FIXTURES / "text").glob("*.txt"))
cells = set()
for f in texts:
    for line in f.read_text(encoding="utf-8").splitlines():
        cells.update(c for c in line.split("\t") if c.strip())
for c in sorted(cells):
    b = c.encode()
    put("normalize", b)
    put("rules", bytes([0x13, 44]) + b)
    put("rules", bytes([0, 0]) + b)
for f in texts:
    txt = f.read_text(encoding="utf-8")
    put("pipeline_text", txt.encode())
    head, *sections = re.split(r"\n(?=\d+ )", txt)
    for s in sections:
        put("pipeline_text", (head + "\n" + s).encode())
for pattern in ("pdf/*.pdf", "hostile/*.pdf"):
    for f in sorted(FIXTURES.glob(pattern)):
        d = FUZZ / "corpus" / "pdf"
        d.mkdir(parents=True, exist_ok=True)
        shutil.copy(f, d / f.name)

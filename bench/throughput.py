#!/usr/bin/env python3
"""Throughput and peak memory of tassei on a many-page report (issue: hardening and speed).

Builds a 104-page report by joining the fixture PDFs 13 times (pdfunite, from
poppler-utils), then measures, best of --runs:
  - `tassei extract` on it, single-threaded (one process, one input);
  - `tassei batch` on 16 copies of the 8-page fixtures with all cores;
  - `pdftotext -layout` on the same files (reference), and pdfplumber's
    table extraction (reference, when the Python package is installed).
Pages/s and peak RSS (max resident set size of the child process) are
printed as a Markdown table for the README.

    make bench-throughput          # or: python3 bench/throughput.py --runs 3
"""
import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TASSEI = os.path.join(ROOT, "target", "release", "tassei")
FIXTURES = [os.path.join(ROOT, "fixtures", "pdf", f) for f in ("seed_chromium.pdf", "seed_libreoffice.pdf", "seed_cid.pdf")]


def measure(cmd, runs):
    """Best wall time and peak RSS of `cmd`, each run in its own python child."""
    best, rss = None, 0
    for _ in range(runs):
        probe = [sys.executable, "-c",
                 "import resource,subprocess,sys,time;t=time.perf_counter();"
                 "r=subprocess.run(sys.argv[1:],stdout=subprocess.DEVNULL,stderr=subprocess.DEVNULL).returncode;"
                 "w=time.perf_counter()-t;"
                 "print(w,resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,r)"] + cmd
        out = subprocess.run(probe, capture_output=True, text=True).stdout.split()
        wall, maxrss, rc = float(out[0]), int(out[1]), int(out[2])
        if rc not in (0, 1):
            print(f"warning: {' '.join(cmd[:2])} exited {rc}", file=sys.stderr)
        best = wall if best is None else min(best, wall)
        rss = max(rss, maxrss)
    return best, rss / 1024.0


def pages_of(path):
    out = subprocess.run(["pdfinfo", path], capture_output=True, text=True).stdout
    for line in out.splitlines():
        if line.startswith("Pages:"):
            return int(line.split()[1])
    return 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    if not shutil.which("pdfunite"):
        sys.exit("needs pdfunite and pdftotext (apt-get install poppler-utils)")
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    tmp = tempfile.mkdtemp(prefix="tassei-bench-")
    big = os.path.join(tmp, "report_104p.pdf")
    subprocess.run(["pdfunite"] + FIXTURES * 4 + [FIXTURES[0], big], check=True)
    many = os.path.join(tmp, "many")
    os.makedirs(many)
    for i in range(16):
        src = FIXTURES[i % len(FIXTURES)]
        shutil.copy(src, os.path.join(many, f"r{i:02d}_{os.path.basename(src)}"))
    big_pages = pages_of(big)
    many_pages = sum(pages_of(os.path.join(many, f)) for f in os.listdir(many))
    rows = []
    t, rss = measure([TASSEI, "extract", big, "-o", os.path.join(tmp, "big.json")], args.runs)
    rows.append(("tassei extract (1 thread)", big_pages, t, rss))
    t, rss = measure(["pdftotext", "-layout", big, os.path.join(tmp, "big.txt")], args.runs)
    rows.append(("pdftotext -layout", big_pages, t, rss))
    out = os.path.join(tmp, "out")
    cmd = [TASSEI, "batch", many, "-o", out, "--quiet"]
    best, rss = None, 0
    for _ in range(args.runs):
        shutil.rmtree(out, ignore_errors=True)  # no skipping of unchanged inputs
        t, r = measure(cmd, 1)
        best = t if best is None else min(best, t)
        rss = max(rss, r)
    rows.append((f"tassei batch ({os.cpu_count()} cores, 16 files)", many_pages, best, rss))
    try:
        import pdfplumber  # noqa: F401
        script = "import pdfplumber,sys\nwith pdfplumber.open(sys.argv[1]) as p:\n    [pg.extract_tables() for pg in p.pages]"
        t, rss = measure([sys.executable, "-c", script, big], 1)
        rows.append(("pdfplumber extract_tables", big_pages, t, rss))
    except ImportError:
        rows.append(("pdfplumber (not installed)", big_pages, None, None))
    print("| command | pages | seconds | pages/s | peak RSS MiB |")
    print("|---|---|---|---|---|")
    for name, pages, t, rss in rows:
        if t is None:
            print(f"| {name} | {pages} | – | – | – |")
        else:
            print(f"| {name} | {pages} | {t:.3f} | {pages / t:.0f} | {rss:.0f} |")
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()

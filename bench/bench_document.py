"""Benchmark of the policy document: render time per format and language, on one core.

Renders the built-in policy (general pack) and a policy with every pack, in EN and PL, as Markdown, HTML
and PDF; reports the median wall and CPU time of `--repeats` runs after one warm-up (the first PDF also
loads WeasyPrint and its fonts, reported separately), the size of each output and the pages of each PDF
(with `pdfinfo` from poppler-utils, when installed). CPU time is the steadier number on a shared machine.

    python bench/bench_document.py [--repeats 5]
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import statistics
import subprocess
import time

from socialguard.policy import available_packs, load_policy, parse_policy
from socialguard.policy.render import FORMATS, render


def policies() -> dict[str, object]:
    every_pack = ", ".join(["general", *(p for p in available_packs() if p != "general")])
    return {
        "built-in (general)": load_policy(),
        "all packs": parse_policy(f"organisation: {{name: Acme}}\npacks: [{every_pack}]\n", "all-packs.yaml"),
    }


def timed(policy, fmt: str, lang: str) -> tuple[float, float, bytes]:
    """Wall seconds, CPU seconds and the rendered bytes."""
    wall, cpu = time.perf_counter(), time.process_time()
    data = render(policy, fmt, lang)
    return time.perf_counter() - wall, time.process_time() - cpu, data


def pages(pdf: bytes) -> str:
    if not shutil.which("pdfinfo"):
        return ""
    info = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    count = re.search(r"Pages:\s+(\d+)", info).group(1)
    return f", {count} pages"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {0})
    loaded = policies()
    first_pdf, _, _ = timed(loaded["built-in (general)"], "pdf", "en")
    print(f"# {platform.machine()}, {platform.python_implementation()} {platform.python_version()}, "
          f"load average {os.getloadavg()[0]:.1f}")
    print(f"first PDF in a fresh process (WeasyPrint import and fonts included): {first_pdf:.2f} s\n")
    print("| policy | lang | format | median wall ms | median CPU ms | output |")
    print("| --- | --- | --- | ---: | ---: | ---: |")
    for name, policy in loaded.items():
        for lang in ("en", "pl"):
            for fmt in FORMATS:
                timed(policy, fmt, lang)  # warm-up: templates compiled, caches filled
                runs = [timed(policy, fmt, lang) for _ in range(args.repeats)]
                wall = statistics.median(w for w, _, _ in runs) * 1000
                cpu = statistics.median(c for _, c, _ in runs) * 1000
                data = runs[-1][2]
                size = f"{len(data) / 1024:.0f} KiB" + (pages(data) if fmt == "pdf" else "")
                print(f"| {name} | {lang} | {fmt} | {wall:.1f} | {cpu:.1f} | {size} |")


if __name__ == "__main__":
    main()

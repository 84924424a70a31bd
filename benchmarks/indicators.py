"""Benchmark: time to compute every indicator for the Land, the Kreis and all its municipalities once the
processed data is loaded (issue target: well under a second). Writes benchmarks/results-indicators.md.

Run: .venv/bin/python benchmarks/indicators.py [--repeat N]
"""

from __future__ import annotations

import argparse
import platform
import statistics
import time
from datetime import UTC, datetime
from pathlib import Path

from integration_analysis import __version__
from integration_analysis.analysis.indicators import compute_indicators, load_registry
from integration_analysis.data.datasets import load_tidy
from integration_analysis.data.regions import default_region

RESULTS = Path(__file__).with_name("results-indicators.md")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()

    start = time.perf_counter()
    tidy = load_tidy()
    load_seconds = time.perf_counter() - start
    region = default_region()
    compute_indicators(tidy, region)  # warm-up (registry, imports)
    runs = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        table = compute_indicators(tidy, region)
        runs.append(time.perf_counter() - start)

    lines = [
        "# Benchmark: indicators",
        "",
        f"- date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC; package {__version__}; "
        f"Python {platform.python_version()} on {platform.machine()}",
        f"- tidy rows: {len(tidy):,}; indicators: {len(load_registry())}; areas: "
        f"{len(region.municipalities) + 2}; indicator rows: {len(table):,}",
        f"- load processed data (`load_tidy`): {load_seconds:.3f} s",
        f"- `compute_indicators`, all indicators × all areas, {args.repeat} runs: median "
        f"{statistics.median(runs):.3f} s, min {min(runs):.3f} s, max {max(runs):.3f} s",
        "",
    ]
    RESULTS.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()

"""Benchmark of chart rendering in a Steckbrief: where the time of one Steckbrief's content goes, and what the
charts cost. Writes benchmarks/charts-profile.md (cProfile summary) and one section of benchmarks/charts.md
(timings, kept per ``--label`` so that a "before" and an "after" section stand side by side).

Measured in one warm process, as a build worker's kernel runs report after report: the data and the fonts are
loaded by a first Steckbrief that is not counted; then each pilot's Steckbrief is built section by section (the
calls of notebooks/steckbrief.ipynb) ``--repeat`` times. CPU time of the process (``time.process_time``), which
other processes on the machine disturb less than wall time; the chart share is the CPU time spent inside the
``charts.plot_*`` calls. The minimum over the repeats is the figure least disturbed by other load; the median is
given too.

"With the new charts": the same Steckbrief plus the four chart types the new sections need (a population
pyramid of 17 age bands with a Kreis outline, grouped bars 5 × 2, a line chart of two series, bars over time of
two series), drawn from fixed synthetic numbers; only where the package has these functions.

Run: .venv/bin/python benchmarks/charts.py --label after [--repeat 5]
"""

from __future__ import annotations

import argparse
import cProfile
import io
import platform
import pstats
import re
import statistics
import time
from collections import defaultdict
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd

from integration_analysis import __version__
from integration_analysis.report import charts
from integration_analysis.report.documents import Steckbrief

HERE = Path(__file__).parent
RESULTS = HERE / "charts.md"
PROFILE = HERE / "charts-profile.md"
PILOTS = ("Keltern", "Maulbronn", "Neulingen", "Wiernsheim")
#: The calls of notebooks/steckbrief.ipynb, in order.
SECTIONS = (
    "title",
    "locator_map",
    "summary",
    "at_a_glance",
    "population_and_diversity",
    "age_structure",
    "work",
    "development",
    "comparison_in_kreis",
    "kreis_context",
    "local_information",
    "appendix",
)
PLOTS = (
    "plot_comparison",
    "plot_ranking",
    "plot_series",
    "plot_small_multiples",
    "plot_bars_over_time",
    "plot_grouped_bars",
    "plot_pyramid",
)
SOURCE = "Quelle: Statistisches Landesamt Baden-Württemberg (synthetische Zahlen für die Messung)"
AGE_BANDS = [f"{lower} bis unter {lower + 5} Jahre" for lower in range(0, 80, 5)] + ["80 Jahre und älter"]


def steckbrief(name: str) -> list[object]:
    report = Steckbrief(name)
    return [getattr(report, section)() for section in SECTIONS]


def new_charts() -> list[object]:
    """The four chart types of the new sections, with fixed numbers of a realistic size."""
    rng = np.random.default_rng(0)
    germans = pd.Series(rng.integers(200, 700, len(AGE_BANDS)), index=AGE_BANDS, dtype=float)
    foreigners = pd.Series(rng.integers(20, 120, len(AGE_BANDS)), index=AGE_BANDS, dtype=float)
    pyramid = pd.DataFrame({"Deutsche": germans, "Ausländerinnen und Ausländer": foreigners})
    kreis = pyramid * 20 + 5
    grouped = pd.DataFrame(
        {"Deutsche": [28.1, 8.4, 22.0, 35.5, 6.0], "Ausländerinnen und Ausländer": [25.3, 30.2, 15.9, 12.1, 16.5]},
        index=["Grundschule", "Werkrealschule/Hauptschule", "Realschule", "Gymnasium", "Gemeinschaftsschule"],
    )
    years = [str(y) for y in range(2008, 2024)]
    series = pd.DataFrame(
        {
            "date": years * 2,
            "value": list(np.linspace(300, 900, len(years))) + list(np.linspace(250, 700, len(years))),
            "series": ["Zuzüge"] * len(years) + ["Fortzüge"] * len(years),
            "basis": "Wanderungsstatistik",
        }
    )
    return [
        charts.plot_pyramid(
            pyramid,
            title="Altersaufbau",
            source=SOURCE,
            unit="percent",
            as_shares=True,
            outline=kreis,
            outline_label="Enzkreis",
        ),
        charts.plot_grouped_bars(grouped, title="Schülerinnen und Schüler", unit="percent", source=SOURCE),
        charts.plot_series(series, title="Wanderungen über die Kreisgrenze", unit="persons", source=SOURCE),
        charts.plot_bars_over_time(
            series.drop(columns="basis"), title="Wanderungen über die Kreisgrenze", unit="persons", source=SOURCE
        ),
    ]


class ChartClock:
    """Adds up the CPU time spent inside the charts.plot_* functions, per function."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)
        for name in PLOTS:
            if hasattr(charts, name):
                setattr(charts, name, self._wrap(name, getattr(charts, name)))

    def _wrap(self, name: str, function: Callable[..., object]) -> Callable[..., object]:
        def timed(*args: object, **kwargs: object) -> object:
            start = time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                self.seconds[name] += time.process_time() - start
                self.calls[name] += 1

        return timed

    def reset(self) -> None:
        self.seconds.clear()
        self.calls.clear()

    @property
    def total(self) -> float:
        return sum(self.seconds.values())


def measure(build: Callable[[], object], clock: ChartClock, repeat: int) -> dict[str, object]:
    totals, chart_times, per_type = [], [], defaultdict(list)
    for _ in range(repeat):
        clock.reset()
        start = time.process_time()
        build()
        totals.append(time.process_time() - start)
        chart_times.append(clock.total)
        for name, seconds in clock.seconds.items():
            per_type[name].append(seconds / clock.calls[name])
    return {
        "total": totals,
        "charts": chart_times,
        "per_type": {name: min(values) for name, values in per_type.items()},
        "calls": dict(clock.calls),
    }


def profile_summary(build: Callable[[], object]) -> str:
    profiler = cProfile.Profile()
    profiler.enable()
    build()
    profiler.disable()
    stream = io.StringIO()
    stats = pstats.Stats(profiler, stream=stream)
    total = stats.total_tt  # type: ignore[attr-defined]
    rows: dict[str, float] = {}
    for (filename, _line, function), (_cc, _nc, _tt, cumulative, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        rows[f"{Path(filename).parent.name}/{Path(filename).name}:{function}"] = cumulative
    phases = {
        "charts (charts.plot_*, all)": r"charts(/__init__)?\.py:plot_|charts/\w+\.py:plot_",
        "matplotlib Figure.draw (drawing incl. text layout)": r"matplotlib/figure\.py:draw$",
        "constrained layout": r"matplotlib/_constrained_layout\.py:do_constrained_layout",
        "PNG quantize/encode (Pillow)": r"PIL/Image\.py:(quantize|save)$",
        "SVG writer (print_svg)": r"backends/backend_svg\.py:print_svg",
        "tick label formatting (german_ticks)": r"charts.*:(label|__call__|format_ticks)$",
        "data state (raw_state: sidecars)": r"integration_analysis/datasets\.py:raw_state",
    }
    lines = [
        "| phase | cumulative s | share |",
        "|---|---:|---:|",
    ]
    for label, pattern in phases.items():
        matched = [seconds for name, seconds in rows.items() if re.search(pattern, name)]
        # the chart functions and the formatter are many calls to add up; the others one call to take
        seconds = sum(matched) if "charts" in label or "label" in label else max(matched, default=0.0)
        lines.append(f"| {label} | {seconds:.3f} | {seconds / total:.0%} |")
    stats.sort_stats("cumulative").print_stats(30)
    top = "\n".join(line.rstrip() for line in stream.getvalue().splitlines() if line.strip())
    top = re.sub(r"/\S*/site-packages/", "", top).replace(str(HERE.parent) + "/", "")
    return f"total under the profiler: {total:.3f} s\n\n" + "\n".join(lines) + "\n\n```\n" + top + "\n```\n"


def section(label: str, results: dict[str, dict[str, object]], repeat: int) -> str:
    lines = [
        f"## {label}",
        "",
        f"- date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC; package {__version__}; Python {platform.python_version()}; "
        f"repeat {repeat} × {len(PILOTS)} pilots; CPU seconds per Steckbrief (min / median)",
        "",
        "| build | total s (min) | total s (median) | charts s (min) | charts s (median) | charts share |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, result in results.items():
        total, chart = result["total"], result["charts"]
        assert isinstance(total, list) and isinstance(chart, list)
        lines.append(
            f"| {name} | {min(total):.3f} | {statistics.median(total):.3f} | {min(chart):.3f} | "
            f"{statistics.median(chart):.3f} | {statistics.median(chart) / statistics.median(total):.0%} |"
        )
    last_name, last = list(results.items())[-1]
    per_type, calls = last["per_type"], last["calls"]
    assert isinstance(per_type, dict) and isinstance(calls, dict)
    lines += ["", f"Per chart type, in the build “{last_name}”:", ""]
    lines += ["| chart type | calls per Steckbrief | CPU s per chart (min) |", "|---|---:|---:|"]
    for name, seconds in per_type.items():
        lines.append(f"| {name} | {calls[name] // (repeat * len(PILOTS))} | {seconds:.3f} |")
    return "\n".join(lines) + "\n"


def write_section(path: Path, title: str, label: str, text: str) -> None:
    """Replace the section ``## label`` of ``path`` by ``text`` (a section beginning with that heading), keeping
    the others."""
    header = (
        f"# {title}\n\nWritten by `benchmarks/charts.py` (see its docstring for the method); "
        "one section per `--label`.\n\n"
    )
    old = path.read_text(encoding="utf-8") if path.exists() else header
    parts = re.split(r"(?m)^(?=## )", old)
    kept = [p for p in parts[1:] if not p.startswith(f"## {label}\n")]
    path.write_text(parts[0] + "".join(kept) + text + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--label", required=True, help="section heading in benchmarks/charts.md")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--no-profile", action="store_true")
    args = parser.parse_args()

    steckbrief("Mühlacker")  # warm-up: data, indicators, fonts
    if not args.no_profile:
        summary = profile_summary(lambda: steckbrief("Keltern"))
        stamp = f"- {datetime.now(UTC):%Y-%m-%d %H:%M} UTC; one Steckbrief (Keltern) in a warm process\n\n"
        write_section(PROFILE, "Profile: one Steckbrief's content", args.label, f"## {args.label}\n\n{stamp}{summary}")
    clock = ChartClock()
    runs = [measure(lambda: [steckbrief(p) for p in PILOTS], clock, 1) for _ in range(args.repeat)]
    if hasattr(charts, "plot_pyramid"):
        new_runs = [
            measure(lambda: [(steckbrief(p), new_charts()) for p in PILOTS], clock, 1) for _ in range(args.repeat)
        ]
    else:
        new_runs = []
    results = {"Steckbrief (sections of the notebook)": _per_report(runs)}
    if new_runs:
        results["Steckbrief + the 4 new chart types"] = _per_report(new_runs)
    text = section(args.label, results, args.repeat)
    write_section(RESULTS, "Benchmark: charts of a Steckbrief", args.label, text)
    print(text)


def _per_report(runs: list[dict[str, object]]) -> dict[str, object]:
    """Runs over the four pilots → per-Steckbrief figures."""
    n = len(PILOTS)
    per_type: dict[str, float] = {}
    calls: dict[str, int] = defaultdict(int)
    for run in runs:
        for name, seconds in run["per_type"].items():  # type: ignore[union-attr]
            per_type[name] = min(per_type.get(name, seconds), seconds)
        for name, count in run["calls"].items():  # type: ignore[union-attr]
            calls[name] += count
    return {
        "total": [run["total"][0] / n for run in runs],  # type: ignore[index]
        "charts": [run["charts"][0] / n for run in runs],  # type: ignore[index]
        "per_type": per_type,
        "calls": dict(calls),
    }


if __name__ == "__main__":
    main()

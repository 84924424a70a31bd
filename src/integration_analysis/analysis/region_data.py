"""A region's report data: its tidy rows, its indicator table and the sources table, computed once per state of
data, code and region, and kept in ``data/processed/regions/`` for every later process.

Computing a Kreis' indicator table takes about a second and reading the whole tidy table half a second. A build
runs many worker processes (a Land build 44 Kreise), each of which would do both for every Kreis it meets; a
report itself needs only its region's rows (about 12,000 of 426,000) and the region's table. So the first process
that needs a region computes the three frames and stores them as a pickle; every other process loads that file
(a few milliseconds). Two processes that need the same region at the same time compute it once: the second
waits for the first under a file lock.

The file is named by the region's key and a digest of everything the frames are computed from: the raw data (the
checksum of the raw folder's manifest, which records every extract and sidecar), the package's code, the
region's definition (areas, names, pilots, thresholds) and the Python and pandas versions (a pickle is not
portable across them). Any change gives another name, so a stale file is never read; older files of the region
are deleted when a new one is written. A damaged file (unreadable, or not the frames of its name) is computed
anew with a warning. The folder is derived data like ``tidy.csv``: deleting it only costs the time to compute.
The pickles are the project's own files (never load one from elsewhere).
"""

from __future__ import annotations

import hashlib
import logging
import pickle
import platform
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

import pandas as pd

from ..core.atomic import exclusive_lock, write_bytes_atomic
from ..core.checksums import code_digest
from ..core.paths import PROCESSED_DIR, RAW_DIR
from ..data.datasets import data_state, for_region, load_sources, load_tidy
from ..data.regions import Region
from .indicators import compute_indicators

log = logging.getLogger(__name__)

#: The folder of the stored region data, inside ``data/processed``.
REGIONS_FOLDER = "regions"


@dataclass(frozen=True)
class RegionData:
    """What the reports of one region read: its tidy rows (Land, Kreis, municipalities; a Stadtkreis' rows lent
    to its municipality), the indicator table of its areas and the sources table. Shared: only read them."""

    tidy: pd.DataFrame
    table: pd.DataFrame
    sources: pd.DataFrame

    def indicator_rows(self, indicator_id: str) -> pd.DataFrame:
        """The indicator table's rows of one indicator (a report looks up dozens of values one by one)."""
        return self._by_indicator.get(indicator_id, self.table.iloc[0:0])

    def total_row(self, indicator_id: str, ags: str) -> pd.Series:
        """The indicator's row for one area and the group "total" (a KeyError where the table has none)."""
        return self.table.iloc[self._totals[indicator_id, ags]]

    def area_rows(self, ags: str) -> pd.DataFrame:
        """The tidy rows of one area."""
        return self._by_area.get(ags, self.tidy.iloc[0:0])

    @cached_property
    def _by_indicator(self) -> dict[str, pd.DataFrame]:
        return dict(tuple(self.table.groupby("indicator", sort=False)))

    @cached_property
    def _totals(self) -> dict[tuple[str, str], int]:
        totals: dict[tuple[str, str], int] = {}
        groups = self.table["group"].to_numpy()
        for position, key in enumerate(zip(self.table["indicator"], self.table["ags"], strict=True)):
            if groups[position] == "total":
                totals.setdefault(key, position)  # the first, as a filter and .iloc[0] would find it
        return totals

    @cached_property
    def _by_area(self) -> dict[str, pd.DataFrame]:
        return dict(tuple(self.tidy.groupby("ags", sort=False)))


def region_data(
    region: Region, *, raw_dir: Path = RAW_DIR, processed_dir: Path = PROCESSED_DIR, folder: Path | None = None
) -> RegionData:
    """The region's data: from this process' memory, else from ``folder`` (default ``processed_dir/regions``),
    else computed from ``processed_dir``'s tidy table (and stored). Changed raw data is never served: the state
    of ``raw_dir`` is part of every key."""
    folder = Path(folder) if folder is not None else Path(processed_dir) / REGIONS_FOLDER
    return _in_memory(Path(raw_dir), Path(processed_dir), folder, data_state(raw_dir), region)


#: The regions a process keeps in memory (a Land build's worker meets Kreis after Kreis).
MEMORY_REGIONS = 4


@lru_cache(maxsize=MEMORY_REGIONS)
def _in_memory(raw_dir: Path, processed_dir: Path, folder: Path, state: str, region: Region) -> RegionData:
    key = region_key(region, state)
    path = folder / f"{region.kreis.ags}-{key[:24]}.pickle"
    stored = _load(path, key)
    if stored is not None:
        return stored
    folder.mkdir(parents=True, exist_ok=True)
    with exclusive_lock(folder / f".{region.kreis.ags}.lock"):
        stored = _load(path, key)  # another process may have stored it while this one waited
        if stored is not None:
            return stored
        data = compute_region_data(region, raw_dir, processed_dir, state)
        write_bytes_atomic(path, pickle.dumps((key, data), protocol=pickle.HIGHEST_PROTOCOL))
        for old in folder.glob(f"{region.kreis.ags}-*.pickle"):
            if old != path:
                old.unlink(missing_ok=True)
    return data


def region_key(region: Region, state: str) -> str:
    """The digest of what a region's data is computed from: data state, code, region, Python and pandas."""
    parts = (state, code_digest(), repr(region), platform.python_version(), pd.__version__)
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def compute_region_data(region: Region, raw_dir: Path, processed_dir: Path, state: str) -> RegionData:
    """The region's rows and indicator table, computed from the whole tidy table (read once per process)."""
    everything = _whole_table(raw_dir, processed_dir, state)
    keys = [region.land.ags, region.kreis.ags, *region.municipality_keys]
    tidy = for_region(everything[everything["ags"].isin(keys)], region)
    return RegionData(tidy=tidy, table=compute_indicators(everything, region), sources=load_sources(raw_dir))


@lru_cache(maxsize=1)
def _whole_table(raw_dir: Path, processed_dir: Path, state: str) -> pd.DataFrame:
    """The whole tidy table of one data state (the last one asked for stays in memory: a Land build computes
    Kreis after Kreis from it)."""
    return load_tidy(raw_dir, processed_dir)


def _load(path: Path, key: str) -> RegionData | None:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    try:
        stored_key, stored = pickle.loads(data)
        if stored_key != key or not isinstance(stored, RegionData):
            raise ValueError("not the region data of its name")
    except Exception as exc:  # any damage: compute the data anew (the file is replaced)
        log.warning("%s is damaged (%s); computing the region's data anew", path.name, exc)
        return None
    return stored

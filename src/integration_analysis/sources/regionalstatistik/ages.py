"""Age-band labels of the Regionalstatistik tables and their group names (``schema``: ``age_AA_BB``).

``age_AA_BB`` is AA to under BB years, ``age_AA_plus`` AA years and more, bounds with two digits.
"""

from __future__ import annotations

import re

_UNDER = re.compile(r"unter (\d+) Jahre")
_BAND = re.compile(r"(\d+) bis unter (\d+) Jahre")
_PLUS = re.compile(r"(\d+) Jahre und mehr")


def age_group(label: str) -> str:
    """'unter 3 Jahre' → 'age_00_03', '3 bis unter 6 Jahre' → 'age_03_06', '75 Jahre und mehr' → 'age_75_plus'."""
    if match := _UNDER.fullmatch(label):
        return f"age_00_{int(match.group(1)):02d}"
    if match := _BAND.fullmatch(label):
        low, high = (int(g) for g in match.groups())
        if low < high:
            return f"age_{low:02d}_{high:02d}"
    if match := _PLUS.fullmatch(label):
        return f"age_{int(match.group(1)):02d}_plus"
    raise ValueError(f"{label!r} is no age band ('unter N Jahre', 'A bis unter B Jahre', 'N Jahre und mehr')")

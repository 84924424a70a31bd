"""Disclosure control for published figures (docs/architecture.md §4): which counts of persons a report may
show, and how shown figures are written.

This module owns:

- primary suppression: a count of persons with ``0 < value < threshold`` (``Region.min_count``, default 3) is
  hidden and shown as ".". A zero stays visible: "nobody" says nothing about a person, and hiding zeros would
  blank large parts of small-area tables for no protection;
- secondary suppression: a hidden cell must not be recomputable from a total and the other parts. Every
  relation ``total = sum(parts)`` of a table (across a row: total and its breakdown; down a column: the Kreis
  and its municipalities) never has exactly one hidden cell, and no hidden cell can be solved from all
  relations together either (a cell bridging two blocks of hidden cells can be, although every single relation
  has two hidden cells). The relations count even where the parts of a source do not add up exactly (rounded
  yearly averages);
- official markers pass through: a cell flagged ".", "x", "...", "/" or "na" is hidden in the source and is
  protected like a cell hidden here. "-" is different: the source says the value is exactly zero, so it is a
  known value; counting it as hidden would let a hidden neighbour be recomputed (total minus zero minus the
  rest);
- the flag of a share computed from counts (``share_flag``, ``share_flags``) and the German formatting of
  counts and shares (``format_count``, ``format_share``);
- ``apply_to_long``: the same control on the tidy long frame, for official and local counts alike.

Flags in results: "" shown, "." hidden (here or by the source), any other flag of ``schema.FLAGS`` as given.
A cell hidden here gets value NaN and flag "."; ``apply_to_long`` marks it with ``suppressed``.

Secondary cells are chosen to lose little: the smallest visible nonzero part of the relation (ties: the first
in order), else a visible zero part, else the total. Nothing is ever un-hidden. The protection is against exact
recomputation through the table's own sums; it gives no minimum width of the interval in which a hidden value
must lie, and it does not look across tables (two sources with the same count).
"""

from __future__ import annotations

import math
from collections import defaultdict, deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..core.schema import FLAGS, FLAGS_WITH_VALUE, OFFICIAL_MARKERS

#: Flags under which the reader does not learn the value: the cell is hidden and must stay underivable.
HIDING_FLAGS: frozenset[str] = frozenset(FLAGS) - FLAGS_WITH_VALUE - {"-"}

#: Partitions of the group "total" that ``apply_to_long`` uses unless told otherwise.
DEFAULT_PARTITIONS: dict[str, list[str]] = {"sex": ["male", "female"]}

_LONG_COLUMNS = ("ags", "area_level", "date", "variable", "group", "value", "flag", "unit", "basis", "source_id")
_BLOCK_KEYS = ("source_id", "date", "variable", "basis")
_TOLERANCE = 1e-9


def is_small_count(value: float | None, threshold: int) -> bool:
    """Whether a count of persons is too small to publish: ``0 < value < threshold``.

    Zero is not small (it reveals nothing about a person); a missing value is not small (its flag decides).
    """
    if value is None or math.isnan(value):
        return False
    return 0 < value < threshold


def suppress_table(
    table: pd.DataFrame,
    *,
    total: str | None,
    parts: Sequence[str],
    threshold: int,
    flags: pd.DataFrame | None = None,
    column_total: str | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Primary and secondary suppression of a wide table of counts of persons.

    ``table``: rows are areas, columns are ``total`` (which may be None: then there is no row relation) and
    ``parts``, which add up to the total. ``column_total``: the label of a row that is the sum of all other
    rows (the Kreis above its municipalities), or None. ``flags``: the source's flags per cell (missing or
    NaN: ""). Returns (values with hidden cells NaN, flags of the same shape: "" shown, "." hidden here, else
    the source's flag).
    """
    _check_threshold(threshold)
    columns = [*([total] if total is not None else []), *parts]
    if len(set(columns)) != len(columns):
        raise ValueError(f"total and parts must be distinct columns: {columns}")
    if set(table.columns) != set(columns) or len(table.columns) != len(columns):
        raise ValueError(f"the table's columns {list(table.columns)} must be exactly total and parts {columns}")
    if not table.index.is_unique:
        raise ValueError("the table's row labels must be unique")
    if column_total is not None and column_total not in table.index:
        raise ValueError(f"column_total {column_total!r} is not a row of the table")
    given = pd.DataFrame("", index=table.index, columns=table.columns) if flags is None else flags
    given = given.reindex(index=table.index, columns=table.columns, fill_value="").astype(object)
    given = given.where(given.notna(), "").astype(str)
    values = table.to_numpy(dtype=float)
    flag_grid = given.to_numpy(dtype=object)
    n_rows, n_cols = values.shape
    at = np.arange(n_rows * n_cols).reshape(n_rows, n_cols)
    relations: list[_Relation] = []
    if total is not None and parts:
        t = table.columns.get_loc(total)
        part_cols = [table.columns.get_loc(p) for p in parts]
        relations += [_Relation(int(at[i, t]), tuple(int(at[i, j]) for j in part_cols)) for i in range(n_rows)]
    if column_total is not None and n_rows > 1:
        k = table.index.get_loc(column_total)
        others = [i for i in range(n_rows) if i != k]
        relations += [_Relation(int(at[k, j]), tuple(int(at[i, j]) for i in others)) for j in range(n_cols)]
    shown, hidden_here = _suppress(values.ravel(), flag_grid.ravel(), relations, threshold)
    out_values = pd.DataFrame(shown.reshape(n_rows, n_cols), index=table.index, columns=table.columns)
    out_flags = pd.DataFrame(
        np.where(hidden_here, ".", flag_grid.ravel()).reshape(n_rows, n_cols), index=table.index, columns=table.columns
    )
    return out_values, out_flags


def share_flag(numerator_flag: str, denominator_flag: str) -> str:
    """The flag of a share computed from two counts with these flags.

    Hidden ("." here or in the source) wins; then the other markers that replace a value ("x", "...", "/",
    "na"; the numerator's first); a denominator of exactly nothing ("-") makes the share meaningless ("x");
    a numerator of nothing gives a share of nothing ("-"); then limited reliability "()" and "approx".
    """
    flags = (numerator_flag, denominator_flag)
    for flag in flags:
        if flag not in FLAGS:
            raise ValueError(f"unknown flag {flag!r}; known: {sorted(FLAGS)}")
    if "." in flags:
        return "."
    for flag in flags:
        if flag in HIDING_FLAGS:
            return flag
    if denominator_flag == "-":
        return "x"
    if numerator_flag == "-":
        return "-"
    for flag in ("()", "approx"):
        if flag in flags:
            return flag
    return ""


def share_flags(numerator_flags: pd.Series, denominator_flags: pd.Series) -> pd.Series:
    """``share_flag`` for aligned series of flags (NaN counts as ""); the result has the numerator's index."""
    numerator = numerator_flags.fillna("").astype(str)
    denominator = denominator_flags.reindex(numerator.index).fillna("").astype(str)
    return pd.Series(
        [share_flag(n, d) for n, d in zip(numerator, denominator, strict=True)],
        index=numerator.index,
        dtype=object,
        name=numerator_flags.name,
    )


def format_count(value: float | None, flag: str) -> str:
    """A count as a report prints it: "1.234", "(1.234)" for "()", "rund 1.234" for "approx", the marker for
    other official markers, and "." for hidden, unpublished ("na") or missing values."""
    marker = _marker(value, flag)
    if marker is not None:
        return marker
    return _decorate(_german_number(float(value), 0), flag)


def format_share(value: float | None, flag: str, decimals: int = 1) -> str:
    """A share in percent as a report prints it: "13,7 %"; markers as in ``format_count``."""
    marker = _marker(value, flag)
    if marker is not None:
        return marker
    return _decorate(f"{_german_number(float(value), decimals)} %", flag)


def apply_to_long(
    frame: pd.DataFrame, threshold: int, partitions: Mapping[str, Sequence[str]] | None = None
) -> pd.DataFrame:
    """Disclosure control on the tidy long frame (``schema.TIDY_COLUMNS``); returns a copy with ``suppressed``.

    Only rows with unit "persons" are touched. Each block of one (source_id, date, variable, basis, and
    row_source where that column exists) is one table: rows are areas, columns are groups. All its cells get
    primary suppression. Relations: for every partition in ``partitions`` (default ``DEFAULT_PARTITIONS``:
    male + female = total) whose groups all occur in the block, "total" = sum of the partition's groups in each
    row; other groups (age bands, citizenships) overlap or do not add up and get primary suppression only. Down
    the columns, every Kreis row of the block equals the sum of the block's municipalities in that Kreis (AGS
    prefix). A Land row gets no column relation (no report lists all municipalities of a Land).

    Apply it to the whole frame before selecting areas, so that every report shows the same pattern. A cell
    hidden here gets value NaN, flag "." and ``suppressed`` True. Cells a block lacks (an area without a
    group) are unknown to the reader but protect nothing.
    """
    _check_threshold(threshold)
    missing = [c for c in _LONG_COLUMNS if c not in frame.columns]
    if missing:
        raise ValueError(f"the long frame lacks the columns {missing}")
    partitions = DEFAULT_PARTITIONS if partitions is None else partitions
    for name, groups in partitions.items():
        if "total" in groups or len(set(groups)) != len(groups) or not groups:
            raise ValueError(f"partition {name!r} must list distinct groups other than 'total': {list(groups)}")
    out = frame.reset_index(drop=True)
    out["value"] = out["value"].astype(float)
    out["flag"] = out["flag"].fillna("").astype(str)
    hidden = np.zeros(len(out), dtype=bool)
    here = np.zeros(len(out), dtype=bool)
    keys = [*_BLOCK_KEYS, *(["row_source"] if "row_source" in out.columns else [])]
    for key, block in out[out["unit"] == "persons"].groupby(keys, sort=False, dropna=False):
        if block.duplicated(["ags", "group"]).any():
            raise ValueError(f"block {dict(zip(keys, key, strict=True))} has more than one row per area and group")
        hidden[block.index], here[block.index] = _suppress_block(block, threshold, partitions)
    out.loc[hidden, "value"] = np.nan
    out.loc[here, "flag"] = "."
    out["suppressed"] = here
    out.index = frame.index
    return out


@dataclass(frozen=True)
class _Relation:
    """``total = sum(parts)`` over flat cell positions of a table."""

    total: int
    parts: tuple[int, ...]

    @property
    def cells(self) -> tuple[int, ...]:
        return (self.total, *self.parts)


def _check_threshold(threshold: int) -> None:
    if isinstance(threshold, bool) or not isinstance(threshold, int) or threshold < 1:
        raise ValueError(f"threshold must be a whole number ≥ 1, not {threshold!r}")


def _suppress(
    values: np.ndarray, flags: np.ndarray, relations: list[_Relation], threshold: int, absent: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Suppress flat cells; returns (values with every hidden cell NaN, mask of the cells hidden here).

    ``absent`` cells are not in the source at all: unknown to the reader, but nothing to protect.
    """
    absent = np.zeros(values.size, dtype=bool) if absent is None else absent
    unknown_flags = sorted(set(flags[~absent]) - set(FLAGS))
    if unknown_flags:
        raise ValueError(f"unknown flags {unknown_flags}; known: {sorted(FLAGS)}")
    carries_value = np.isin(flags, list(FLAGS_WITH_VALUE)) & ~absent
    if (carries_value & np.isnan(values)).any():
        raise ValueError(f"a cell without a value needs a flag that says why (one of {sorted(HIDING_FLAGS)})")
    zero = (flags == "-") & ~absent
    known = carries_value | zero
    ranked = np.where(zero, 0.0, values)
    primary = carries_value & (values > 0) & (values < threshold)
    protected = (~known & ~absent) | primary
    unknown = ~known | primary
    protected = _protect(ranked, unknown, protected, relations)
    hidden = protected | (unknown & ~absent)
    return np.where(hidden, np.nan, values), protected & known


def _suppress_block(
    block: pd.DataFrame, threshold: int, partitions: Mapping[str, Sequence[str]]
) -> tuple[np.ndarray, np.ndarray]:
    """One block of the long frame as a table; returns (hidden, hidden here) per row of the block."""
    areas = sorted(block["ags"].unique())
    groups = list(dict.fromkeys(block["group"]))
    row_of = {ags: i for i, ags in enumerate(areas)}
    col_of = {group: j for j, group in enumerate(groups)}
    cell = block["ags"].map(row_of).to_numpy() * len(groups) + block["group"].map(col_of).to_numpy()
    size = len(areas) * len(groups)
    values = np.full(size, np.nan)
    values[cell] = block["value"].to_numpy(dtype=float)
    flags = np.full(size, "na", dtype=object)
    flags[cell] = block["flag"].to_numpy(dtype=object)
    absent = np.ones(size, dtype=bool)
    absent[cell] = False

    def at(ags: str, group: str) -> int:
        return row_of[ags] * len(groups) + col_of[group]

    relations = [
        _Relation(at(ags, "total"), tuple(at(ags, g) for g in members))
        for members in partitions.values()
        if "total" in col_of and all(g in col_of for g in members)
        for ags in areas
    ]
    level = dict(zip(block["ags"], block["area_level"], strict=True))
    for kreis in (a for a in areas if level[a] == "kreis"):
        members = [a for a in areas if level[a] == "gemeinde" and a.startswith(kreis)]
        if members:
            relations += [_Relation(at(kreis, g), tuple(at(a, g) for a in members)) for g in groups]
    shown, here = _suppress(values, flags, relations, threshold, absent)
    return np.isnan(shown[cell]), here[cell]


def _protect(values: np.ndarray, unknown: np.ndarray, protected: np.ndarray, relations: list[_Relation]) -> np.ndarray:
    """Hide further cells until no protected cell can be recomputed; returns the final protected mask.

    ``values`` rank the candidates (known cells only); ``unknown`` cells are not shown (protected, or absent).
    """
    unknown, protected = unknown.copy(), protected.copy()
    by_cell: dict[int, list[int]] = defaultdict(list)
    for r, relation in enumerate(relations):
        for c in relation.cells:
            by_cell[c].append(r)
    _close(values, unknown, protected, relations, by_cell, range(len(relations)))
    settled: set[int] = set()
    while True:
        open_cells = [int(c) for c in np.flatnonzero(_determined(unknown, protected, relations)) if c not in settled]
        if not open_cells:
            return protected
        if not _cover(values, unknown, protected, relations, by_cell, open_cells[0]):
            settled.add(open_cells[0])


def _close(
    values: np.ndarray,
    unknown: np.ndarray,
    protected: np.ndarray,
    relations: list[_Relation],
    by_cell: Mapping[int, list[int]],
    todo: Iterable[int],
) -> None:
    """Until no relation has a protected cell as its only unknown: hide one more cell there (in place)."""
    pending = deque(todo)
    queued = set(pending)
    while pending:
        r = pending.popleft()
        queued.discard(r)
        relation = relations[r]
        unknown_cells = [c for c in relation.cells if unknown[c]]
        if len(unknown_cells) != 1 or not protected[unknown_cells[0]]:
            continue
        extra = _candidates(values, unknown, relation)[0]
        unknown[extra] = protected[extra] = True
        for other in by_cell[extra]:
            if other not in queued:
                pending.append(other)
                queued.add(other)


def _candidates(values: np.ndarray, unknown: np.ndarray, relation: _Relation) -> list[int]:
    """The visible cells of a relation in the order they are hidden: parts (nonzero, smallest, first), total."""
    parts = sorted((c for c in relation.parts if not unknown[c]), key=lambda c: (values[c] == 0, values[c]))
    return parts + ([relation.total] if not unknown[relation.total] else [])


def _cover(
    values: np.ndarray,
    unknown: np.ndarray,
    protected: np.ndarray,
    relations: list[_Relation],
    by_cell: Mapping[int, list[int]],
    cell: int,
) -> bool:
    """Hide cells so that ``cell`` can no longer be solved for (in place); False if its relations have no
    visible cell left.

    Tries the visible cells of the cell's own relations one at a time (in a table with row and column sums one
    of them always suffices); if none alone does, hides the first and lets the caller look again.
    """
    candidates = list(dict.fromkeys(c for r in by_cell[cell] for c in _candidates(values, unknown, relations[r])))
    if not candidates:
        return False
    for candidate in candidates:
        trial_unknown, trial_protected = unknown.copy(), protected.copy()
        trial_unknown[candidate] = trial_protected[candidate] = True
        _close(values, trial_unknown, trial_protected, relations, by_cell, by_cell[candidate])
        if not _determined(trial_unknown, trial_protected, relations)[cell]:
            break
    else:
        candidate = candidates[0]
    unknown[candidate] = protected[candidate] = True
    _close(values, unknown, protected, relations, by_cell, by_cell[candidate])
    return True


def _determined(unknown: np.ndarray, protected: np.ndarray, relations: list[_Relation]) -> np.ndarray:
    """Protected cells whose value follows from the shown cells through the relations (linear algebra)."""
    parent: dict[int, int] = {}

    def root(c: int) -> int:
        while parent.setdefault(c, c) != c:
            parent[c] = parent[parent[c]]
            c = parent[c]
        return c

    involved = []
    for relation in relations:
        cells = [c for c in relation.cells if unknown[c]]
        if cells:
            involved.append((relation, cells))
            for c in cells[1:]:
                parent[root(c)] = root(cells[0])
    components: dict[int, list[tuple[_Relation, list[int]]]] = defaultdict(list)
    for relation, cells in involved:
        components[root(cells[0])].append((relation, cells))
    determined = np.zeros(unknown.size, dtype=bool)
    for members in components.values():
        cells = sorted({c for _, cs in members for c in cs})
        if not protected[cells].any():
            continue
        column = {c: j for j, c in enumerate(cells)}
        matrix = np.zeros((len(members), len(cells)))
        for i, (relation, cs) in enumerate(members):
            for c in cs:
                matrix[i, column[c]] = 1.0 if c == relation.total else -1.0
        _, singular, vt = np.linalg.svd(matrix)
        null = vt[int((singular > _TOLERANCE).sum()) :]
        solved = (null**2).sum(axis=0) < _TOLERANCE
        determined[np.asarray(cells)[solved]] = True
    return determined & protected


def _marker(value: float | None, flag: str) -> str | None:
    """What a report prints instead of a number, or None if the number is shown."""
    if flag not in FLAGS:
        raise ValueError(f"unknown flag {flag!r}; known: {sorted(FLAGS)}")
    if flag in OFFICIAL_MARKERS and flag != "()":
        return flag
    if flag not in FLAGS_WITH_VALUE or value is None or math.isnan(value):
        return "."
    return None


def _decorate(text: str, flag: str) -> str:
    if flag == "()":
        return f"({text})"
    if flag == "approx":
        return f"rund {text}"
    return text


def _german_number(value: float, decimals: int) -> str:
    """1234.5 → "1.234,5": German thousands and decimal separators."""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")

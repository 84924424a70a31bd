"""Disclosure control: small counts hidden, no hidden cell recomputable, markers passed through, German format."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from integration_analysis.analysis.disclosure import (
    HIDING_FLAGS,
    apply_to_long,
    format_count,
    format_share,
    is_small_count,
    share_flag,
    share_flags,
    suppress_table,
)
from integration_analysis.core.paths import REGION_CONFIG
from integration_analysis.core.schema import FLAGS_WITH_VALUE
from integration_analysis.data.local import LocalCount, Source
from integration_analysis.data.regions import load_region
from integration_analysis.report.local_sections import disclosed_counts

NAN = float("nan")


def table(rows: dict[str, list[float]], columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame.from_dict(rows, orient="index", columns=columns, dtype=float)


def hidden_mask(flags: pd.DataFrame) -> np.ndarray:
    return flags.isin(HIDING_FLAGS).to_numpy()


def relations_of(shape: tuple[int, int], *, row_relations: bool, kreis_row: int | None) -> list[list[int]]:
    """Relations as lists of flat cells, the total first (column 0 is the total, ``kreis_row`` the column sum)."""
    n_rows, n_cols = shape
    relations = [[i * n_cols + j for j in range(n_cols)] for i in range(n_rows)] if row_relations else []
    if kreis_row is not None and n_rows > 1:
        others = [i for i in range(n_rows) if i != kreis_row]
        relations += [[kreis_row * n_cols + j, *(i * n_cols + j for i in others)] for j in range(n_cols)]
    return relations


def derivable(hidden: np.ndarray, relations: list[list[int]]) -> list[int]:
    """Hidden cells whose value follows from the shown ones: e_i lies in the row space of the hidden system."""
    cells = list(np.flatnonzero(hidden))
    if not cells:
        return []
    column = {c: j for j, c in enumerate(cells)}
    rows = []
    for relation in relations:
        row = np.zeros(len(cells))
        for position, c in enumerate(relation):
            if c in column:
                row[column[c]] = 1.0 if position == 0 else -1.0
        if row.any():
            rows.append(row)
    if not rows:
        return []
    matrix = np.array(rows)
    rank = np.linalg.matrix_rank(matrix)
    found = []
    for c, j in column.items():
        unit = np.zeros(len(cells))
        unit[j] = 1.0
        if np.linalg.matrix_rank(np.vstack([matrix, unit])) == rank:
            found.append(int(c))
    return found


# --- primary suppression ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "threshold", "small"),
    [(0, 3, False), (1, 3, True), (2, 3, True), (3, 3, False), (2.5, 3, True), (4, 5, True), (5, 5, False)]
    + [(NAN, 3, False), (None, 3, False), (-2, 3, False), (1, 1, False)],
)
def test_is_small_count_at_the_boundaries(value, threshold, small):
    assert is_small_count(value, threshold) is small


def test_zero_is_shown_one_and_two_hidden_three_shown():
    values, flags = suppress_table(
        table({"a": [0, 1, 2, 3]}, ["z", "one", "two", "three"]),
        total=None,
        parts=["z", "one", "two", "three"],
        threshold=3,
    )
    assert flags.loc["a"].tolist() == ["", ".", ".", ""]
    assert values.loc["a", "z"] == 0 and values.loc["a", "three"] == 3
    assert values.loc["a", ["one", "two"]].isna().all()


def test_the_threshold_comes_from_region_yaml(tmp_path):
    config = yaml.safe_load(REGION_CONFIG.read_text(encoding="utf-8"))
    config["disclosure"] = {"min_count": 5}
    path = tmp_path / "region.yaml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    region = load_region(path)
    assert region.min_count == 5
    _, flags = suppress_table(
        table({"a": [4, 5, 6]}, ["x", "y", "z"]), total=None, parts=["x", "y", "z"], threshold=region.min_count
    )
    assert flags.loc["a"].tolist() == [".", "", ""]


# --- secondary suppression -------------------------------------------------------------------------------

SEX = ["total", "male", "female"]


def test_one_small_part_hides_a_second_part_not_the_total():
    values, flags = suppress_table(table({"a": [12, 2, 10]}, SEX), total="total", parts=["male", "female"], threshold=3)
    assert flags.loc["a"].tolist() == ["", ".", "."]
    assert values.loc["a", "total"] == 12


def test_the_second_cell_is_the_smallest_visible_part_leftmost_on_ties():
    columns = ["total", "a", "b", "c", "d"]
    _, flags = suppress_table(
        table({"r": [23, 1, 9, 4, 9], "s": [19, 1, 9, 9, 0]}, columns), total="total", parts=columns[1:], threshold=3
    )
    assert flags.loc["r"].tolist() == ["", ".", "", ".", ""]
    # zeros come last: hiding a zero beside a small count protects little
    assert flags.loc["s"].tolist() == ["", ".", ".", "", ""]


def test_the_total_is_hidden_when_no_part_is_left_visible():
    # a kreisfreie Stadt: the Kreis row equals its only municipality
    values, flags = suppress_table(
        table({"08111": [500, 2, 498], "08111000": [500, 2, 498]}, SEX),
        total="total",
        parts=["male", "female"],
        threshold=3,
        column_total="08111",
    )
    assert (flags == ".").loc[:, ["male", "female"]].all().all()
    assert flags["total"].tolist() == ["", ""]
    one_part = suppress_table(table({"a": [2, 2]}, ["total", "only"]), total="total", parts=["only"], threshold=3)[1]
    assert one_part.loc["a"].tolist() == [".", "."]


def test_an_official_secret_part_needs_a_second_hidden_cell():
    flags_in = pd.DataFrame({"total": [""], "male": ["."], "female": [""]}, index=["a"])
    values, flags = suppress_table(
        table({"a": [30, NAN, 20]}, SEX), total="total", parts=["male", "female"], threshold=3, flags=flags_in
    )
    assert flags.loc["a"].tolist() == ["", ".", "."]
    assert values.loc["a", ["male", "female"]].isna().all() and values.loc["a", "total"] == 30


@pytest.mark.parametrize("marker", ["x", "/", "...", "na"])
def test_markers_that_replace_the_value_count_as_hidden_and_pass_through(marker):
    columns = ["total", "a", "b", "c"]
    flags_in = pd.DataFrame({"total": [""], "a": [marker], "b": [""], "c": [""]}, index=["r"])
    _, flags = suppress_table(
        table({"r": [30, NAN, 10, 20]}, columns), total="total", parts=columns[1:], threshold=3, flags=flags_in
    )
    assert flags.loc["r"].tolist() == ["", marker, ".", ""]


def test_a_dash_is_a_known_zero_not_a_hidden_cell():
    # "-" says "exactly nothing": total 5 = 2 + 0 + 3 would give the 2 away unless another cell is hidden
    columns = ["total", "a", "b", "c"]
    flags_in = pd.DataFrame({"total": ["", ""], "a": ["", "-"], "b": ["-", ""], "c": ["", ""]}, index=["r", "s"])
    values, flags = suppress_table(
        table({"r": [5, 2, NAN, 3], "s": [9, NAN, 4, 5]}, columns),
        total="total",
        parts=columns[1:],
        threshold=3,
        flags=flags_in,
    )
    assert flags.loc["r"].tolist() == ["", ".", "-", "."]
    assert flags.loc["s"].tolist() == ["", "-", "", ""]
    assert values.loc["s", "b"] == 4


def test_limited_reliability_and_approx_keep_their_value_and_are_suppressed_when_small():
    columns = ["total", "a", "b", "c"]
    flags_in = pd.DataFrame({"total": [""], "a": ["()"], "b": ["approx"], "c": ["()"]}, index=["r"])
    values, flags = suppress_table(
        table({"r": [32, 2, 10, 20]}, columns), total="total", parts=columns[1:], threshold=3, flags=flags_in
    )
    assert flags.loc["r"].tolist() == ["", ".", ".", "()"]
    assert values.loc["r", "c"] == 20


def test_without_a_total_only_small_counts_are_hidden():
    columns = ["a", "b", "c"]
    _, flags = suppress_table(table({"r": [1, 10, 20]}, columns), total=None, parts=columns, threshold=3)
    assert flags.loc["r"].tolist() == [".", "", ""]


def test_the_kreis_row_protects_municipal_cells_down_the_columns():
    rows = {"08236": [60, 25, 35], "g1": [10, 2, 8], "g2": [20, 10, 10], "g3": [30, 13, 17]}
    values, flags = suppress_table(
        table(rows, SEX), total="total", parts=["male", "female"], threshold=3, column_total="08236"
    )
    hidden = hidden_mask(flags)
    for relation in relations_of(hidden.shape, row_relations=True, kreis_row=0):
        assert hidden.ravel()[relation].sum() != 1
    assert flags.loc["g1", "male"] == "."
    assert (flags.loc[["g2", "g3"], "male"] == ".").any()  # male of the Kreis minus the others would give g1 away
    assert values.loc["08236"].tolist() == [60, 25, 35]


def test_a_cell_bridging_two_hidden_blocks_is_protected_too():
    # every single relation has two hidden cells, but r2/c follows from rows r1, r2 and columns a, b together
    columns = ["total", "a", "b", "c", "d"]
    rows = {
        "K": [200, 40, 40, 60, 60],
        "r1": [50, NAN, NAN, 15, 15],
        "r2": [50, NAN, NAN, NAN, 15],
        "r3": [50, 10, 10, NAN, NAN],
        "r4": [50, 10, 10, NAN, NAN],
    }
    flags_in = pd.DataFrame(np.where(table(rows, columns).isna(), ".", ""), index=list(rows), columns=columns)
    assert derivable(hidden_mask(flags_in), relations_of((5, 5), row_relations=True, kreis_row=0)) == [2 * 5 + 3]
    values, flags = suppress_table(
        table(rows, columns), total="total", parts=columns[1:], threshold=3, flags=flags_in, column_total="K"
    )
    hidden = hidden_mask(flags)
    assert derivable(hidden, relations_of((5, 5), row_relations=True, kreis_row=0)) == []
    assert hidden.sum() == hidden_mask(flags_in).sum() + 1  # r2/d closes a cycle through r2/c
    assert flags.loc["r2", "d"] == "." and np.isnan(values.loc["r2", "d"])
    assert (flags_in.to_numpy()[hidden_mask(flags_in)] == ".").all()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"total": "total", "parts": ["male"]}, "exactly total and parts"),
        ({"total": "total", "parts": ["male", "total", "female"]}, "distinct"),
        ({"total": "total", "parts": ["male", "female"], "threshold": 0}, "threshold"),
        ({"total": "total", "parts": ["male", "female"], "column_total": "nowhere"}, "column_total"),
    ],
)
def test_suppress_table_refuses_bad_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        suppress_table(table({"a": [12, 2, 10]}, SEX), **{"threshold": 3, **kwargs})


def test_suppress_table_refuses_unknown_flags_and_values_missing_without_a_flag():
    with pytest.raises(ValueError, match="unknown flags"):
        suppress_table(
            table({"a": [12, 2, 10]}, SEX),
            total="total",
            parts=["male", "female"],
            threshold=3,
            flags=pd.DataFrame({"total": ["*"]}, index=["a"]),
        )
    with pytest.raises(ValueError, match="needs a flag"):
        suppress_table(table({"a": [12, NAN, 10]}, SEX), total="total", parts=["male", "female"], threshold=3)


# --- shares ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("numerator", "denominator", "expected"),
    [
        ("", "", ""),
        (".", "", "."),
        ("", ".", "."),
        ("x", ".", "."),
        ("/", "", "/"),
        ("", "...", "..."),
        ("na", "", "na"),
        ("-", "", "-"),
        ("", "-", "x"),
        ("-", "-", "x"),
        ("()", "", "()"),
        ("approx", "()", "()"),
        ("", "approx", "approx"),
    ],
)
def test_share_flag(numerator, denominator, expected):
    assert share_flag(numerator, denominator) == expected


def test_share_flags_hides_shares_of_hidden_counts():
    _, flags = suppress_table(
        table({"a": [12, 2, 10], "b": [30, 15, 15]}, SEX), total="total", parts=["male", "female"], threshold=3
    )
    result = share_flags(flags["male"], flags["total"])
    assert result.tolist() == [".", ""]
    assert result.index.tolist() == ["a", "b"]
    with pytest.raises(ValueError, match="unknown flag"):
        share_flag("*", "")


# --- formatting ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "flag", "text"),
    [
        (0, "", "0"),
        (7, "", "7"),
        (1234, "", "1.234"),
        (1234567.0, "", "1.234.567"),
        (-1234, "", "-1.234"),
        (123, "()", "(123)"),
        (1200, "approx", "rund 1.200"),
        (NAN, ".", "."),
        (NAN, "-", "-"),
        (NAN, "x", "x"),
        (NAN, "...", "..."),
        (NAN, "/", "/"),
        (NAN, "na", "."),
        (NAN, "", "."),
        (None, "", "."),
    ],
)
def test_format_count(value, flag, text):
    assert format_count(value, flag) == text


@pytest.mark.parametrize(
    ("value", "flag", "decimals", "text"),
    [
        (13.74, "", 1, "13,7 %"),
        (13.74, "", 2, "13,74 %"),
        (5.0, "", 0, "5 %"),
        (1234.5, "", 1, "1.234,5 %"),
        (13.7, "()", 1, "(13,7 %)"),
        (NAN, ".", 1, "."),
        (NAN, "x", 1, "x"),
        (NAN, "-", 1, "-"),
    ],
)
def test_format_share(value, flag, decimals, text):
    assert format_share(value, flag, decimals=decimals) == text


def test_formatting_refuses_unknown_flags():
    with pytest.raises(ValueError, match="unknown flag"):
        format_count(3, "*")


# --- the long frame --------------------------------------------------------------------------------------


def long_frame(rows: list[tuple]) -> pd.DataFrame:
    """Rows of (ags, area_level, variable, group, value, flag, unit); the other columns are fixed."""
    frame = pd.DataFrame(rows, columns=["ags", "area_level", "variable", "group", "value", "flag", "unit"])
    return frame.assign(
        area_name="", date="2023-12-31", basis="update_census_2022", source_id="s", method="published", row_source=""
    )


def test_apply_to_long_hides_small_counts_and_their_complements():
    frame = long_frame(
        [
            ("08236", "kreis", "population", "total", 60, "", "persons"),
            ("08236", "kreis", "population", "male", 25, "", "persons"),
            ("08236", "kreis", "population", "female", 35, "", "persons"),
            ("08236070", "gemeinde", "population", "total", 10, "", "persons"),
            ("08236070", "gemeinde", "population", "male", 2, "", "persons"),
            ("08236070", "gemeinde", "population", "female", 8, "", "persons"),
            ("08236073", "gemeinde", "population", "total", 50, "", "persons"),
            ("08236073", "gemeinde", "population", "male", 23, "", "persons"),
            ("08236073", "gemeinde", "population", "female", 27, "", "persons"),
            ("08236070", "gemeinde", "population", "age_under_6", 1, "", "persons"),
            ("08236070", "gemeinde", "foreigners_share", "total", 2.0, "", "percent"),
            ("08236073", "gemeinde", "foreigners", "total", NAN, ".", "persons"),
        ]
    )
    out = apply_to_long(frame, 3)
    assert len(out) == len(frame) and out.index.equals(frame.index)
    hidden = out[out["suppressed"]]
    assert set(zip(hidden["ags"], hidden["group"], strict=True)) == {
        ("08236070", "male"),
        ("08236070", "female"),  # the row: 10 - 2
        ("08236073", "male"),
        ("08236073", "female"),  # the column: Kreis male 25 - 23; then the row 50 - 27
        ("08236070", "age_under_6"),  # primary only: age groups are not a partition
    }
    assert hidden["value"].isna().all() and (hidden["flag"] == ".").all()
    shown = out[~out["suppressed"]]
    pd.testing.assert_frame_equal(shown.drop(columns="suppressed"), frame.loc[shown.index])
    assert out.loc[11, "flag"] == "." and not out.loc[11, "suppressed"]  # the source's secret, passed through
    assert out.loc[10, "value"] == 2.0  # a published share is no count


def test_apply_to_long_uses_the_partitions_it_is_given():
    frame = long_frame(
        [
            ("08236070", "gemeinde", "population", "total", 30, "", "persons"),
            ("08236070", "gemeinde", "population", "age_under_18", 2, "", "persons"),
            ("08236070", "gemeinde", "population", "age_18_plus", 28, "", "persons"),
        ]
    )
    assert apply_to_long(frame, 3)["suppressed"].tolist() == [False, True, False]
    partitioned = apply_to_long(frame, 3, partitions={"age": ["age_under_18", "age_18_plus"]})
    assert partitioned["suppressed"].tolist() == [False, True, True]
    with pytest.raises(ValueError, match="partition"):
        apply_to_long(frame, 3, partitions={"age": ["total", "age_18_plus"]})


def test_apply_to_long_a_group_the_source_lacks_protects_nothing():
    # the block has male and female, but this municipality publishes no female count: nothing to hide
    frame = long_frame(
        [
            ("08236070", "gemeinde", "population", "total", 30, "", "persons"),
            ("08236070", "gemeinde", "population", "male", 14, "", "persons"),
            ("08236073", "gemeinde", "population", "total", 40, "", "persons"),
            ("08236073", "gemeinde", "population", "male", 20, "", "persons"),
            ("08236073", "gemeinde", "population", "female", 20, "", "persons"),
        ]
    )
    assert not apply_to_long(frame, 3)["suppressed"].any()


def test_apply_to_long_refuses_duplicate_cells_and_missing_columns():
    row = ("08236070", "gemeinde", "population", "total", 30, "", "persons")
    with pytest.raises(ValueError, match="more than one row"):
        apply_to_long(long_frame([row, row]), 3)
    with pytest.raises(ValueError, match="lacks the columns"):
        apply_to_long(long_frame([row]).drop(columns="basis"), 3)


# --- properties ------------------------------------------------------------------------------------------

MARKERS = ["", "", "", "", "", "", ".", "x", "/", "...", "na", "()", "approx", "-"]


@st.composite
def tables(draw) -> tuple[pd.DataFrame, pd.DataFrame, int | None, int]:
    """A table whose total column and (optionally) first row are exact sums, with official markers on cells."""
    n_rows = draw(st.integers(1, 6))
    n_parts = draw(st.integers(2, 5))
    parts = np.array(
        draw(
            st.lists(st.lists(st.integers(0, 20), min_size=n_parts, max_size=n_parts), min_size=n_rows, max_size=n_rows)
        )
    )
    kreis = draw(st.booleans()) and n_rows > 1
    if kreis:
        parts = np.vstack([parts.sum(axis=0), parts])
    counts = np.column_stack([parts.sum(axis=1), parts]).astype(float)
    markers = np.array(draw(st.lists(st.sampled_from(MARKERS), min_size=counts.size, max_size=counts.size)))
    markers = markers.reshape(counts.shape).astype(object)
    markers[(markers == "-") & (counts != 0)] = ""
    counts[np.isin(markers, list(HIDING_FLAGS | {"-"}))] = np.nan
    columns = ["total", *(f"p{j}" for j in range(n_parts))]
    index = [f"r{i}" for i in range(len(counts))]
    return (
        pd.DataFrame(counts, index=index, columns=columns),
        pd.DataFrame(markers, index=index, columns=columns),
        0 if kreis else None,
        draw(st.integers(1, 6)),
    )


@settings(max_examples=300, deadline=None)
@given(tables())
def test_no_published_table_lets_a_hidden_value_be_derived(case):
    values_in, flags_in, kreis_row, threshold = case
    values, flags = suppress_table(
        values_in,
        total="total",
        parts=list(values_in.columns[1:]),
        threshold=threshold,
        flags=flags_in,
        column_total=None if kreis_row is None else values_in.index[kreis_row],
    )
    assert values.shape == flags.shape == values_in.shape
    hidden = hidden_mask(flags).ravel()
    before = flags_in.to_numpy().ravel()
    original = values_in.to_numpy().ravel()
    after = values.to_numpy().ravel()
    relations = relations_of(values_in.shape, row_relations=True, kreis_row=kreis_row)
    # (a) every small nonzero count is hidden
    small = np.isin(before, list(FLAGS_WITH_VALUE)) & (original > 0) & (original < threshold)
    assert hidden[small].all()
    # (b) no relation has exactly one hidden cell
    for relation in relations:
        assert hidden[relation].sum() != 1
    # (c) nothing visible changed, flags included; the source's hidden cells keep their marker
    shown = ~hidden
    assert np.array_equal(after[shown], original[shown], equal_nan=True)
    assert (flags.to_numpy().ravel()[shown] == before[shown]).all()
    source_hidden = np.isin(before, list(HIDING_FLAGS))
    assert (flags.to_numpy().ravel()[source_hidden] == before[source_hidden]).all()
    assert np.isnan(after[hidden]).all()
    # (d) no single relation can be solved for a hidden cell: another cell of it is hidden too
    for cell in np.flatnonzero(hidden):
        for relation in relations:
            if cell in relation:
                assert any(hidden[other] for other in relation if other != cell)
    # (e) nor can all relations together
    assert derivable(hidden, relations) == []


@settings(max_examples=300, deadline=None)
@given(tables())
def test_apply_to_long_agrees_with_suppress_table(case):
    values_in, flags_in, kreis_row, threshold = case
    names = ["08236"] if kreis_row is not None else []
    names += [f"08236{i:03d}" for i in range(len(values_in) - len(names))]
    areas = dict(zip(values_in.index, names, strict=True))
    long = (
        values_in.rename(index=areas)
        .rename_axis(index="ags", columns="group")
        .stack(future_stack=True)
        .rename("value")
        .reset_index()
    )
    long["flag"] = flags_in.rename(index=areas).stack(future_stack=True).to_numpy()
    long = long.assign(
        area_level=np.where(long["ags"].str.len() == 5, "kreis", "gemeinde"),
        variable="population",
        unit="persons",
        date="2023",
        basis="update_census_2022",
        source_id="s",
    )
    out = apply_to_long(long, threshold, partitions={"parts": list(values_in.columns[1:])})
    _, flags = suppress_table(
        values_in,
        total="total",
        parts=list(values_in.columns[1:]),
        threshold=threshold,
        flags=flags_in,
        column_total=None if kreis_row is None else values_in.index[kreis_row],
    )
    assert out["flag"].tolist() == flags.rename(index=areas).stack(future_stack=True).tolist()
    here = (flags.to_numpy() == ".") & (flags_in.to_numpy() != ".")
    assert out["suppressed"].tolist() == here.ravel().tolist()
    assert all(math.isnan(v) for v in out.loc[out["suppressed"], "value"])


# --- local counts (data/local): totals and parts get the same control ---------------------------------------

LOCAL_SOURCE = Source(id="g", label="Gespräch")


@st.composite
def local_counts(draw) -> tuple[list[LocalCount], int]:
    """Counts of a municipal file: totals, some with parts (teil_von) that add up or leave a rest, in any order."""
    counts = []
    for t in range(draw(st.integers(1, 3))):
        parts = draw(st.lists(st.integers(0, 20), max_size=4))
        total = sum(parts) + draw(st.sampled_from([0, 0, draw(st.integers(1, 10))]))
        unit = draw(st.sampled_from(["Personen", "Personen", "Familien", "Plätze"]))
        counts.append(LocalCount(f"t{t}", total, unit, "2024-03", LOCAL_SOURCE, id=f"t{t}"))
        counts += [
            LocalCount(f"t{t}p{j}", v, unit, "2024-03", LOCAL_SOURCE, part_of=f"t{t}") for j, v in enumerate(parts)
        ]
    order = draw(st.permutations(range(len(counts))))
    return [counts[i] for i in order], draw(st.integers(2, 6))


@settings(max_examples=300, deadline=None)
@given(local_counts())
def test_no_local_count_hidden_as_small_can_be_recomputed_from_its_total(case):
    counts, threshold = case
    shown = disclosed_counts(counts, threshold)
    hidden = np.array([text == "." for text in shown])
    for count, text in zip(counts, shown, strict=True):
        if not count.counts_people:
            assert text == format_count(count.value, "")  # places, offers: never suppressed
        elif 0 < count.value < threshold:
            assert text == "."  # (a) every small count of people is hidden
        elif text != ".":
            assert text == format_count(count.value, "")  # (b) what is shown is the value itself
    position = {c.id: i for i, c in enumerate(counts) if c.id}
    relations = [
        [position[total.id], *(i for i, c in enumerate(counts) if c.part_of == total.id)]
        for total in counts
        if total.id and total.counts_people and any(c.part_of == total.id for c in counts)
    ]
    for relation in relations:
        assert hidden[relation].sum() != 1  # (c) no total with exactly one hidden member
    assert derivable(hidden, relations) == []  # (d) nor can the relations together give one away


def test_a_small_local_part_hides_a_second_part_not_the_total():
    counts = [
        LocalCount("Anschlussunterbringung", 25, "Personen", "2024-03-01", LOCAL_SOURCE, id="au"),
        LocalCount("Ortsteil A", 2, "Personen", "2024-03-01", LOCAL_SOURCE, part_of="au"),
        LocalCount("Ortsteil B", 23, "Personen", "2024-03-01", LOCAL_SOURCE, part_of="au"),
        LocalCount("Unterkünfte", 1, "Einrichtungen", "2024-03-01", LOCAL_SOURCE),
    ]
    assert disclosed_counts(counts, 3) == ["25", ".", ".", "1"]  # 23 = 25 - 2 would give the 2 away

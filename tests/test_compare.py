"""Comparisons: the two phrase tables at their boundaries, the German sentences, rank, peers, change over time
and German number formatting."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from integration_analysis.analysis.compare import (
    CHANGE_BANDS,
    POINTS_BANDS,
    RATIO_BANDS,
    SHARE_RATIO_BANDS,
    Band,
    change_sentence,
    compare_sentence,
    compute_change,
    peers,
    points_difference,
    rank_among,
    rank_sentence,
    ratio_phrase,
    share_phrase,
)
from integration_analysis.core.german import (
    MINUS,
    count_word_de,
    format_number_de,
    format_value_de,
    kreis_dative,
    kreis_genitive,
    reference_phrase,
    sort_key_de,
)

KELTERN, ENZKREIS, LAND = "in Keltern", "im Enzkreis", "in Baden-Württemberg"
SHARE = "der Ausländeranteil"
AGE = "das Durchschnittsalter"
POPULATION = "die Bevölkerung"


# --- The phrase tables cover their range without gap or overlap ------------------------------------------------


@pytest.mark.parametrize(
    ("bands", "start", "stop"),
    [(RATIO_BANDS, 0.0, math.inf), (CHANGE_BANDS, -math.inf, math.inf), (POINTS_BANDS, -math.inf, math.inf)],
    ids=["ratio", "change", "points"],
)
def test_phrase_tables_partition_their_range(bands, start, stop):
    assert bands[0].lower == start and bands[-1].upper == stop
    for below, above in zip(bands, bands[1:], strict=False):
        assert below.upper == above.lower
        edge = below.upper
        assert (edge in below) + (edge in above) == 1, f"boundary {edge} must lie in exactly one band"
        for x in (math.nextafter(edge, -math.inf), edge, math.nextafter(edge, math.inf)):
            assert sum(x in band for band in bands) == 1


def test_share_ratio_bands_leave_exactly_the_middle_to_the_points():
    # no overlap, and the only gap is (0.55, 1.8): there the difference in percentage points is stated
    for x in (0.0, 0.3999, 0.4, 0.55, 1.8, 2.4999, 2.5, 100.0):
        assert sum(x in band for band in SHARE_RATIO_BANDS) == 1, x
    for x in (math.nextafter(0.55, math.inf), 1.0, math.nextafter(1.8, -math.inf)):
        assert not any(x in band for band in SHARE_RATIO_BANDS), x


def test_band_rejects_unknown_closure_and_empty_interval():
    with pytest.raises(ValueError, match="closed"):
        Band(0, 1, closed="up")
    with pytest.raises(ValueError, match="lower < upper"):
        Band(1, 1)


# --- Ratio phrases at every band edge ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ratio", "phrase"),
    [
        (0.0, "weniger als halb so hoch wie im Enzkreis"),
        (0.3999, "weniger als halb so hoch wie im Enzkreis"),
        (0.4, "etwa halb so hoch wie im Enzkreis"),
        (0.5999, "etwa halb so hoch wie im Enzkreis"),
        (0.6, "rund 40 % niedriger als im Enzkreis"),
        (0.9499, "rund 5 % niedriger als im Enzkreis"),
        (0.95, "etwa gleich hoch wie im Enzkreis"),
        (1.0, "etwa gleich hoch wie im Enzkreis"),
        (1.05, "etwa gleich hoch wie im Enzkreis"),
        (1.0501, "rund 5 % höher als im Enzkreis"),
        (1.3999, "rund 40 % höher als im Enzkreis"),
        (1.4, "rund anderthalbmal so hoch wie im Enzkreis"),
        (1.7499, "rund anderthalbmal so hoch wie im Enzkreis"),
        (1.75, "etwa doppelt so hoch wie im Enzkreis"),
        (2.4999, "etwa doppelt so hoch wie im Enzkreis"),
        (2.5, "etwa dreimal so hoch wie im Enzkreis"),
        (3.4999, "etwa dreimal so hoch wie im Enzkreis"),
        (3.5, "etwa viermal so hoch wie im Enzkreis"),
        (12.4999, "etwa zwölfmal so hoch wie im Enzkreis"),
        (12.5, "etwa 13-mal so hoch wie im Enzkreis"),
        (1500, "etwa 1.500-mal so hoch wie im Enzkreis"),
    ],
)
def test_ratio_phrase_at_band_edges(ratio, phrase):
    assert ratio_phrase(ratio, ENZKREIS) == phrase


@pytest.mark.parametrize(
    ("ratio", "pct"),
    [(0.925, 10), (0.875, 15), (0.8, 20), (1.075, 10), (1.125, 15), (1.1, 10), (1.0749, 5)],
)
def test_per_cents_round_half_up_to_the_nearest_five(ratio, pct):
    assert f"rund {pct} %" in ratio_phrase(ratio, LAND)


@given(st.floats(min_value=0.6, max_value=1.4).filter(lambda r: not 0.95 <= r <= 1.05 and r != 1.4))
def test_per_cents_are_never_zero_and_stay_within_5_to_40(ratio):
    pct = int(ratio_phrase(ratio, ENZKREIS).split()[1])
    assert pct % 5 == 0 and 5 <= pct <= 40


@pytest.mark.parametrize("ratio", [math.nan, -0.1, math.inf])
def test_ratio_phrase_rejects_ratios_without_meaning(ratio):
    with pytest.raises(ValueError, match="finite number ≥ 0"):
        ratio_phrase(ratio, ENZKREIS)


# --- Comparison sentences ---------------------------------------------------------------------------------------


def test_sentence_municipality_against_kreis():
    assert (
        compare_sentence(SHARE, KELTERN, 6.8, 13.7, ENZKREIS, "percent")
        == "Der Ausländeranteil ist in Keltern etwa halb so hoch wie im Enzkreis (6,8 % gegenüber 13,7 %)."
    )


def test_sentence_kreis_against_land():
    assert compare_sentence(SHARE, ENZKREIS, 15.0, 13.6, LAND, "percent") == (
        "Der Ausländeranteil ist im Enzkreis um 1,4 Prozentpunkte höher als in Baden-Württemberg "
        "(15,0 % gegenüber 13,6 %)."
    )


def test_difference_of_shares_is_in_percentage_points_of_the_printed_numbers():
    # 17,04 % against 13,66 % are printed 17,0 % and 13,7 %: 3,3 points, not 3,4 and never "rund 25 % höher"
    assert compare_sentence(SHARE, "in Maulbronn", 17.04, 13.66, ENZKREIS, "percent") == (
        "Der Ausländeranteil ist in Maulbronn um 3,3 Prozentpunkte höher als im Enzkreis (17,0 % gegenüber 13,7 %)."
    )
    assert points_difference(17.04, 13.66) == pytest.approx(3.3)
    assert points_difference(13.66, 17.04) == pytest.approx(-3.3)
    assert math.isnan(points_difference(math.nan, 13.7)) and math.isnan(points_difference(13.7, None))


@pytest.mark.parametrize(
    ("value", "reference", "phrase"),
    [
        # the "etwa gleich hoch" band: within ±0,5 points, both bounds included
        (13.1, 13.7, "um 0,6 Prozentpunkte niedriger als im Enzkreis"),
        (13.2, 13.7, "etwa gleich hoch wie im Enzkreis"),
        (13.7, 13.7, "etwa gleich hoch wie im Enzkreis"),
        (14.2, 13.7, "etwa gleich hoch wie im Enzkreis"),
        (14.3, 13.7, "um 0,6 Prozentpunkte höher als im Enzkreis"),
        # ratio phrases only at ≤ 0,55 or ≥ 1,8; in between the points
        (3.9, 10.0, "weniger als halb so hoch wie im Enzkreis"),
        (4.0, 10.0, "etwa halb so hoch wie im Enzkreis"),
        (11.0, 20.0, "etwa halb so hoch wie im Enzkreis"),
        (11.1, 20.0, "um 8,9 Prozentpunkte niedriger als im Enzkreis"),
        (17.9, 10.0, "um 7,9 Prozentpunkte höher als im Enzkreis"),
        (18.0, 10.0, "etwa doppelt so hoch wie im Enzkreis"),
        (24.9, 10.0, "etwa doppelt so hoch wie im Enzkreis"),
        (25.0, 10.0, "etwa dreimal so hoch wie im Enzkreis"),
        # a difference inside the "etwa gleich" band wins over a large ratio of two small shares
        (0.4, 0.2, "etwa gleich hoch wie im Enzkreis"),
        (0.8, 0.2, "etwa viermal so hoch wie im Enzkreis"),
        # a share against a reference of zero is compared in points (a ratio has no meaning there)
        (6.8, 0.0, "um 6,8 Prozentpunkte höher als im Enzkreis"),
        (0.0, 13.7, "weniger als halb so hoch wie im Enzkreis"),
    ],
)
def test_share_phrase_at_band_edges(value, reference, phrase):
    assert share_phrase(value, reference, ENZKREIS) == phrase


@pytest.mark.parametrize(("value", "reference"), [(math.nan, 13.7), (13.7, None), (-1.0, 13.7), (13.7, -0.1)])
def test_share_phrase_needs_two_shares(value, reference):
    with pytest.raises(ValueError, match="two shares"):
        share_phrase(value, reference, ENZKREIS)


@given(
    st.floats(0, 100, allow_nan=False),
    st.floats(0, 100, allow_nan=False),
    st.integers(0, 2),
)
def test_a_difference_of_shares_is_never_called_per_cent(value, reference, decimals):
    sentence = compare_sentence(SHARE, KELTERN, value, reference, ENZKREIS, "percent", decimals)
    assert " % höher" not in sentence and " % niedriger" not in sentence
    assert not sentence.startswith("Kein Vergleich")
    words = sentence.split(" (", 1)[0]
    assert "%" not in words, "the words of a share comparison carry no per cent sign; the numbers follow"


def test_sentence_with_counts_and_thousands():
    assert (
        compare_sentence("die Zahl der Arbeitslosen", "in Maulbronn", 1234, 410, "in Neulingen", "persons", 0)
        == "Die Zahl der Arbeitslosen ist in Maulbronn etwa dreimal so hoch wie in Neulingen "
        "(1.234 Personen gegenüber 410 Personen)."
    )


def test_sentence_puts_an_inflecting_unit_in_the_dative_after_gegenueber():
    assert (
        compare_sentence("das Durchschnittsalter", KELTERN, 45.2, 43.1, ENZKREIS, "years")
        == "Das Durchschnittsalter ist in Keltern etwa gleich hoch wie im Enzkreis (45,2 Jahre gegenüber 43,1 Jahren)."
    )


def test_sentence_words_follow_the_printed_numbers():
    # 0.26 and 0.34 are both printed as 0,3 %: the words must not name a difference
    assert "etwa gleich hoch" in compare_sentence(SHARE, KELTERN, 0.26, 0.34, ENZKREIS, "percent")
    # printed 10,5 against 10,0 is exactly the upper edge of "etwa gleich" (0,5 points)
    assert "etwa gleich hoch" in compare_sentence(SHARE, KELTERN, 10.54, 10.0, ENZKREIS, "percent")
    assert "um 0,51 Prozentpunkte höher" in compare_sentence(SHARE, KELTERN, 10.51, 10.0, ENZKREIS, "percent", 2)
    # a level that is not a share keeps its ratio: printed 10,5 against 10,0 is the upper edge of "etwa gleich"
    assert "etwa gleich hoch" in compare_sentence(AGE, KELTERN, 10.5, 10.0, ENZKREIS, "years")
    assert "rund 5 % höher" in compare_sentence(AGE, KELTERN, 10.51, 10.0, ENZKREIS, "years", 2)


@pytest.mark.parametrize("missing", [math.nan, None, pd.NA, math.inf])
def test_missing_value_gives_no_comparison_sentence(missing):
    assert (
        compare_sentence(SHARE, KELTERN, missing, 13.7, ENZKREIS, "percent")
        == "Kein Vergleich möglich: Der Ausländeranteil ist in Keltern nicht verfügbar (im Enzkreis 13,7 %)."
    )
    assert (
        compare_sentence(SHARE, KELTERN, 6.8, missing, ENZKREIS, "percent")
        == "Kein Vergleich möglich: Der Ausländeranteil ist im Enzkreis nicht verfügbar (in Keltern 6,8 %)."
    )
    both = compare_sentence(SHARE, KELTERN, missing, missing, ENZKREIS, "percent")
    assert both == "Kein Vergleich möglich: Der Ausländeranteil ist weder in Keltern noch im Enzkreis verfügbar."


@pytest.mark.parametrize(
    ("value", "reference", "unit"),
    [(6.8, 0.0, "years"), (6.8, 0.04, "years"), (-3.0, 2.0, "percent"), (3.0, -2.0, "percent"), (-3.0, 2.0, "years")],
)
def test_zero_reference_or_negative_values_give_no_comparison(value, reference, unit):
    sentence = compare_sentence(SHARE, KELTERN, value, reference, ENZKREIS, unit)
    assert sentence.startswith("Kein Vergleich möglich: Der Ausländeranteil beträgt in Keltern ")
    assert "nan" not in sentence.lower()


def test_zero_reference_sentence_in_full():
    assert (
        compare_sentence(AGE, KELTERN, 6.8, 0, ENZKREIS, "years")
        == "Kein Vergleich möglich: Das Durchschnittsalter beträgt in Keltern 6,8 Jahre und im Enzkreis 0,0 Jahre."
    )
    # a share against a share of zero is a difference in points
    assert (
        compare_sentence(SHARE, KELTERN, 6.8, 0, ENZKREIS, "percent")
        == "Der Ausländeranteil ist in Keltern um 6,8 Prozentpunkte höher als im Enzkreis (6,8 % gegenüber 0,0 %)."
    )


def test_two_zeros_are_equal_and_a_zero_value_is_less_than_half():
    assert "etwa gleich hoch" in compare_sentence(SHARE, KELTERN, 0, 0, ENZKREIS, "percent")
    assert "weniger als halb so hoch" in compare_sentence(SHARE, KELTERN, 0, 13.7, ENZKREIS, "percent")


@pytest.mark.parametrize("label", ["Ausländeranteil", "ein Anteil", "der", ""])
def test_label_needs_its_definite_article(label):
    with pytest.raises(ValueError, match="definite article"):
        compare_sentence(label, KELTERN, 6.8, 13.7, ENZKREIS, "percent")


def test_capitalised_label_is_accepted():
    assert compare_sentence("Die Arbeitslosenquote", KELTERN, 3.0, 3.0, ENZKREIS, "percent").startswith(
        "Die Arbeitslosenquote ist in Keltern etwa gleich hoch"
    )


# --- Change sentences at every band edge ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "reference_change", "decimals", "phrase"),
    [
        (2.0, 1.5, 1, "etwa so stark gewachsen wie im Enzkreis"),  # +0.5: upper edge, inside
        (2.01, 1.5, 2, "stärker gewachsen als im Enzkreis"),  # +0.51: just outside
        (1.99, 1.5, 2, "etwa so stark gewachsen wie im Enzkreis"),  # +0.49: just inside
        (1.0, 1.5, 1, "etwa so stark gewachsen wie im Enzkreis"),  # −0.5: lower edge, inside
        (0.99, 1.5, 2, "schwächer gewachsen als im Enzkreis"),  # −0.51: just outside
        (1.01, 1.5, 2, "etwa so stark gewachsen wie im Enzkreis"),  # −0.49: just inside
        (-2.0, -1.5, 1, "etwa so stark geschrumpft wie im Enzkreis"),  # −0.5
        (-2.01, -1.5, 2, "stärker geschrumpft als im Enzkreis"),  # −0.51
        (-1.0, -1.5, 1, "etwa so stark geschrumpft wie im Enzkreis"),  # +0.5
        (-0.99, -1.5, 2, "schwächer geschrumpft als im Enzkreis"),  # +0.51
    ],
)
def test_change_phrase_at_band_edges(change, reference_change, decimals, phrase):
    sentence = change_sentence(POPULATION, KELTERN, change, reference_change, ENZKREIS, decimals)
    assert sentence.startswith(f"Die Bevölkerung ist in Keltern {phrase} (")


@pytest.mark.parametrize(("difference", "index"), [(-0.5001, 0), (-0.5, 1), (0.0, 1), (0.5, 1), (0.5001, 2)])
def test_change_table_edges(difference, index):
    assert [i for i, band in enumerate(CHANGE_BANDS) if difference in band] == [index]


def test_change_sentence_stronger_growth_in_full():
    assert (
        change_sentence(POPULATION, KELTERN, 3.2, 1.5, ENZKREIS)
        == "Die Bevölkerung ist in Keltern stärker gewachsen als im Enzkreis (+3,2 % gegenüber +1,5 %)."
    )


def test_change_sentence_contrasts_opposite_directions():
    assert (
        change_sentence(POPULATION, KELTERN, -1.2, 0.8, ENZKREIS)
        == f"Die Bevölkerung ist in Keltern geschrumpft, während sie im Enzkreis gewachsen ist ({MINUS}1,2 % "
        "gegenüber +0,8 %)."
    )
    assert (
        change_sentence("der Bestand", KELTERN, 0.8, -1.2, ENZKREIS)
        == f"Der Bestand ist in Keltern gewachsen, während er im Enzkreis geschrumpft ist (+0,8 % gegenüber "
        f"{MINUS}1,2 %)."
    )


def test_change_printed_as_zero_counts_as_unchanged():
    assert (
        change_sentence(POPULATION, KELTERN, 0.04, 0.8, ENZKREIS)
        == "Die Bevölkerung ist in Keltern etwa gleich geblieben, während sie im Enzkreis gewachsen ist "
        "(0,0 % gegenüber +0,8 %)."
    )
    assert (
        change_sentence(POPULATION, KELTERN, -0.04, 0.0, ENZKREIS)
        == "Die Bevölkerung ist in Keltern wie im Enzkreis etwa gleich geblieben (0,0 % gegenüber 0,0 %)."
    )


def test_change_sentence_in_percentage_points():
    assert (
        change_sentence(SHARE, KELTERN, 2.1, 1.0, ENZKREIS, unit="percentage_points")
        == "Der Ausländeranteil ist in Keltern stärker gewachsen als im Enzkreis "
        "(+2,1 Prozentpunkte gegenüber +1,0 Prozentpunkten)."
    )
    with pytest.raises(ValueError, match="unit of a change"):
        change_sentence(SHARE, KELTERN, 2.1, 1.0, ENZKREIS, unit="persons")


@pytest.mark.parametrize("missing", [math.nan, None, pd.NA])
def test_change_sentence_with_missing_values(missing):
    assert (
        change_sentence(SHARE, KELTERN, missing, 0.8, ENZKREIS)
        == "Kein Vergleich möglich: Die Veränderung beim Ausländeranteil ist in Keltern nicht verfügbar "
        "(im Enzkreis +0,8 %)."
    )
    assert (
        change_sentence(POPULATION, KELTERN, -0.8, missing, ENZKREIS)
        == f"Kein Vergleich möglich: Die Veränderung bei der Bevölkerung ist im Enzkreis nicht verfügbar "
        f"(in Keltern {MINUS}0,8 %)."
    )
    assert "weder in Keltern noch im Enzkreis" in change_sentence(POPULATION, KELTERN, missing, missing, ENZKREIS)


# --- Reference phrases ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "level", "phrase"),
    [
        ("Enzkreis", "kreis", "im Enzkreis"),
        ("Rhein-Neckar-Kreis", "kreis", "im Rhein-Neckar-Kreis"),
        ("Landkreis Karlsruhe", "kreis", "im Landkreis Karlsruhe"),
        ("Karlsruhe, Landkreis", "kreis", "im Landkreis Karlsruhe"),
        ("Pforzheim, Stadtkreis", "kreis", "in Pforzheim"),
        ("Böblingen", "kreis", "im Landkreis Böblingen"),
        ("Region Hannover", "kreis", "in der Region Hannover"),
        ("Städteregion Aachen", "kreis", "in der Städteregion Aachen"),
        ("Regionalverband Saarbrücken", "kreis", "im Regionalverband Saarbrücken"),
        ("Eifelkreis Bitburg-Prüm", "kreis", "im Eifelkreis Bitburg-Prüm"),
        ("Rhein-Kreis Neuss", "kreis", "im Rhein-Kreis Neuss"),
        ("Bremen, Stadt", "kreis", "in Bremen"),
        ("Baden-Württemberg", "land", "in Baden-Württemberg"),
        ("Saarland", "land", "im Saarland"),
        ("Keltern", "gemeinde", "in Keltern"),
        ("Maulbronn, Stadt", "gemeinde", "in Maulbronn"),
        (" Niefern-Öschelbronn ", "gemeinde", "in Niefern-Öschelbronn"),
    ],
)
def test_reference_phrase(name, level, phrase):
    assert reference_phrase(name, level) == phrase


@pytest.mark.parametrize(
    ("name", "genitive"),
    [
        ("Enzkreis", "des Enzkreises"),
        ("Rhein-Neckar-Kreis", "des Rhein-Neckar-Kreises"),
        ("Karlsruhe, Landkreis", "des Landkreises Karlsruhe"),
        ("Landkreis Calw", "des Landkreises Calw"),
        ("Pforzheim, Stadtkreis", "der Stadt Pforzheim"),
        ("Böblingen", "des Landkreises Böblingen"),
        ("Region Hannover", "der Region Hannover"),
        ("Städteregion Aachen", "der Städteregion Aachen"),
        ("Regionalverband Saarbrücken", "des Regionalverbands Saarbrücken"),
        ("Eifelkreis Bitburg-Prüm", "des Eifelkreises Bitburg-Prüm"),
        ("Rhein-Kreis Neuss", "des Rhein-Kreises Neuss"),
        ("Kreis Mettmann", "des Kreises Mettmann"),
    ],
)
def test_kreis_genitive(name, genitive):
    assert kreis_genitive(name) == genitive


@pytest.mark.parametrize(
    ("name", "dative"),
    [
        ("Enzkreis", "dem Enzkreis"),
        ("Landkreis Karlsruhe", "dem Landkreis Karlsruhe"),
        ("Region Hannover", "der Region Hannover"),
        ("Pforzheim, Stadtkreis", "Pforzheim"),
    ],
)
def test_kreis_dative(name, dative):
    assert kreis_dative(name) == dative


@pytest.mark.parametrize(("count", "text"), [(0, "null"), (4, "vier"), (12, "zwölf"), (13, "13"), (1101, "1.101")])
def test_count_word_de(count, text):
    assert count_word_de(count) == text


def test_sort_key_de_follows_din_5007_variant_1():
    names = ["Ötisheim", "Knittlingen", "Zaisersweiher", "Kämpfelbach", "Ölbronn-Dürrn", "Ostelsheim", "Mühlacker"]
    assert sorted(names, key=sort_key_de) == [
        "Kämpfelbach",
        "Knittlingen",
        "Mühlacker",
        "Ölbronn-Dürrn",
        "Ostelsheim",
        "Ötisheim",
        "Zaisersweiher",
    ]
    # case, ß and accents do not decide; a name and its umlaut-free twin stay in a fixed order
    assert sort_key_de("Straße")[0] == sort_key_de("strasse")[0] == "strasse"
    assert sort_key_de("Épinal")[0] == "epinal"
    assert sorted(["Müller", "Muller"], key=sort_key_de) == ["Muller", "Müller"]


def test_reference_phrase_rejects_unknown_level():
    with pytest.raises(ValueError, match="level must be"):
        reference_phrase("Enzkreis", "bezirk")


# --- Rank -------------------------------------------------------------------------------------------------------


def test_rank_with_ties_takes_the_lowest_rank():
    values = pd.Series({"a": 10.0, "b": 20.0, "c": 20.0, "d": 5.0})
    assert [rank_among(values, k) for k in "abcd"] == [(3, 4), (1, 4), (1, 4), (4, 4)]
    assert [rank_among(values, k, higher_is_first=False) for k in "abcd"] == [(2, 4), (3, 4), (3, 4), (1, 4)]


def test_rank_skips_missing_values():
    values = pd.Series({"a": 10, "b": None, "c": 30, "d": math.nan}, dtype=object)
    assert rank_among(values, "a") == (2, 2)
    assert rank_among(values, "b") == (None, 2)


def test_rank_of_an_unknown_key_or_with_duplicates_fails():
    with pytest.raises(KeyError, match="'x' is not among"):
        rank_among(pd.Series({"a": 1.0}), "x")
    with pytest.raises(ValueError, match="one entry per area"):
        rank_among(pd.Series([1.0, 2.0], index=["a", "a"]), "a")


def test_rank_sentence():
    assert (
        rank_sentence(20, 28, SHARE, "Keltern", "Enzkreis")
        == "Keltern liegt beim Ausländeranteil auf Rang 20 von 28 Gemeinden im Enzkreis (Rang 1 = höchster Wert)."
    )
    assert (
        rank_sentence(1, 28, "die Arbeitslosenquote", "Maulbronn, Stadt", "Enzkreis", higher_is_first=False)
        == "Maulbronn liegt bei der Arbeitslosenquote auf Rang 1 von 28 Gemeinden im Enzkreis "
        "(Rang 1 = niedrigster Wert)."
    )


def test_rank_sentence_declines_adjectives_after_bei():
    assert rank_sentence(3, 28, "die ausländische Bevölkerung", "Keltern", "Enzkreis").startswith(
        "Keltern liegt bei der ausländischen Bevölkerung auf Rang 3"
    )
    assert rank_sentence(3, 28, "das durchschnittliche Alter", "Keltern", "Enzkreis").startswith(
        "Keltern liegt beim durchschnittlichen Alter auf Rang 3"
    )


def test_rank_sentence_without_rank_and_with_impossible_rank():
    assert (
        rank_sentence(None, 27, SHARE, "Keltern", "Enzkreis")
        == "Keltern hat beim Ausländeranteil keinen Rang unter den Gemeinden im Enzkreis, weil kein Wert vorliegt."
    )
    with pytest.raises(ValueError, match="between 1 and n"):
        rank_sentence(29, 28, SHARE, "Keltern", "Enzkreis")


# --- Peers ------------------------------------------------------------------------------------------------------

POPULATIONS = {"k": 100, "z": 50, "y": 200, "c": 101, "d": 99, "e": 1000, "m": math.nan, "n": 0}


def test_peers_are_closest_on_a_log_scale_and_ties_go_by_key():
    # 50 and 200 are equally far from 100 on a log scale: "y" comes before "z" whatever the order of the series
    assert peers(pd.Series(POPULATIONS), "k", 4) == ["c", "d", "y", "z"]
    reordered = pd.Series(dict(reversed(list(POPULATIONS.items()))))
    assert peers(reordered, "k", 4) == ["c", "d", "y", "z"]


def test_peers_leave_out_the_key_and_areas_without_population():
    assert peers(pd.Series(POPULATIONS), "k", 10) == ["c", "d", "y", "z", "e"]
    assert peers(pd.Series(POPULATIONS), "k", 0) == []


def test_peers_need_a_population_for_the_key():
    with pytest.raises(ValueError, match="positive number"):
        peers(pd.Series(POPULATIONS), "m")
    with pytest.raises(KeyError):
        peers(pd.Series(POPULATIONS), "x")
    with pytest.raises(ValueError, match="n must be"):
        peers(pd.Series(POPULATIONS), "k", -1)


# --- Change over time -------------------------------------------------------------------------------------------

DATES = ["2011-12-31", "2016-12-31", "2021-12-31"]
ONE_BASIS = dict.fromkeys(DATES, "update_census_2011")


def test_change_of_a_count():
    change = compute_change(pd.Series([100.0, 105.0, 110.0], index=DATES), ONE_BASIS, "persons")
    assert (change.start_date, change.end_date, change.basis) == ("2011-12-31", "2021-12-31", "update_census_2011")
    assert change.absolute == pytest.approx(10.0) and change.percent == pytest.approx(10.0)
    assert change.absolute_unit == "persons"


def test_change_of_a_share_is_in_percentage_points():
    change = compute_change(pd.Series([12.1, 13.0, 14.1], index=DATES), ONE_BASIS, "percent")
    assert change.absolute == pytest.approx(2.0)
    assert change.absolute_unit == "percentage_points"
    assert math.isnan(change.percent)


def test_change_between_chosen_dates_and_from_zero():
    values = pd.Series([0.0, 5.0, math.nan], index=DATES)
    change = compute_change(values, ONE_BASIS, "persons")  # defaults skip the missing last value
    assert change.end_date == "2016-12-31" and change.absolute == 5.0 and math.isnan(change.percent)
    explicit = compute_change(values, ONE_BASIS, "persons", start="2016-12-31", end="2021-12-31")
    assert math.isnan(explicit.absolute)


def test_change_refuses_two_bases():
    bases = {DATES[0]: "update_census_2011", DATES[1]: "update_census_2011", DATES[2]: "update_census_2022"}
    values = pd.Series([100.0, 105.0, 98.0], index=DATES)
    with pytest.raises(ValueError, match=r"different bases \(update_census_2011 and update_census_2022\)"):
        compute_change(values, bases, "persons")
    assert compute_change(values, pd.Series(bases), "persons", end=DATES[1]).absolute == 5.0


@pytest.mark.parametrize(
    ("values", "kwargs", "error", "message"),
    [
        (pd.Series([1.0, 2.0], index=[DATES[0], DATES[0]]), {}, ValueError, "occur more than once"),
        (pd.Series([1.0, math.nan], index=DATES[:2]), {}, ValueError, "two dates"),
        (pd.Series([1.0, 2.0], index=DATES[:2]), {"start": DATES[1], "end": DATES[0]}, ValueError, "before end"),
        (pd.Series([1.0, 2.0], index=DATES[:2]), {"end": "2030-12-31"}, KeyError, "no value for date"),
        (pd.Series([1.0, 2.0], index=[DATES[0], "2023-12-31"]), {}, ValueError, "no basis given"),
    ],
)
def test_change_fails_clearly(values, kwargs, error, message):
    with pytest.raises(error, match=message):
        compute_change(values, ONE_BASIS, "persons", **kwargs)


# --- German numbers ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "decimals", "text"),
    [
        (1234, 0, "1.234"),
        (13.66, 1, "13,7"),
        (13.7, 1, "13,7"),
        (1234567.891, 2, "1.234.567,89"),
        (999.96, 1, "1.000,0"),
        (-1.5, 1, f"{MINUS}1,5"),
        (-1234.5, 0, f"{MINUS}1.235"),
        (-0.04, 1, "0,0"),
        (2.25, 1, "2,3"),
        (2.675, 2, "2,68"),
        (0.5, 0, "1"),
        (-0.5, 0, f"{MINUS}1"),
    ],
)
def test_format_number_de(value, decimals, text):
    assert format_number_de(value, decimals) == text


def test_minus_is_the_typographic_minus_sign():
    assert MINUS == "\u2212"
    assert "-" not in format_number_de(-1.5, 1)


def test_format_number_de_with_sign():
    assert format_number_de(3.2, 1, sign=True) == "+3,2"
    assert format_number_de(-3.2, 1, sign=True) == f"{MINUS}3,2"
    assert format_number_de(0.01, 1, sign=True) == "0,0"


@pytest.mark.parametrize(("value", "decimals"), [(math.nan, 1), (math.inf, 0), (1.0, -1)])
def test_format_number_de_rejects_what_it_cannot_print(value, decimals):
    with pytest.raises(ValueError):
        format_number_de(value, decimals)


@pytest.mark.parametrize(
    ("value", "unit", "decimals", "text"),
    [
        (13.7, "percent", 1, "13,7 %"),
        (1234, "persons", 0, "1.234 Personen"),
        (1, "persons", 0, "1 Person"),
        (1, "percentage_points", 1, "1,0 Prozentpunkte"),
        (1, "percentage_points", 0, "1 Prozentpunkt"),
        (2.5, "Einw. je km²", 1, "2,5 Einw. je km²"),
        (5, "", 0, "5"),
    ],
)
def test_format_value_de(value, unit, decimals, text):
    assert format_value_de(value, unit, decimals) == text


def test_format_value_de_refuses_unknown_unit_codes():
    with pytest.raises(ValueError, match="unknown unit code 'eur_per_m2'"):
        format_value_de(7.5, "eur_per_m2")

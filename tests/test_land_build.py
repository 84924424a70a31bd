"""Any Kreis and a whole Land: planning (job counts, a folder per Kreis, no Kreisübersicht for a Stadtkreis), a
real build of a small subset with its index, the command line (--kreis, --land) and the import of another
Land, which must pass the plausibility checks."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from integration_analysis.build.batch import build, plan_jobs, plan_land, submission_order
from integration_analysis.cli import main
from integration_analysis.data.importer import import_all
from integration_analysis.data.regions import Region, load_register, region_for_kreis


@pytest.fixture(scope="module")
def land() -> list:
    return plan_land("08")


def test_the_land_plan_has_every_steckbrief_and_a_kreisuebersicht_per_landkreis(land):
    kinds = Counter(job.kind for job in land)
    # 1,101 municipalities in the register of 31.12.2023; 44 Kreise, of which 9 Stadtkreise (one municipality)
    assert kinds == {"steckbrief": 1101, "kreisuebersicht": 35}
    assert len({job.file for job in land}) == len(land)
    assert all(re.fullmatch(r"08\d{3}/.+\.html", job.file) and job.file[:5] == job.ags[:5] for job in land)


def test_the_files_of_a_kreis_lie_in_its_folder(land):
    karlsruhe = [job for job in land if job.file.startswith("08215/")]
    assert len(karlsruhe) == 32 + 1
    assert karlsruhe[-1].file == "08215/kreisuebersicht-08215.html"
    assert karlsruhe[-1].parameters == {"kreis": "08215"}
    assert karlsruhe[-1].title == "Kreisübersicht Integration und Vielfalt: Landkreis Karlsruhe"
    bruchsal = next(job for job in karlsruhe if job.ags == "08215009")
    assert bruchsal.file == "08215/steckbrief-08215009-bruchsal.html" and bruchsal.parameters == {
        "municipality": "08215009"
    }
    pforzheim = [job for job in land if job.file.startswith("08231/")]
    assert [job.file for job in pforzheim] == ["08231/steckbrief-08231000-pforzheim.html"]  # no Kreisübersicht


def test_the_kreisuebersichten_are_submitted_first_and_only_what_is_to_be_built(land):
    todo = {job.file for job in land[::3]}
    order = submission_order(land, todo)
    assert {job.file for job in order} == todo and len(order) == len(todo)
    kinds = [job.kind for job in order]
    first_steckbrief = kinds.index("steckbrief")
    assert set(kinds[:first_steckbrief]) == {"kreisuebersicht"} and "kreisuebersicht" not in kinds[first_steckbrief:]
    planned = [job.file for job in land if job.file in todo]
    assert [job.file for job in order if job.kind == "steckbrief"] == [
        file for file in planned if "steckbrief" in file
    ]  # otherwise in the planned order, Kreis by Kreis


def test_one_kreis_by_key():
    region = region_for_kreis("08215")
    jobs = plan_jobs(region, ["Bruchsal"])
    assert [(job.kind, job.file) for job in jobs] == [
        ("steckbrief", "steckbrief-08215009-bruchsal.html"),
        ("kreisuebersicht", "kreisuebersicht-08215.html"),
    ]
    # a Kreis that names no pilots: every municipality by default
    assert len(plan_jobs(region)) == 32 + 1
    assert [job.file for job in plan_jobs(region_for_kreis("08222"))] == ["steckbrief-08222000-mannheim.html"]


@pytest.fixture(scope="module")
def subset(land, tmp_path_factory) -> Path:
    """Two Steckbriefe of the Land build (a Landkreis' and a Stadtkreis'), built through the real batch."""
    reports = tmp_path_factory.mktemp("land")
    jobs = [job for job in land if job.ags in ("08215009", "08211000")]
    result = build(jobs, reports_dir=reports, workers=2, progress=False)
    assert not result.failed, [r.error for r in result.failed]
    return reports


def test_a_subset_of_the_land_is_built_into_the_kreis_folders(subset):
    bruchsal = BeautifulSoup((subset / "08215/steckbrief-08215009-bruchsal.html").read_text("utf-8"), "html.parser")
    text = " ".join(bruchsal.get_text(" ").split())
    assert "Enzkreis" not in text  # nor in the footer's list of sources
    assert "Vergleich im Landkreis Karlsruhe" in [h.get_text(" ", strip=True) for h in bruchsal.find_all("h2")]
    assert "Vergleich im Landkreis Karlsruhe" in [a.get_text() for a in bruchsal.select("nav.ia-toc a")]
    baden_baden = (subset / "08211/steckbrief-08211000-baden-baden.html").read_text("utf-8")
    assert "Enzkreis" not in baden_baden and "Vergleich im" not in baden_baden


def test_the_index_of_the_subset_is_grouped_by_kreis(subset):
    index = BeautifulSoup((subset / "index.html").read_text("utf-8"), "html.parser")
    assert [h.get_text() for h in index.find_all("h2")] == ["Baden-Baden, Stadtkreis", "Landkreis Karlsruhe"]
    links = {a["href"] for a in index.select("table a")}
    assert links == {"08211/steckbrief-08211000-baden-baden.html", "08215/steckbrief-08215009-bruchsal.html"}
    assert "Keine Kreisübersicht: Baden-Baden, Stadtkreis ist ein Kreis aus einer Gemeinde" in index.get_text()


# --- the command line --------------------------------------------------------------------------------------------


def test_list_and_show_any_kreis(capsys):
    assert main(["list", "--kreis", "08215"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Landkreis Karlsruhe (08215), 32 Gemeinden") and "08215009  Bruchsal, Stadt" in out
    assert main(["list", "--kreis", "08231"]) == 0
    assert capsys.readouterr().out.startswith("Pforzheim, Stadtkreis (08231), 1 Gemeinde\n")
    assert main(["show", "--kreis", "08231", "Pforzheim"]) == 0
    out = capsys.readouterr().out
    assert "Rang" not in out and "Pforzheim, Stadtkreis" not in out.splitlines()[1]  # no Kreis column, no rank
    assert "in Baden-Württemberg (" in out


def test_bad_kreis_and_land_options_are_refused(capsys):
    with pytest.raises(SystemExit):
        main(["build", "--kreis", "8215"])
    assert "a Kreis is a key of 5 digits" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["build", "--land", "08", "--kreis", "08215"])
    assert "not both" in capsys.readouterr().err
    assert main(["list", "--kreis", "08217"]) == 2
    assert "Unknown Kreis '08217'" in capsys.readouterr().err
    assert main(["build", "--land", "09"]) == 2
    assert "Unknown Land '09'" in capsys.readouterr().err


# --- another Land --------------------------------------------------------------------------------------------


def test_the_extracts_of_another_land_pass_the_plausibility_checks(shared_data, tmp_path):
    written = import_all(shared_data, tmp_path, "2026-11-29", land="10")  # refused if implausible
    names = {path.name for path in written}
    assert "destatis_gv_2023-12-31.csv" in names and "zensus2022_gemeinden.csv" in names
    assert not {n for n in names if n.startswith(("compiled_", "official_lookups", "secondary_"))}  # BW only
    register = load_register(tmp_path)
    assert register.land.name == "Saarland" and len(register.municipalities) == 52 and len(register.kreise) == 6
    saarbruecken = Region.from_register("10041", register)
    assert saarbruecken.kreis.name == "Regionalverband Saarbrücken" and len(saarbruecken.municipalities) == 10
    assert all(m.ags.startswith("10") for m in register.municipalities)


def test_a_city_state_is_imported_with_its_published_negative_figures(shared_data, tmp_path):
    written = import_all(shared_data, tmp_path, "2026-11-29", land="04")  # Bremen: two Stadtkreise
    register = load_register(tmp_path)
    assert register.land.name == "Bremen" and [m.ags for m in register.municipalities] == ["04011000", "04012000"]
    assert all(Region.from_register(k.ags, register).single_municipality for k in register.kreise)
    inkar = next(path for path in written if path.name.startswith("inkar") and path.suffix == ".csv")
    rows = [line for line in inkar.read_text(encoding="utf-8").splitlines() if "municipal_debt_per_capita" in line]
    assert any(line.startswith("04012,") and ",-0.01," in line for line in rows), rows[:3]

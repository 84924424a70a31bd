"""The command line: list and look-up, check, prepare, and clear errors with exit code 2."""

from __future__ import annotations

import shutil

from integration_analysis.cli import main
from integration_analysis.core.paths import RAW_DIR


def test_list_prints_the_28_municipalities_with_pilots(capsys):
    assert main(["list"]) == 0
    out = capsys.readouterr().out
    assert "Enzkreis (08236), 28 Gemeinden" in out
    assert sum(line.rstrip().endswith(" ja") for line in out.splitlines()) == 4
    assert "08236070  Keltern" in out


def test_list_sorts_the_municipalities_in_german_order(capsys):
    # DIN 5007 variant 1: umlauts as their base letter, so Kämpfelbach comes first among the K's and Ötisheim
    # among the O's, not after Z
    assert main(["list"]) == 0
    names = [line[10:36].strip() for line in capsys.readouterr().out.splitlines()[2:]]
    assert len(names) == 28
    assert names[names.index("Kämpfelbach") :][:5] == [
        "Kämpfelbach",
        "Keltern",
        "Kieselbronn",
        "Knittlingen, Stadt",
        "Königsbach-Stein",
    ]
    assert names[names.index("Niefern-Öschelbronn") :][:4] == [
        "Niefern-Öschelbronn",
        "Ölbronn-Dürrn",
        "Ötisheim",
        "Remchingen",
    ]
    assert names[-1] == "Wurmberg"


def test_list_lookup(capsys):
    assert main(["list", "muehlacker"]) == 0
    assert "08236040  Mühlacker, Stadt" in capsys.readouterr().out


def test_unknown_municipality_exits_2_with_suggestions(capsys):
    assert main(["list", "Wiernsheym"]) == 2
    assert "Did you mean: Wiernsheim (08236065)" in capsys.readouterr().err


def test_build_of_an_unknown_municipality_fails_in_one_line_before_any_notebook_runs(capsys, monkeypatch):
    def no_build(*args, **kwargs):
        raise AssertionError("the build started")

    monkeypatch.setattr("integration_analysis.build.batch.build", no_build)
    assert main(["build", "--municipality", "Keltern", "--municipality", "Atlantis"]) == 2
    assert capsys.readouterr().err == "error: Unknown municipality 'Atlantis'.\n"


def test_check_verifies_the_bundled_data(capsys):
    assert main(["check"]) == 0
    assert "tidy dataset valid" in capsys.readouterr().out


def test_prepare_refuses_a_changed_raw_file(tmp_path, capsys):
    raw = tmp_path / "raw"
    shutil.copytree(RAW_DIR, raw)
    path = raw / "zensus2022_gemeinden.csv"
    path.write_bytes(path.read_bytes().replace(b"26420", b"26421"))
    processed = tmp_path / "processed"
    assert main(["prepare", "--raw-dir", str(raw), "--processed-dir", str(processed)]) == 2
    err = capsys.readouterr().err
    assert "zensus2022_gemeinden.csv has changed since it was imported" in err
    assert not processed.exists()  # nothing written


def test_local_check_accepts_the_shipped_files_and_names_a_bad_one(tmp_path, capsys):
    from integration_analysis.core.paths import LOCAL_DIR

    assert main(["local", "check"]) == 0
    assert "alle gültig" in capsys.readouterr().out
    for path in LOCAL_DIR.glob("*.yaml"):
        shutil.copy(path, tmp_path / path.name)
    bad = tmp_path / "08236070.yaml"
    bad.write_text(
        bad.read_text(encoding="utf-8").replace("handlungsfeld: Sprache", "handlungsfeld: Sprachen"), encoding="utf-8"
    )
    assert main(["local", "check", "--local-dir", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "08236070.yaml, line" in out and "themen[0].handlungsfeld" in out and "'Sprachen'" in out

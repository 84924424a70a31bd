"""The ``integration-analysis`` command: ``import``, ``update``, ``prepare``, ``check``, ``list``, ``show``,
``build``, ``golden`` and ``local check|template|export|import``."""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date
from pathlib import Path

from . import __version__
from .build.batch import EXECUTORS, ClusterError
from .core.errors import ChecksumError, InputError, UnknownRegionError
from .core.german import sort_key_de
from .core.paths import (
    DOWNLOADS_DIR,
    LOCAL_DIR,
    LOCAL_WORKBOOK_TEMPLATE,
    PROCESSED_DIR,
    PROJECT_ROOT,
    RAW_DIR,
    REPORTS_DIR,
    SHARED_DATA_DIR,
)
from .data.regions import Region, default_region, region_for_kreis
from .report.pdf import PdfError


def _cmd_import(args: argparse.Namespace) -> int:
    from .data.importer import import_all

    written = import_all(
        Path(args.source_dir), Path(args.raw_dir), args.compiled_on, land=args.land, user_files=args.user_file or ()
    )
    for path in written:
        print(f"  {path.name}")
    print(f"{len(written)} raw extract(s) in {args.raw_dir}")
    return 0


def _cmd_update(args: argparse.Namespace) -> int:
    from .data.update import UpdateError, update

    try:
        done = update(args.table, data_dir=Path(args.data_dir), raw_dir=Path(args.raw_dir), language=args.language)
    except UpdateError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for item in done:
        replaced = f" (replaces {', '.join(item.replaced)})" if item.replaced else ""
        print(f"  {item.extract.name}{replaced}")
    print(f"{len(done)} table(s) updated in {args.raw_dir}; the next `build` or `prepare` uses them")
    return 0


def _update_epilog() -> str:
    from .sources.api_tables import API_TABLES, SERVERS
    from .sources.genesis_api import credential_variables

    tables = "\n".join(f"  {t.code:<14} {t.about} ({t.server.name.split(' (')[0]})" for t in API_TABLES.values())
    variables = "\n".join(f"  {' / '.join(credential_variables(s.database))}  ({s.name})" for s in SERVERS.values())
    return (
        f"tables:\n{tables}\n\n"
        "credentials (a free registration with each database; never stored by this project):\n"
        f"  the environment variables\n{variables}\n"
        "  or pystatis' own configuration file ~/.pystatis/config.ini\n"
        "  (python -c 'import pystatis; pystatis.setup_credentials()').\n\n"
        "data folder: each download is kept unchanged with a provenance sidecar (server, table, request, retrieval\n"
        f"  time, SHA-256) in --data-dir (default {DOWNLOADS_DIR.relative_to(PROJECT_ROOT)}/ in the project, not in "
        "git).\n\n"
        "The downloads are read and checked like the bundled files; data/raw changes only if every table passes\n"
        "every check. Needs the optional API client: pip install -e '.[api]' (docs/api-update.md)."
    )


def _cmd_prepare(args: argparse.Namespace) -> int:
    from .data.datasets import prepare

    path = prepare(Path(args.raw_dir), Path(args.processed_dir))
    print(f"tidy dataset written: {path}")
    return 0


def _cmd_check(args: argparse.Namespace) -> int:
    from .data.datasets import check_processed, check_raw, serialise
    from .data.update import API_DOWNLOAD
    from .sources.official import USER_SUPPLIED

    tidy, metas, warnings = check_raw(Path(args.raw_dir))
    for meta in sorted(metas.values(), key=lambda m: m.source_id):
        kind = "secondary" if meta.secondary else "official"
        if meta.retrieved_from.startswith((USER_SUPPLIED, "user download")):
            kind = "user-supplied"
        if meta.retrieved_from.startswith(API_DOWNLOAD):
            kind = f"API download {meta.retrieved_on}"
        print(f"  ok  {meta.source_id:<34} {meta.rows:>7} rows  {meta.reference_date:<12} {kind}")
    for warning in warnings:
        print(f"  warning  {warning}")
    print(
        f"{len(metas)} raw extract(s) verified; tidy dataset valid ({len(tidy)} rows); "
        f"{len(warnings)} plausibility warning(s)"
    )
    status = check_processed(Path(args.raw_dir), Path(args.processed_dir), fresh=serialise(tidy, metas))
    print(
        {
            "current": f"{args.processed_dir}: current (identical to a fresh build)",
            "missing": f"{args.processed_dir}: not prepared yet (the next build or `prepare` writes it)",
            "outdated": f"{args.processed_dir}: built from older raw data (the next build or `prepare` rebuilds it)",
        }[status]
    )
    return 0


def _region(args: argparse.Namespace) -> Region:
    """The configured region, or the Kreis of ``--kreis``."""
    return region_for_kreis(args.kreis) if args.kreis else default_region()


def _cmd_list(args: argparse.Namespace) -> int:
    region = _region(args)
    if args.query:
        area = region.find(args.query)
        print(f"{area.ags}  {area.name}{'  (Pilotkommune)' if area.pilot else ''}")
        return 0
    count = len(region.municipalities)
    print(f"{region.kreis.name} ({region.kreis.ags}), {count} {'Gemeinde' if count == 1 else 'Gemeinden'}")
    print(f"{'AGS':<10}{'Gemeinde':<26}Pilot")
    for m in sorted(region.municipalities, key=lambda m: sort_key_de(m.short_name)):
        print(f"{m.ags:<10}{m.name:<26}{'ja' if m.pilot else ''}")
    return 0


def _cmd_golden(args: argparse.Namespace) -> int:
    from .analysis.golden import GOLDEN_FILE, diff_golden, write_golden
    from .data.datasets import load_tidy

    tidy = load_tidy()
    if args.write:
        print(f"golden numbers written: {write_golden(tidy, default_region())} (review the diff before committing)")
        return 0
    problems = diff_golden(tidy, default_region())
    for line in problems:
        print(f"  {line}")
    print(f"{len(problems)} difference(s) from {GOLDEN_FILE}" if problems else f"agrees with {GOLDEN_FILE}")
    return 1 if problems else 0


def _cmd_show(args: argparse.Namespace) -> int:
    from .analysis.indicators import compute_indicators
    from .analysis.profile import area_profile
    from .data.datasets import load_tidy

    region = _region(args)
    area = region.find(args.municipality)  # fails with the closest matches before any data is loaded
    table = compute_indicators(load_tidy(), region)
    profile = area_profile(table, region, area)
    print(f"{area.name} ({area.ags}){' – Pilotkommune' if area.pilot else ''}")
    columns = [
        c for c in ("Kennzahl", area.short_name, region.kreis.name, region.land.name, "Stand", "Rang") if c in profile
    ]
    widths = {c: max(len(c), *(len(str(v)) for v in profile[c])) for c in columns}
    print("  ".join(c.ljust(widths[c]) for c in columns))
    for _, row in profile.iterrows():
        print("  ".join(str(row[c]).ljust(widths[c]) for c in columns))
        flag = f" [{row['flag']}]" if row["flag"] not in ("", "missing") else ""
        for sentence in (row["Vergleich"], row["Vergleich Land"]):
            if sentence:
                print(f"    → {sentence}{flag}")
    return 0


def _cmd_build(args: argparse.Namespace) -> int:
    from .build.batch import build, plan_jobs, plan_land, select_executor

    if args.land:
        jobs = plan_land(args.land)
    else:  # validated before any kernel starts
        jobs = plan_jobs(_region(args), args.municipality or (), all_municipalities=args.all)
    result = build(
        jobs,
        reports_dir=Path(args.reports_dir),
        workers=args.jobs,
        force=args.force,
        executor_factory=select_executor(args.executor, args.scheduler),
        progress=not args.quiet,
        pdf=args.pdf,
    )
    for warning in result.warnings:
        print(f"Warnung: {warning}", file=sys.stderr)
    for item in result.results:
        mark = {"built": "neu", "unchanged": "unverändert", "failed": "FEHLER", "damaged": "beschädigt"}[item.status]
        line = f"  {mark:<12} {item.file}"
        print(f"{line}  {item.error}" if item.error else line)
    print(f"{len(result.results)} Bericht(e), {len(result.failed)} fehlgeschlagen; Übersicht: {result.index}")
    return 1 if result.failed else 0


def _local_check(folder: Path) -> int:
    from .data.local import check_local_dir

    problems = check_local_dir(folder)
    for problem in problems:
        print(f"  {problem}")
    files = sorted(p.name for p in folder.glob("*.yaml"))
    print(
        f"{len(files)} Datei(en) in {folder} geprüft: " + (f"{len(problems)} Problem(e)" if problems else "alle gültig")
    )
    return 1 if problems else 0


def _cmd_local_check(args: argparse.Namespace) -> int:
    return _local_check(Path(args.local_dir))


def _cmd_local_template(args: argparse.Namespace) -> int:
    from .data.local_workbook import write_template

    print(f"Excel-Vorlage geschrieben: {write_template(Path(args.output))}")
    return 0


def _cmd_local_export(args: argparse.Namespace) -> int:
    from .data.local_workbook import export_workbook

    source = Path(args.source)
    if args.source.isdigit() and len(args.source) == 8:
        source = Path(args.local_dir) / f"{args.source}.yaml"
    target = Path(args.output or f"Kommunale_Angaben_{source.stem}.xlsx")
    print(f"Arbeitsmappe geschrieben: {export_workbook(source, target, force=args.force)}")
    return 0


def _cmd_local_import(args: argparse.Namespace) -> int:
    from .data.local_workbook import import_workbook

    folder = Path(args.local_dir)
    written, problems = import_workbook(Path(args.workbook), folder, force=args.force)
    for problem in problems:
        print(f"  {problem}")
    if written is None:
        print(f"{len(problems)} Problem(e) in {args.workbook}: nichts übernommen")
        return 1
    print(f"übernommen: {written}")
    return _local_check(folder)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="integration-analysis",
        description="Steckbriefe der Integration und Vielfalt: data, indicators and reports.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("import", help="rebuild data/raw from the official files (../shared/data or a download)")
    p.add_argument("--source-dir", default=str(SHARED_DATA_DIR), help="folder with official/ and compiled/")
    p.add_argument("--raw-dir", default=str(RAW_DIR))
    p.add_argument("--compiled-on", default=date.today().isoformat(), help="date recorded in the sidecars")
    p.add_argument(
        "--land",
        default="08",
        type=_land_key,
        help="the Land whose extracts are written (default 08, Baden-Württemberg)",
    )
    p.add_argument(
        "--user-file",
        action="append",
        metavar="PATH",
        help="a download of your own under <source-dir>/official/ that CHECKSUMS.tsv does not list: import it all "
        "the same, recorded as user-supplied (repeatable)",
    )
    p.set_defaults(func=_cmd_import)

    p = sub.add_parser(
        "update",
        help="fetch tables from the official APIs (GENESIS-Online, Regionalstatistik, Zensus 2022) into data/raw",
        description="Fetch tables through the GENESIS REST APIs with pystatis, keep each download with its "
        "provenance, import it with the same reader and checks as the bundled files, and replace its extract in "
        "data/raw only when every check passes.",
        epilog=_update_epilog(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("table", nargs="+", help="table codes, e.g. 12531-0043 12411-01-01-4 (see the list below)")
    p.add_argument("--data-dir", default=str(DOWNLOADS_DIR), help="where the downloads are kept")
    p.add_argument("--raw-dir", default=str(RAW_DIR))
    p.add_argument("--language", choices=("de", "en"), default="de", help="language of labels and area names")
    p.set_defaults(func=_cmd_update)

    p = sub.add_parser("prepare", help="verify data/raw and write the tidy tables to data/processed")
    p.add_argument("--raw-dir", default=str(RAW_DIR))
    p.add_argument("--processed-dir", default=str(PROCESSED_DIR))
    p.set_defaults(func=_cmd_prepare)

    p = sub.add_parser("check", help="verify checksums and validate the tidy dataset without writing")
    p.add_argument("--raw-dir", default=str(RAW_DIR))
    p.add_argument("--processed-dir", default=str(PROCESSED_DIR))
    p.set_defaults(func=_cmd_check)

    p = sub.add_parser("build", help="build the reports (default: the pilots and the Kreisübersicht)")
    which = p.add_mutually_exclusive_group()
    which.add_argument("--all", action="store_true", help="a Steckbrief for every municipality")
    which.add_argument(
        "--municipality", action="append", metavar="NAME_OR_AGS", help="a Steckbrief for this municipality (repeatable)"
    )
    which.add_argument(
        "--land",
        type=_land_key,
        metavar="KEY",
        help="every Steckbrief and Kreisübersicht of the Land (e.g. 08), each Kreis in a folder of its key",
    )
    _kreis_option(p)
    p.add_argument(
        "--jobs",
        type=int,
        default=os.cpu_count() or 1,
        help="worker processes of the local executor or of a local Dask cluster (default: all cores)",
    )
    p.add_argument(
        "--executor",
        choices=EXECUTORS,
        default="local",
        help="where the reports are built: local (a process pool of --jobs workers, the default) or dask (the Dask "
        "scheduler given by --scheduler, or else a local Dask cluster of --jobs worker processes); planning, "
        "manifest and HTML files stay in this process either way",
    )
    p.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="address of a running Dask scheduler, e.g. tcp://10.0.0.5:8786 (needs --executor dask); its workers "
        "need this project folder at the same state and the package installed (see README, 'Builds on a Dask "
        "cluster')",
    )
    p.add_argument("--force", action="store_true", help="rebuild reports whose inputs have not changed")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument("--pdf", action="store_true", help="also an A4 PDF beside each HTML (needs chromium)")
    p.add_argument("--reports-dir", default=str(REPORTS_DIR))
    p.set_defaults(func=_cmd_build)

    p = sub.add_parser("show", help="key indicators of one municipality with Kreis, Land, rank and comparison")
    p.add_argument("municipality", help="name or AGS, e.g. Keltern or 08236070")
    _kreis_option(p)
    p.set_defaults(func=_cmd_show)

    p = sub.add_parser("golden", help="compare the key indicators with the golden numbers (or --write them)")
    p.add_argument("--write", action="store_true", help="regenerate tests/golden/indicators.csv")
    p.set_defaults(func=_cmd_golden)

    p = sub.add_parser("local", help="municipal information in data/local (see data/local/README.md)")
    local_sub = p.add_subparsers(dest="local_command", required=True)
    q = local_sub.add_parser("check", help="validate every file in data/local against the schema")
    q.add_argument("--local-dir", default=str(LOCAL_DIR))
    q.set_defaults(func=_cmd_local_check)
    q = local_sub.add_parser(
        "template",
        help="write (or refresh) the Excel template for consultants: an instructions sheet, one sheet per part, "
        "drop-down lists for every controlled vocabulary",
    )
    q.add_argument(
        "--output",
        default=str(LOCAL_WORKBOOK_TEMPLATE),
        help=f"where to write it (default: {LOCAL_WORKBOOK_TEMPLATE.name} in data/local)",
    )
    q.set_defaults(func=_cmd_local_template)
    q = local_sub.add_parser(
        "export", help="write a municipality's file (checked first) as a filled workbook in the template's layout"
    )
    q.add_argument("source", metavar="AGS_OR_FILE", help="an 8-digit AGS (its file in --local-dir) or a .yaml file")
    q.add_argument("--output", help="the workbook to write (default: Kommunale_Angaben_<AGS>.xlsx here)")
    q.add_argument("--force", action="store_true", help="overwrite an existing workbook")
    q.add_argument("--local-dir", default=str(LOCAL_DIR))
    q.set_defaults(func=_cmd_local_export)
    q = local_sub.add_parser(
        "import",
        help="check a filled workbook by the rules of the YAML files (each problem with sheet and cell, e.g. "
        "Angebote!C7), write it to <local-dir>/<AGS>.yaml, then check the folder",
    )
    q.add_argument("workbook", metavar="FILE.xlsx")
    q.add_argument("--force", action="store_true", help="overwrite an existing <AGS>.yaml (its comments are lost)")
    q.add_argument("--local-dir", default=str(LOCAL_DIR))
    q.set_defaults(func=_cmd_local_import)

    p = sub.add_parser("list", help="list the municipalities (or look one up by name or AGS)")
    p.add_argument("query", nargs="?", help="a name or AGS to look up")
    _kreis_option(p)
    p.set_defaults(func=_cmd_list)
    return parser


def _digits(length: int, what: str):  # noqa: ANN202 (an argparse type)
    def parse(text: str) -> str:
        if not (text.isdigit() and len(text) == length):
            raise argparse.ArgumentTypeError(f"{what} is a key of {length} digits, e.g. {'08215'[:length]}")
        return text

    return parse


_land_key = _digits(2, "a Land")


def _kreis_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--kreis",
        type=_digits(5, "a Kreis"),
        metavar="KEY",
        help="any Kreis of the Land, by its 5-digit key (e.g. 08215); default: the Kreis of config/region.yaml",
    )


def main(argv: list[str] | None = None) -> int:
    # the tidy data's module (and pandas with it) is imported here, not with this module: a build's worker
    # processes import this module again as their main module and need neither
    from .data.datasets import ValidationError

    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "land", None) and getattr(args, "kreis", None) and args.command == "build":
        parser.error("build either one Kreis (--kreis) or a whole Land (--land), not both")
    if getattr(args, "scheduler", None) is not None and args.executor != "dask":
        parser.error("--scheduler needs --executor dask")
    try:
        return args.func(args)
    except (
        InputError,
        ChecksumError,
        ValidationError,
        UnknownRegionError,
        FileNotFoundError,
        FileExistsError,
        PdfError,
        ClusterError,
    ) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())

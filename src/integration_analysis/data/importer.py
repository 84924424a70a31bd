"""The importer: runs every reader of ``sources`` over the official files and writes ``data/raw`` from them,
staged and checked against the plausibility rules first, so a failing reader or an implausible table leaves
``data/raw`` as it was."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from ..core.checksums import sha256_file
from ..core.errors import InputError
from ..core.paths import LOOKUPS_DIR
from ..core.provenance import SIDECAR_SUFFIX, SourceMeta, read_sidecar, record_checksums, sidecar_path
from ..sources import (
    api_recorded,
    ba_unemployment,
    bkg,
    compiled,
    destatis_gv,
    gerda,
    lookups,
    open_sdg,
    regionalstatistik,
)
from ..sources.official import allow_user_files
from . import plausibility
from .catalogue import write_raw_readme
from .datasets import ValidationError, load_raw

#: The Land of the compiled secondary figures, the transcribed lookups and the Enzkreis' own indicators: they hold
#: figures of Baden-Württemberg and the Enzkreis only, so the extracts of another Land do without them.
SECONDARY_LAND = "08"


def _import_into(source_dir: Path, staging: Path, compiled_on: str, land: str) -> list[Path]:
    written = destatis_gv.import_destatis_gv(source_dir, staging, compiled_on, land)
    latest_register = destatis_gv.list_register_files(source_dir)[-1]
    kreis_names = destatis_gv.read_kreis_names(latest_register, land)
    written += gerda.import_zensus2022(source_dir, staging, compiled_on, land)
    written += gerda.import_inkar(source_dir, staging, compiled_on, kreis_names, land)
    written += ba_unemployment.import_ba_unemployment(source_dir, staging, compiled_on, land)
    written += regionalstatistik.import_regionalstatistik(source_dir, staging, compiled_on, land)
    if land == SECONDARY_LAND:
        written += compiled.import_compiled(source_dir, staging, compiled_on)
        written += lookups.import_lookups(LOOKUPS_DIR, staging, compiled_on)
    written += api_recorded.import_api_recorded(source_dir, staging, compiled_on, land)
    if land == SECONDARY_LAND:
        written += open_sdg.import_open_sdg(source_dir, staging, compiled_on)
    written += bkg.import_bkg(source_dir, staging, compiled_on, land)
    return written


def _check_staged(staging: Path, source_dir: Path) -> None:
    """Refuse the staged extracts if they break an error rule of ``plausibility`` (nothing is written then).

    Each finding names the extract with the official file it comes from and the line it would have.
    """

    frame = load_raw(staging)
    origins = {
        str(path): f"{path.name} (from {read_sidecar(sidecar_path(path)).original_file})"
        for path in staging.glob("*.csv")
    }
    frame["_file"] = frame["_file"].map(origins)
    problems = plausibility.errors(plausibility.check_plausibility(frame))
    if problems:
        raise ValidationError([str(p) for p in problems], f"the import from {source_dir} (nothing was written)")


def import_all(
    source_dir: Path, raw_dir: Path, compiled_on: str, land: str = "08", user_files: Iterable[str | Path] = ()
) -> list[Path]:
    """Rebuild every raw extract from the files in ``source_dir``; return the extracts in ``raw_dir``.

    Every official file must be listed in ``official/CHECKSUMS.tsv``; ``user_files`` are files of the user's
    own (not listed) that are imported all the same and recorded as such. Everything is written to a staging
    folder first and checked against the plausibility rules, so a failing importer or an implausible table (a
    cut file, parts that do not add up) leaves ``raw_dir`` as it was. An extract whose sidecar would differ
    only in ``compiled_on`` (and whose bytes are those just imported) is left as it is: re-importing the same
    files changes nothing in git. The extracts written or confirmed are recorded in ``raw_dir``'s checksum
    manifest. Extracts in ``raw_dir`` that this import does not write (a user's own GENESIS download, say)
    are kept with their entries.
    """
    raw_dir = Path(raw_dir)
    raw_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".import-", dir=raw_dir) as tmp:
        with allow_user_files(user_files):
            staged = _import_into(Path(source_dir), Path(tmp), compiled_on, land)
        _check_staged(Path(tmp), Path(source_dir))
        result = []
        for path in staged:
            target = raw_dir / path.name
            new_meta = read_sidecar(sidecar_path(path))
            old_side = sidecar_path(target)
            if target.exists() and old_side.exists() and sha256_file(target) == new_meta.extract_sha256:
                old_meta = _readable_sidecar(old_side)
                if old_meta is not None and replace(old_meta, compiled_on=new_meta.compiled_on) == new_meta:
                    result.append(target)
                    continue
            shutil.move(str(path), target)
            shutil.move(str(sidecar_path(path)), old_side)
            result.append(target)
        record_checksums(raw_dir, [f for target in result for f in (target, sidecar_path(target))])
    metas = [read_sidecar(side) for side in sorted(raw_dir.glob(f"*{SIDECAR_SUFFIX}"))]
    write_raw_readme(raw_dir, metas)
    return result


def _readable_sidecar(path: Path) -> SourceMeta | None:
    """The sidecar at ``path``, or None where it is damaged (the import replaces it)."""
    try:
        return read_sidecar(path)
    except InputError:
        return None

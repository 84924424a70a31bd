"""The package reads as its data flow: core → sources → data → analysis → report → build → cli. A module may
import from its own layer and the layers below it, never from a layer above (docs/architecture.md)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import integration_analysis

PACKAGE = Path(integration_analysis.__file__).parent
LAYERS = ("core", "sources", "data", "analysis", "report", "build", "cli")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _layer(module: str) -> int | None:
    """The layer of a module of the package (None for the package root, which holds only its version)."""
    parts = module.split(".")
    if len(parts) < 2:
        return None
    return LAYERS.index(parts[1])


def _imports(path: Path) -> list[tuple[int, str]]:
    """(line, absolute module) of every import of the package in ``path``, including imports inside functions."""
    module = _module_name(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.split(".")[0] != "integration_analysis":
                continue
            found.append((node.lineno, target))
        elif isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names if a.name.split(".")[0] == "integration_analysis"]
    return found


MODULES = sorted(p for p in PACKAGE.rglob("*.py"))


def test_every_module_belongs_to_a_layer():
    for path in MODULES:
        module = _module_name(path)
        if module != "integration_analysis":
            assert module.split(".")[1] in LAYERS, f"{module} is outside the layers {LAYERS}"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: _module_name(p))
def test_no_module_imports_a_higher_layer(path):
    own = _layer(_module_name(path))
    if own is None:
        return
    upward = [
        f"line {line}: {target}"
        for line, target in _imports(path)
        if (layer := _layer(target)) is not None and layer > own
    ]
    assert not upward, f"{_module_name(path)} ({LAYERS[own]}) imports a higher layer: {upward}"


def test_the_check_finds_an_upward_import(tmp_path, monkeypatch):
    """The test itself: a core module importing the report layer is caught."""
    fake = PACKAGE / "core" / "paths.py"
    text = "from ..report import blocks\nfrom ..core import errors\n"
    monkeypatch.setattr(Path, "read_text", lambda self, encoding=None: text)
    targets = [t for _, t in _imports(fake)]
    assert targets == ["integration_analysis.report", "integration_analysis.core"]
    assert _layer(targets[0]) > _layer("integration_analysis.core.paths")

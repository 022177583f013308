"""Architecture rules: only workbench/ui imports streamlit; pages stay thin; fronts; no cycles."""

import ast
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MODULES = sorted((ROOT / "workbench").rglob("*.py"))
LOGIC = [p for p in MODULES if "ui" not in p.relative_to(ROOT).parts]
CONSUMERS = [*MODULES, *sorted((ROOT / "pages").glob("*.py")), ROOT / "app.py"]
# kb/ keeps its module-by-module imports (issue 10 leaves it as it is); ui's shared modules
# (context, resources, feedback, ...) are each imported by name.
NO_FRONT = {"workbench.kb", "workbench.ui"}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def package_of(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).parent.parts)


def imported_modules(path: Path) -> set[str]:
    """Every module `path` imports at its top level (a `from pkg import sub` names pkg.sub)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            base = ROOT.joinpath(*node.module.split("."))
            names |= {
                f"{node.module}.{a.name}" for a in node.names if (base / f"{a.name}.py").exists()
            }
    return names


def workbench_graph() -> dict[str, set[str]]:
    known = {module_name(p) for p in MODULES}
    return {module_name(p): imported_modules(p) & known for p in MODULES}


@pytest.mark.parametrize("path", LOGIC, ids=lambda p: str(p.relative_to(ROOT)))
def test_logic_never_imports_streamlit(path: Path) -> None:
    assert not {m.split(".")[0] for m in imported_modules(path)} & {"streamlit"}


@pytest.mark.parametrize("path", sorted((ROOT / "pages").glob("*.py")), ids=lambda p: p.name)
def test_pages_are_thin(path: Path) -> None:
    assert len(path.read_text(encoding="utf-8").splitlines()) < 150


def test_the_module_import_graph_has_no_cycle() -> None:
    try:
        tuple(TopologicalSorter(workbench_graph()).static_order())
    except CycleError as exc:
        pytest.fail(f"import cycle: {' -> '.join(exc.args[1])}")


def test_the_package_import_graph_has_no_cycle() -> None:
    packages: dict[str, set[str]] = {}
    for path in MODULES:
        here = module_name(path) if path.name == "__init__.py" else package_of(path)
        for target in imported_modules(path):
            target_path = ROOT.joinpath(*target.split("."))
            there = target if target_path.is_dir() else target.rpartition(".")[0]
            if there.startswith("workbench") and there != here:
                packages.setdefault(here, set()).add(there)
    # A package's modules may use its parent's shared modules (ui.compare -> ui), never the reverse.
    try:
        tuple(TopologicalSorter(packages).static_order())
    except CycleError as exc:
        pytest.fail(f"package cycle: {' -> '.join(exc.args[1])}")


@pytest.mark.parametrize("path", CONSUMERS, ids=lambda p: str(p.relative_to(ROOT)))
def test_other_packages_import_through_the_front(path: Path) -> None:
    here = module_name(path)
    fronts = {
        module_name(init)
        for init in (ROOT / "workbench").rglob("__init__.py")
        if init.parent != ROOT / "workbench"
    } - NO_FRONT
    for target in imported_modules(path):
        package = target.rpartition(".")[0]
        if package in fronts and not (here == package or here.startswith(package + ".")):
            assert not ROOT.joinpath(*target.split(".")).with_suffix(".py").exists(), (
                f"{here} imports {target}; import it from {package}"
            )


@pytest.mark.parametrize(
    "init",
    sorted((ROOT / "workbench").rglob("__init__.py")),
    ids=lambda p: str(p.relative_to(ROOT)),
)
def test_every_package_front_fits_on_one_screen(init: Path) -> None:
    text = init.read_text(encoding="utf-8")
    assert text.startswith('"""') and "TODO" not in text
    assert len(text.splitlines()) <= 60

"""Checks changed on a stored run: the run's prompts and cells with the new checks, its stored
answers scored again without generating, and the models the checks need."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace

from workbench.checks import CheckModels, CheckSpec, needed_models
from workbench.compare import Attempt, Cell, CompareSpec, GridSpec, cell_checks, check_attempt
from workbench.ollama import with_default_tag


def recheck(
    cells: Sequence[Cell], attempts: Iterable[Attempt], models: CheckModels | None
) -> list[Attempt]:
    """Every stored answer checked again against its cell's current checks, nothing generated;
    answers whose cell has no checks any more lose their old verdicts."""
    by_id = {cell.id: cell for cell in cells}
    checked = []
    for attempt in attempts:
        cell = by_id.get(attempt.cell_id)
        cleared = replace(attempt, checks=[])
        checked.append(check_attempt(cell, cleared, models) if cell else cleared)
    return checked


def with_checks(
    spec: CompareSpec, cells: Sequence[Cell], checks: Mapping[str, Sequence[CheckSpec]]
) -> tuple[CompareSpec, list[Cell]]:
    """The run's spec and cells with new checks on the named prompts (others keep theirs); each
    cell's checks are its prompt's, bound to its row, plus the row's expectations."""
    variants = tuple(
        replace(v, checks=tuple(checks[v.name])) if v.name in checks else v
        for v in spec.grid.variants
    )
    by_name = {variant.name: variant for variant in variants}
    new_cells = [
        replace(cell, checks=cell_checks(by_name[cell.variant], cell.row))
        if cell.variant in by_name
        else cell
        for cell in cells
    ]
    return replace(spec, grid=replace(spec.grid, variants=variants)), new_cells


def missing_check_models(spec: GridSpec, installed: Iterable[str]) -> list[str]:
    """The judge and embedding models the grid's checks name that the daemon does not have."""
    have = {with_default_tag(name).lower() for name in installed}
    needed: set[str] = set()
    for variant in spec.variants:
        for row in spec.effective_rows:
            for models in needed_models(cell_checks(variant, row)).values():
                needed |= models
    return sorted(m for m in needed if m.strip() and with_default_tag(m).lower() not in have)

"""Team-sized generated data for browser tests and benchmarks: many templates, a long history."""

from __future__ import annotations

from pathlib import Path

from workbench.compare.fairness import RunSettings
from workbench.compare.grid import GridSpec, PromptVariant, expand_grid
from workbench.compare.results import Attempt
from workbench.compare.spec import CompareSpec
from workbench.compare.votes import PairResult, Rating
from workbench.history import History
from workbench.library.exchange import template_text
from workbench.templates import Message, Template, Variable

MODELS = ("gemma3:270m", "qwen3:0.6b", "llama3.2:1b", "exaone3.5:2.4b")
TECHNIQUES = ("structured", "role", "few-shot", "chain-of-thought")
CELLS_PER_RUN = 20


def team_template(number: int) -> Template:
    """Generated template `number`; every fifth one is Korean."""
    korean = number % 5 == 0
    text = (
        f"{{{{topic}}}}에 대해 {number}번째 방식으로 세 문장으로 요약하세요."
        if korean
        else f"Summarise {{{{topic}}}} in three sentences, style number {number}."
    )
    return Template(
        id=f"team-{number:05d}",
        name=f"{'요약' if korean else 'Summary'} {number:05d}",
        description=f"Generated template {number} for a team-sized library.",
        tags=["generated", f"group-{number % 20}"],
        technique=TECHNIQUES[number % len(TECHNIQUES)],
        language="ko" if korean else "en",
        messages=[Message("user", text)],
        variables=[Variable("topic", default="tides")],
    )


def write_templates(root: Path, count: int) -> None:
    """Write `count` generated templates into a library folder, each as its version 1."""
    for number in range(count):
        template = team_template(number)
        data = template_text(template).encode("utf-8")
        history = root / ".history" / template.id
        history.mkdir(parents=True, exist_ok=True)
        (history / "1.yaml").write_bytes(data)
        (root / f"{template.id}.yaml").write_bytes(data)


def write_history(path: Path, cells: int) -> None:
    """A history of `cells` finished cell results in runs of 20, with ratings and A/B votes."""
    history = History(path)
    for run_number in range(cells // CELLS_PER_RUN):
        variant = PromptVariant(
            "ask",
            ({"role": "user", "content": "Summarise {{topic}}."},),
            f"team-{run_number % 50:05d}",
            "1",
        )
        rows = tuple({"topic": f"topic {row}"} for row in range(CELLS_PER_RUN // len(MODELS)))
        spec = CompareSpec(GridSpec(MODELS, (variant,), rows), RunSettings())
        grid = expand_grid(spec.grid)
        run_id = history.create_run(spec, grid, {}, f"run {run_number}")
        for cell in grid:
            answer = f"Answer of {cell.model} to {cell.id}."
            history.save_attempt(
                run_id, Attempt(cell.id, 0, cell.model, "done", answer, total_time=0.5)
            )
        history.votes.add_rating(run_id, Rating(grid[0].id, "score", 1 + run_number % 5))
        history.votes.add_rating(run_id, Rating(grid[1].id, "thumbs", run_number % 2))
        history.votes.add_pair_result(run_id, PairResult(grid[2].id, grid[3].id, "a"))
        history.finish_run(run_id, "done")
    history.close()

"""Tree of thoughts as a model-agnostic search: propose, judge, expand the best, repeat."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from workbench.errors import WorkbenchError
from workbench.templates import Message, Template, Variable, VariableType, render, wording

Generate = Callable[[list[dict[str, str]]], str]
SCALE = 10.0
MAX_BREADTH = 10
MAX_ROUNDS = 10
_NUMBER = r"(\d+(?:[.,]\d+)?)"
_LABELLED = re.compile(
    rf"(?:score|rating|grade|점수|평점|평가)\s*(?:is|of|=|:|：)?[\s*_:：=]*{_NUMBER}"
    rf"(?:\s*(?:/|out of|of)\s*{_NUMBER})?",
    re.IGNORECASE,
)
_FRACTION = re.compile(rf"{_NUMBER}\s*(?:/|out of)\s*{_NUMBER}", re.IGNORECASE)
_POINTS = re.compile(rf"{_NUMBER}\s*점")
_ANY = re.compile(_NUMBER)


@dataclass
class ThoughtNode:
    """One thought in the tree: its text, the judge's score and answer, its children."""

    text: str
    score: float | None = None
    judgement: str = ""
    children: list[ThoughtNode] = field(default_factory=list)
    chosen: bool = False
    chosen_by_order: bool = False  # chosen only because no sibling's score could be read


@dataclass
class ThoughtTree:
    """The whole tree (root = the problem) and the chosen path from the first round down."""

    root: ThoughtNode
    path: list[ThoughtNode]

    @property
    def best(self) -> str:
        """The text of the last chosen thought (the problem itself if nothing was chosen)."""
        return self.path[-1].text if self.path else self.root.text


@dataclass
class TreePrompts:
    """The three templates the search fills in: propose, judge and expand."""

    propose: Template
    judge: Template
    expand: Template


class TreeSettingsError(WorkbenchError):
    """Breadth or rounds outside 1..10."""

    code = "error.tree_settings"

    def __init__(self, breadth: int, rounds: int) -> None:
        super().__init__(
            breadth=breadth,
            rounds=rounds,
        )


def parse_score(text: str, scale: float = SCALE) -> float | None:
    """A 0..scale score from a judge's messy answer ('Score: 7/10', '**8**', '8점'), or None."""
    for pattern in (_LABELLED, _FRACTION, _POINTS, _ANY):
        matches = list(pattern.finditer(text))
        if matches:
            return _normalise(matches[-1].groups(), scale)
    return None


def _normalise(groups: tuple[str | None, ...], scale: float) -> float | None:
    value = float(groups[0].replace(",", "."))  # type: ignore[union-attr]
    total = float(groups[1].replace(",", ".")) if len(groups) > 1 and groups[1] else None
    if total:
        value = value / total * scale
    return value if 0 <= value <= scale else None


def tree_prompts(language: str = "en") -> TreePrompts:
    """The default propose/judge/expand templates in English or Korean."""
    words = wording(language)

    def prompt(kind: str, names: list[str]) -> Template:
        variables = [
            Variable(n, VariableType.LONG_TEXT, help=words[f"help.{n}"], required=n != "previous")
            for n in names
        ]
        return Template(
            id=f"tree-{kind}" + ("" if language == "en" else f"-{language}"),
            name=words[f"tot.name.{kind}"],
            technique="tree-of-thoughts",
            language=language,
            system=words["tot.propose_system"],
            messages=[Message("user", words[f"tot.{kind}"])],
            variables=variables,
        )

    return TreePrompts(
        propose=prompt("propose", ["problem", "previous"]),
        judge=prompt("judge", ["problem", "candidate"]),
        expand=prompt("expand", ["problem", "thought", "previous"]),
    )


def tree_of_thoughts(
    problem: str,
    generate: Generate,
    *,
    breadth: int = 3,
    rounds: int = 2,
    language: str = "en",
    prompts: TreePrompts | None = None,
) -> ThoughtTree:
    """Propose `breadth` thoughts, judge them, expand the best; repeat for `rounds` rounds."""
    if not (1 <= breadth <= MAX_BREADTH and 1 <= rounds <= MAX_ROUNDS):
        raise TreeSettingsError(breadth, rounds)
    prompts = prompts or tree_prompts(language)
    root = ThoughtNode(problem, chosen=True)
    path: list[ThoughtNode] = []
    for _ in range(rounds):
        parent = path[-1] if path else root
        _grow(parent, problem, generate, prompts, breadth, expand=bool(path))
        best = max(parent.children, key=lambda n: -1 if n.score is None else n.score)
        best.chosen = True
        best.chosen_by_order = all(child.score is None for child in parent.children)
        path.append(best)
    return ThoughtTree(root, path)


def _grow(
    parent: ThoughtNode,
    problem: str,
    generate: Generate,
    prompts: TreePrompts,
    breadth: int,
    expand: bool,
) -> None:
    for _ in range(breadth):
        previous = "\n".join(f"- {child.text}" for child in parent.children)
        values = {"problem": problem, "previous": previous, "thought": parent.text}
        text = generate(render(prompts.expand if expand else prompts.propose, values))
        parent.children.append(ThoughtNode(text.strip()))
    for child in parent.children:
        child.judgement = generate(
            render(prompts.judge, {"problem": problem, "candidate": child.text})
        )
        child.score = parse_score(child.judgement)

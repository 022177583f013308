"""Keys built at run time (f-string keys) exist in both catalogs, derived from their data."""

import re
from pathlib import Path
from typing import get_args

import pytest

from workbench.checks import METRIC_NAMES, MODES, UNITS, Kind
from workbench.compare import METRICS, PARAM_TYPES, PlayerAxis
from workbench.compare.schedule import LIMIT_MODEL, LIMIT_MODELS, LIMIT_TOTAL, READY, WARMING_UP
from workbench.history.store import CANCELLED, FINISHED, RUNNING
from workbench.i18n import LANGUAGES, catalog
from workbench.ollama import NEEDS
from workbench.playground.conversation import STAT_KEYS
from workbench.suites import PASS_RATE_COLUMNS
from workbench.templates import ROLES, TECHNIQUES
from workbench.ui.checks_editor import INPUTS
from workbench.ui.compare.cells import VOTE_WIDGETS
from workbench.ui.compare.setup import POLICIES
from workbench.ui.compare.views import LATENCY_METRICS
from workbench.ui.templates.builders import BUILDERS
from workbench.ui.templates.panels import COLLISIONS, COLUMNS

ROOT = Path(__file__).resolve().parents[1]
CODE = [ROOT / "app.py", *ROOT.glob("pages/*.py"), *ROOT.glob("workbench/**/*.py")]
BLIND_CHOICES = ("first", "tie", "second")
CHECK_INPUTS = tuple(sorted({item.name for inputs in INPUTS.values() for item in inputs}))
BUILDER_FIELDS = (
    "persona", "expertise", "task", "instruction", "input", "text",
    "example_question", "example_answer", "question",
)  # fmt: skip
# Every prefix of a key the code builds at run time, and the values it is completed with.
RUNTIME_KEYS: dict[str, tuple[str, ...]] = {
    "compare.wait.": (LIMIT_TOTAL, LIMIT_MODEL, LIMIT_MODELS, WARMING_UP, READY, "queued"),
    "compare.run_status.": (RUNNING, FINISHED, CANCELLED),
    "compare.status.": ("queued", "running", "done", "error", "cancelled", "missing"),
    "compare.col.": (*METRICS, *LATENCY_METRICS, "model", "variant", "template", "params"),
    "compare.view.": ("side", "table", "diff", "charts", "blind", "leaderboard"),
    "templates.col_": COLUMNS,
    "compare.policy_": tuple(POLICIES),
    "compare.vote_": tuple(kind for kind, _, _ in VOTE_WIDGETS),
    "compare.example_prompt_": ("a", "b"),
    "compare.blind_": BLIND_CHOICES,
    "compare.blind_saved_": BLIND_CHOICES,
    "compare.param.": tuple(PARAM_TYPES),
    "compare.": ("chart_latency", "chart_length"),
    "templates.technique_": tuple(x.replace("-", "_") for x in TECHNIQUES),
    "templates.role_": ROLES,
    "templates.builder_": BUILDERS,
    "templates.builder_help_": BUILDERS,
    "templates.b_": BUILDER_FIELDS,
    "templates.ph_": BUILDER_FIELDS,
    "templates.b_layout_": ("inline", "turns"),
    "templates.collision_": COLLISIONS,
    "models.tab.": (
        "overview",
        "parameters",
        "template",
        "system",
        "messages",
        "license",
        "modelfile",
        "info",
    ),
    "modelfiles.phase_": ("hash", "upload", "skip", "status"),
    "compare.col.player_": get_args(PlayerAxis),
    "playground.role_": ROLES,
    "playground.stat_": STAT_KEYS,
    "capability.missing_": NEEDS,
    "kind.": tuple(Kind),
    "compare_checks.standings_": get_args(PlayerAxis),
    "compare_checks.col.": tuple(PASS_RATE_COLUMNS),
    "checks_editor.arg_": CHECK_INPUTS,
    "checks_editor.help_": CHECK_INPUTS,
    "checks_editor.choice_": (*MODES, *UNITS, *METRIC_NAMES),
}
F_KEY = re.compile(r'\bt\(\s*f"([a-z_.]+)\{')


def built_prefixes() -> set[str]:
    """Every f-string key prefix in the code, e.g. "compare.wait." from t(f"compare.wait.{x}")."""
    return {m.group(1) for path in CODE for m in F_KEY.finditer(path.read_text("utf-8"))}


def test_every_key_built_at_run_time_is_listed_here() -> None:
    assert built_prefixes() <= set(RUNTIME_KEYS), sorted(built_prefixes() - set(RUNTIME_KEYS))


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("prefix", RUNTIME_KEYS)
def test_keys_built_at_run_time_exist(prefix: str, language: str) -> None:
    missing = [prefix + v for v in RUNTIME_KEYS[prefix] if not catalog(language).get(prefix + v)]
    assert not missing, (language, missing)

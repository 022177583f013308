"""capability_gaps: what a feature needs that a model lacks, and the message for each gap."""

import pytest

from workbench.i18n import LANGUAGES, translate
from workbench.ollama import NEEDS, capability_gaps


@pytest.mark.parametrize(
    ("capabilities", "needs", "gaps"),
    [
        (("completion", "tools", "thinking"), ["tools", "thinking"], []),
        (("completion",), ["tools"], ["tools"]),
        (("completion", "vision"), ["vision", "thinking", "tools"], ["thinking", "tools"]),
        (("completion", "thinking"), ("tools", "vision", "tools"), ["tools", "vision"]),
        (("completion",), [], []),
        ((), ["tools", "vision"], []),
    ],
    ids=["has-all", "no-tools", "needs-order", "once-each", "needs-nothing", "unknown"],
)
def test_capability_gaps(capabilities: tuple[str, ...], needs: list[str], gaps: list[str]) -> None:
    assert capability_gaps(capabilities, needs) == gaps


def test_needs_come_from_a_generator_too() -> None:
    assert capability_gaps(["completion"], (need for need in NEEDS)) == list(NEEDS)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("need", NEEDS)
def test_every_gap_has_a_message_naming_the_model(need: str, language: str) -> None:
    text = translate(f"capability.missing_{need}", language, model="smollm2:135m")
    assert "smollm2:135m" in text and text != f"capability.missing_{need}"


def test_the_tools_message_points_at_the_example_modelfile() -> None:
    for language in LANGUAGES:
        assert "Modelfiles/tools-chat.Modelfile" in translate(
            "capability.missing_tools", language, model="m"
        )

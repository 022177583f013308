"""Similar-to: cosine similarity of the answer to a reference, with an Ollama embedding model."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from workbench.checks.labels import number
from workbench.checks.model import AnswerUnderCheck, CheckModels
from workbench.checks.text import normal
from workbench.checks.verdict import Verdict, judged
from workbench.kb.retrieval import cosine


def run_similar(args: Mapping[str, Any], answer: AnswerUnderCheck, models: CheckModels) -> Verdict:
    """Similarity (of the NFC texts) clipped to [0, 1] is the score; a pass when it reaches the
    threshold."""
    texts = [normal(answer.text), normal(args["reference"])]
    answer_vector, reference_vector = models.embed(args["model"], texts)
    similarity = min(max(cosine(answer_vector, reference_vector), 0.0), 1.0)
    params = {"similarity": number(similarity), "threshold": number(args["threshold"])}
    return judged(similarity >= args["threshold"], "check_similar", similarity, **params)

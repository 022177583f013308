"""Checks and their results as plain JSON-ready data (templates, runs, exports)."""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from typing import Any

from workbench.checks.model import CheckResult, CheckSpec
from workbench.errors import Reason


def check_to_dict(spec: CheckSpec) -> dict[str, Any]:
    """A check as {"kind", "args", "weight"} (weight left out when it is 1)."""
    data: dict[str, Any] = {"kind": str(spec.kind), "args": dict(spec.args)}
    if spec.weight != 1:
        data["weight"] = spec.weight
    return data


def check_from_dict(data: Mapping[str, Any]) -> CheckSpec:
    """Rebuild a check saved by check_to_dict (arguments or a weight of the wrong type are kept
    as they are, for validation to refuse with its reason)."""
    weight = data.get("weight", 1)
    with contextlib.suppress(TypeError, ValueError):
        weight = float(weight)
    args = data.get("args") or {}
    return CheckSpec(str(data["kind"]), dict(args) if isinstance(args, Mapping) else args, weight)


def result_to_dict(result: CheckResult) -> dict[str, Any]:
    """A verdict as plain data; the reason is kept as its catalog code and params."""
    return {
        "kind": str(result.kind),
        "status": str(result.status),
        "score": result.score,
        "reason": {"code": result.reason.code, "params": dict(result.reason.params)},
        "weight": result.weight,
    }


def result_from_dict(data: Mapping[str, Any]) -> CheckResult:
    """Rebuild a verdict saved by result_to_dict."""
    reason = data.get("reason") or {}
    return CheckResult(
        kind=str(data["kind"]),
        status=str(data["status"]),
        score=float(data["score"]),
        reason=Reason(str(reason.get("code", "")), dict(reason.get("params") or {})),
        weight=float(data.get("weight", 1)),
    )

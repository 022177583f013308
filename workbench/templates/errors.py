"""Errors raised while checking, filling in and rendering prompt templates."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from workbench.errors import Reason, WorkbenchError
from workbench.i18n import DEFAULT_LANGUAGE, translate


def part_code(code: str, number: int) -> str:
    """The code for a part: "<code>_system" for the system prompt (part 0), else `code`.

    The catalogs name the part themselves ("message {number}", "메시지 {number}"), so no English
    word such as "system" or "message" travels in the params.
    """
    return f"{code}_system" if number == 0 else code


class TemplateFormatError(WorkbenchError):
    """A template's data is malformed: a missing field, a wrong type, an invalid name."""

    code = "error.template_format"

    def __init__(self, template: str, field: str, reason: Reason) -> None:
        super().__init__(
            template=template,
            field=field,
            reason=reason,
        )


class TemplateChecksError(WorkbenchError):
    """A template's checks are not all valid (each problem is shown at its check)."""

    code = "error.template_checks"

    def __init__(self, template: str) -> None:
        super().__init__(template=template)


class TemplateSyntaxError(WorkbenchError):
    """A system prompt or message is not valid template syntax."""

    code = "error.template_syntax"

    def __init__(self, template: str, number: int, line: int, column: int, detail: str) -> None:
        super().__init__(
            code=part_code(self.code, number),
            template=template,
            number=number,
            line=line,
            column=column,
            detail=detail,
        )


class TemplateVariablesError(WorkbenchError):
    """Required values are missing and/or the text uses variables nobody declared."""

    code = "error.template_variables"

    def __init__(self, template: str, missing: Sequence[str], unknown: Sequence[str]) -> None:
        self.missing = list(missing)
        self.unknown = list(unknown)
        super().__init__(
            template=template,
            missing=", ".join(self.missing) or "—",
            unknown=", ".join(self.unknown) or "—",
        )


@dataclass(frozen=True)
class ValueProblem:
    """Why one value was refused: a catalog code and its params."""

    name: str
    code: str
    params: dict[str, Any]

    @property
    def message(self) -> str:
        """The English sentence, from the catalog."""
        return translate(self.code, DEFAULT_LANGUAGE, **self.params)


class TemplateValueError(WorkbenchError):
    """One or more values do not fit their variable's type (all problems listed at once)."""

    code = "error.template_value"

    def __init__(self, template: str, problems: Sequence[ValueProblem]) -> None:
        self.problems = list(problems)
        details = "; ".join(p.message for p in self.problems)
        super().__init__(
            template=template,
            names=", ".join(p.name for p in self.problems),
            details=details,
        )


class TemplateRenderError(WorkbenchError):
    """Rendering failed at run time, e.g. `{{ ex.missing_key }}` or a blocked attribute."""

    code = "error.template_render"

    def __init__(self, template: str, number: int, detail: str, code: str | None = None) -> None:
        super().__init__(
            code=part_code(code or self.code, number),
            template=template,
            number=number,
            detail=detail,
        )


class UnsupportedLanguageError(WorkbenchError):
    """A technique builder was asked for a language it has no wording for."""

    code = "error.unsupported_language"

    def __init__(self, language: str, supported: Sequence[str]) -> None:
        super().__init__(
            language=language,
            supported=", ".join(supported),
        )

"""Errors of the template library: stale saves, missing templates, unreadable files, imports."""

from __future__ import annotations

from workbench.errors import Reason, WorkbenchError


class StaleVersionError(WorkbenchError):
    """A save was based on an older version than the current one; carries the diff."""

    code = "error.template_stale"

    def __init__(self, template: str, based_on: int, current: int, diff: str) -> None:
        self.diff = diff
        super().__init__(
            template=template,
            based_on=based_on,
            current=current,
            diff=diff,
        )


class TemplateExistsError(StaleVersionError):
    """A new template was saved under an id that is already in use."""

    code = "error.template_exists"

    def __init__(self, template: str, current: int, diff: str) -> None:
        WorkbenchError.__init__(
            self,
            template=template,
            current=current,
            diff=diff,
        )
        self.diff = diff


class TemplateDeletedError(StaleVersionError):
    """A save or delete was based on a version of a template someone else has since deleted."""

    code = "error.template_deleted"

    def __init__(self, template: str, based_on: int, diff: str) -> None:
        WorkbenchError.__init__(
            self,
            template=template,
            based_on=based_on,
            diff=diff,
        )
        self.diff = diff


class TemplateNotFoundError(WorkbenchError):
    """No current template has this id."""

    code = "error.template_not_found"

    def __init__(self, template: str) -> None:
        super().__init__(template=template)


class VersionNotFoundError(WorkbenchError):
    """The template has no such version."""

    code = "error.template_version_not_found"

    def __init__(self, template: str, version: int) -> None:
        super().__init__(template=template, version=version)


class LibraryFileError(WorkbenchError):
    """A file in the library cannot be read as a template (bad YAML, wrong encoding, bad id)."""

    code = "error.library_file"

    def __init__(self, path: str, detail: str) -> None:
        super().__init__(path=path, detail=detail)


class ImportFormatError(WorkbenchError):
    """Imported text is not a template, a bundle or an Open WebUI prompt export."""

    code = "error.template_import"

    def __init__(self, reason: Reason, item: int = 0) -> None:
        code = "error.template_import" if item else "error.template_import_whole"
        super().__init__(code=code, item=item, reason=reason)

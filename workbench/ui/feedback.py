"""Showing errors to the user in their language."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st

from workbench.errors import WorkbenchError
from workbench.i18n import error_text
from workbench.ui.context import language


def show_error(exc: BaseException) -> None:
    """Display an error as a red box with a message that says what to do."""
    st.error(error_text(exc, language()), icon="⚠️")


@contextmanager
def guarded() -> Iterator[None]:
    """Show any WorkbenchError raised inside the block instead of crashing the page."""
    try:
        yield
    except WorkbenchError as exc:
        show_error(exc)

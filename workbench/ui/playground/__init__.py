"""The Playground page's panels: settings, template inputs, chat, tool calls and techniques."""

from workbench.ui.playground.meter import context_meter
from workbench.ui.playground.panels import (
    answer_if_pending,
    compose,
    finish_interrupted,
    history,
    template_form,
)
from workbench.ui.playground.settings import run_settings, template_picker
from workbench.ui.playground.techniques import chain_panel, tree_panel

"""The Playground page's panels: model and parameters, template inputs, chat and techniques."""

from workbench.ui.playground.meter import context_meter
from workbench.ui.playground.panels import (
    answer_if_pending,
    compose,
    finish_interrupted,
    history,
    run_settings,
    template_form,
    template_picker,
)
from workbench.ui.playground.techniques import chain_panel, tree_panel

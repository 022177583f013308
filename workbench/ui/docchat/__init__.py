"""workbench.ui.docchat: TODO docstring."""

from workbench.ui.docchat.panels import ask, chat_settings, conversation, templates

"""The Document chat page's panels."""

from workbench.ui.docchat.panels import ask, chat_settings, conversation, templates

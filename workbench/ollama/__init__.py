"""The Ollama daemon: client with timeouts and coded errors, records, streams, names, status."""

from workbench.ollama.capabilities import NEEDS, capability_gaps
from workbench.ollama.client import EMBED_BATCH, OllamaService
from workbench.ollama.generation import GenerationStats, TextStream, ToolCall
from workbench.ollama.models import (
    InstalledModel,
    ModelDetails,
    PullProgress,
    RunningModel,
    is_blob_path,
    shareable_modelfile,
)
from workbench.ollama.names import is_valid_model_name, validate_model_name, with_default_tag
from workbench.ollama.pull_progress import PullTracker
from workbench.ollama.status import DaemonStatus, check_daemon
from workbench.ollama.views import capability_labels, installed_rows, running_rows

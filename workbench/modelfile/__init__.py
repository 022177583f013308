"""Modelfiles as Ollama reads them: data type, grammar, parameters, rendering, files, create."""

from workbench.modelfile.adapter_match import adapter_mismatches
from workbench.modelfile.adapter_upload import save_adapter
from workbench.modelfile.adapters import AdapterInfo, inspect_adapter
from workbench.modelfile.files import adapter_path, check_files
from workbench.modelfile.model import Modelfile
from workbench.modelfile.params import PARAMETERS, format_parameter_value, parse_parameter_value
from workbench.modelfile.parsing import parse
from workbench.modelfile.rendering import render
from workbench.modelfile.syntax import ModelfileError
from workbench.modelfile.workshop import (
    CreateEvent,
    FormContent,
    as_created,
    base_model_name,
    checks,
    create_model,
    error_excerpt,
    example_summary,
    from_form,
    installed_name,
    list_examples,
    parameter_rows,
    read_example,
    save_example,
    to_form,
    unified_diff,
)

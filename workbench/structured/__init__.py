"""Structured output: JSON Schema checks, the flat-object form, lenient reading of answers."""

from workbench.structured.answers import (
    StructuredAnswer,
    Violation,
    read_answer,
    schema_violations,
)
from workbench.structured.errors import SchemaError
from workbench.structured.fields import (
    FIELD_TYPES,
    SchemaField,
    fields_from_schema,
    schema_from_fields,
)
from workbench.structured.schema import check_schema, parse_schema, schema_text
from workbench.structured.table import answer_table

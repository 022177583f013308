"""The FakeModel record, the seeded local models and the pullable registry."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from .gofmt import rfc3339_nano
from .names import display_name

GEMMA3_TEMPLATE = (
    "{{- range $i, $_ := .Messages }}\n"
    "{{- $last := eq (len (slice $.Messages $i)) 1 }}\n"
    '{{- if eq .Role "user" }}<start_of_turn>user\n'
    "{{- if and (eq $i 1) $.System }}\n{{ $.System }}\n{{ end }}\n"
    "{{ .Content }}<end_of_turn>\n"
    '{{ else if eq .Role "assistant" }}<start_of_turn>model\n'
    "{{ .Content }}<end_of_turn>\n{{ end }}\n"
    "{{- if $last }}<start_of_turn>model\n{{ end }}\n{{- end }}"
)
QWEN3_TEMPLATE = (
    "{{- if .System }}<|im_start|>system\n{{ .System }}\n"
    "{{- if .Tools }}\n\n# Tools\n{{- range .Tools }}\n{{ . }}{{- end }}{{- end }}<|im_end|>\n"
    "{{ end }}\n"
    "{{- range $i, $_ := .Messages }}\n"
    "{{- $last := eq (len (slice $.Messages $i)) 1 -}}\n"
    "<|im_start|>{{ .Role }}\n{{ .Content }}\n"
    "{{- if and $.IsThinkSet (not $.Think) $last }} /no_think{{ end }}<|im_end|>\n"
    "{{ end }}<|im_start|>assistant\n"
)
CHATML_TEMPLATE = (
    "{{- if .System }}<|im_start|>system\n{{ .System }}<|im_end|>\n{{ end }}\n"
    "{{- range .Messages }}<|im_start|>{{ .Role }}\n{{ .Content }}<|im_end|>\n"
    "{{ end }}<|im_start|>assistant\n"
)
LLAVA_TEMPLATE = "[INST] {{ if .System }}{{ .System }} {{ end }}{{ .Prompt }} [/INST]"
PROMPT_TEMPLATE = "{{ .Prompt }}"

GEMMA_LICENSE = "Gemma Terms of Use\n\nLast modified: February 21, 2024\n\n(abridged for the fake)"
APACHE_LICENSE = "Apache License\nVersion 2.0, January 2004\nhttp://www.apache.org/licenses/"
LLAMA2_LICENSE = "LLAMA 2 COMMUNITY LICENSE AGREEMENT\nLlama 2 Version Release Date: July 18, 2023"
MIT_LICENSE = "MIT License\n\nCopyright (c) the authors"

FILE_TYPES = {
    "F32": 0,
    "F16": 1,
    "Q4_0": 2,
    "Q4_1": 3,
    "Q8_0": 7,
    "Q5_0": 8,
    "Q5_1": 9,
    "Q2_K": 10,
    "Q3_K_S": 11,
    "Q3_K_M": 12,
    "Q3_K_L": 13,
    "Q4_K_S": 14,
    "Q4_K_M": 15,
    "Q5_K_S": 16,
    "Q5_K_M": 17,
    "Q6_K": 18,
    "BF16": 32,
}


def sha256_hex(text: str) -> str:
    """The sha256 hex digest of a UTF-8 string."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def parse_parameter_size(size: str) -> int:
    """Turn "268.10M" / "7B" into a parameter count."""
    scale = {"K": 1e3, "M": 1e6, "B": 1e9, "T": 1e12}
    try:
        if size[-1:].upper() in scale:
            return int(float(size[:-1]) * scale[size[-1].upper()])
        return int(float(size))
    except ValueError:
        return 0


def human_number(count: int) -> str:
    """Format a parameter count like Ollama's format.HumanNumber ("22.57M", "7.2B")."""
    for unit, scale, fmt in (("B", 1e9, "{:.1f}"), ("M", 1e6, "{:.2f}"), ("K", 1e3, "{:.0f}")):
        if count >= scale:
            number = count / scale
            text = str(int(number)) if number == int(number) else fmt.format(number)
            return text + unit
    return str(count)


@dataclass
class FakeModel:
    """One installed (or pullable) model with everything the API reports about it."""

    name: str
    family: str = "llama"
    parameter_size: str = "1B"
    quantization_level: str = "Q4_K_M"
    format: str = "gguf"
    size: int = 0
    digest: str = ""
    capabilities: list[str] = field(default_factory=lambda: ["completion"])
    context_length: int = 4096
    embedding_length: int | None = None
    template: str = PROMPT_TEMPLATE
    system: str = ""
    parameters: dict[str, Any] = field(default_factory=dict)
    license: list[str] = field(default_factory=list)
    messages: list[dict[str, Any]] = field(default_factory=list)
    modified_at: str = ""
    families: list[str] | None = None
    parent_model: str = ""
    model_blob: str = ""
    architecture: str = ""
    extra_model_info: dict[str, Any] = field(default_factory=dict)
    adapters: list[tuple[str, int]] = field(default_factory=list)  # (sha256 hex, size) LoRA layers

    def __post_init__(self) -> None:
        """Normalise the name and derive the deterministic defaults."""
        self.name = display_name(self.name)
        self.architecture = self.architecture or self.family
        self.families = self.families or [self.family]
        self.digest = self.digest or sha256_hex(f"manifest:{self.name}")
        self.model_blob = self.model_blob or sha256_hex(f"weights:{self.name}")
        self.modified_at = self.modified_at or rfc3339_nano()
        if not self.size:
            bytes_per_param = {"F32": 4.0, "F16": 2.0, "BF16": 2.0, "Q8_0": 1.06}
            factor = bytes_per_param.get(self.quantization_level.upper(), 0.6)
            self.size = int(parse_parameter_size(self.parameter_size) * factor) + 1_000_000

    @property
    def parameter_count(self) -> int:
        """The parameter count implied by parameter_size."""
        return parse_parameter_size(self.parameter_size)

    @property
    def file_type(self) -> int:
        """The GGUF general.file_type number of the quantization level."""
        return FILE_TYPES.get(self.quantization_level.upper(), 15)

    def supports(self, capability: str) -> bool:
        """Whether the model has a capability ("completion", "embedding", ...)."""
        return capability in self.capabilities

    def layers(self) -> list[tuple[str, str, int]]:
        """The manifest layers as (media kind, sha256 hex, size) tuples."""
        config: list[tuple[str, Any]] = [
            ("template", self.template),
            ("system", self.system),
            ("license", self.license),
            ("params", self.parameters),
            ("messages", self.messages),
        ]
        weights = max(self.size - 4096, 1)
        layers = [("model", self.model_blob, weights)]
        if self.supports("vision"):
            layers.append(("projector", sha256_hex(f"projector:{self.model_blob}"), 624_434_336))
        layers += [("adapter", digest, size) for digest, size in self.adapters]
        for kind, value in config:
            if value:
                payload = json.dumps(value, sort_keys=True, ensure_ascii=False)
                layers.append((kind, sha256_hex(f"{kind}:{payload}"), len(payload)))
        return layers


def default_models() -> list[FakeModel]:
    """The models a fresh fake daemon has installed."""
    return [
        FakeModel(
            name="gemma3:270m",
            family="gemma3",
            parameter_size="268.10M",
            quantization_level="Q4_K_M",
            size=291_554_930,
            capabilities=["completion"],
            context_length=32768,
            embedding_length=640,
            template=GEMMA3_TEMPLATE,
            parameters={
                "top_p": 0.95,
                "num_predict": 128,
                "stop": ["<end_of_turn>"],
                "temperature": 1,
                "top_k": 64,
            },
            license=[GEMMA_LICENSE],
            modified_at="2026-11-20T09:14:03.520114411Z",
        ),
        FakeModel(
            name="qwen3:0.6b",
            family="qwen3",
            parameter_size="751.63M",
            quantization_level="Q4_K_M",
            size=522_653_767,
            capabilities=["completion", "tools", "thinking"],
            context_length=40960,
            embedding_length=1024,
            template=QWEN3_TEMPLATE,
            parameters={
                "repeat_penalty": 1,
                "stop": ["<|im_start|>", "<|im_end|>"],
                "temperature": 0.6,
                "top_k": 20,
                "top_p": 0.95,
            },
            license=[APACHE_LICENSE],
            modified_at="2026-11-19T18:02:41.118204017Z",
        ),
        FakeModel(
            name="llava:7b",
            family="llama",
            families=["llama", "clip"],
            parameter_size="7B",
            quantization_level="Q4_0",
            size=4_733_363_377,
            capabilities=["completion", "vision"],
            context_length=4096,
            embedding_length=4096,
            template=LLAVA_TEMPLATE,
            parameters={"stop": ["[INST]", "[/INST]"]},
            license=[LLAMA2_LICENSE],
            modified_at="2026-11-18T07:45:12.904432871Z",
        ),
        FakeModel(
            name="all-minilm:latest",
            family="bert",
            parameter_size="22.57M",
            quantization_level="F16",
            size=45_960_996,
            capabilities=["embedding"],
            context_length=512,
            embedding_length=384,
            template=PROMPT_TEMPLATE,
            license=[APACHE_LICENSE],
            modified_at="2026-11-17T11:30:55.667310922Z",
        ),
        FakeModel(
            name="bge-m3:latest",
            family="bert",
            parameter_size="566.70M",
            quantization_level="F16",
            size=1_157_672_605,
            capabilities=["embedding"],
            context_length=8192,
            embedding_length=1024,
            template=PROMPT_TEMPLATE,
            license=[MIT_LICENSE],
            modified_at="2026-11-16T15:21:37.281940533Z",
        ),
    ]


def named_models(*names: str) -> list[FakeModel]:
    """The default models of these names, in that order (e.g. to give each daemon its own)."""
    known = {model.name: model for model in default_models()}
    return [known[name] for name in names]


def registry_models() -> list[FakeModel]:
    """Every model /api/pull can fetch: the defaults plus a few not installed at start."""
    return [
        *default_models(),
        FakeModel(
            name="smollm2:135m",
            family="llama",
            parameter_size="134.52M",
            quantization_level="F16",
            size=270_898_672,
            capabilities=["completion"],  # its template renders no .Tools (see capture 71)
            context_length=8192,
            embedding_length=576,
            template=CHATML_TEMPLATE,
            system="You are a helpful AI assistant named SmolLM, trained by Hugging Face",
            parameters={"stop": ["<|im_start|>", "<|im_end|>"]},
            license=[APACHE_LICENSE],
        ),
        FakeModel(
            name="nomic-embed-text:latest",
            family="nomic-bert",
            parameter_size="136.73M",
            quantization_level="F16",
            size=274_302_450,
            capabilities=["embedding"],
            context_length=2048,
            embedding_length=768,
            template=PROMPT_TEMPLATE,
            parameters={"num_ctx": 8192},
            license=[APACHE_LICENSE],
        ),
    ]

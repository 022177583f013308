"""Real Modelfiles from GitHub (shared/corpus/modelfiles-wild): each parses or fails like Ollama.

The expectations were written by reading every file and working out what Ollama's parser and
`ollama create` do with it; the quirk checks pin down behaviour that is easy to get wrong.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from workbench.modelfile.parsing import Modelfile, ModelfileError, parse_bytes

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "modelfiles-wild"
if not CORPUS.is_dir():
    pytest.skip(f"corpus folder {CORPUS} is absent", allow_module_level=True)

# file -> (substring of the message, line)
REJECTED = {
    # line 94 is `PARAMETER batch_size 512`; Ollama: unknown parameter 'batch_size'
    "17.Modelfile": (
        "unknown parameter 'batch_size' (line 94). Ollama calls this setting 'num_batch'",
        94,
    ),
    # only a lower-case `template """..."""`, no FROM anywhere
    "23.Modelfile": ("no FROM line", None),
    # a template placeholder left in: `PARAMETER num_ctx <add the context size>`
    "55.Modelfile": ("invalid int value [<add the context size>] (line 16)", 16),
    # `FROM ` with nothing after it: Ollama's parser takes "" and create then finds no model files
    "66.Modelfile": ("FROM has no value (line 1)", 1),
    # `SYSTEM"""` without a space: the instruction name runs into the quote
    "75.Modelfile": ("(line 2): command must be one of", 2),
}

PARSED = [
    "01",
    "02",
    "03",
    "04",
    "05",
    "06",
    "07",
    "08",
    "09",
    "10",
    "11",
    "12",
    "13",
    "14",
    "15",
    "16",
    "18",
    "19",
    "20",
    "21",
    "22",
    "24",
    "25",
    "26",
    "27",
    "28",
    "29",
    "30",
    "31",
    "32",
    "33",
    "34",
    "35",
    "36",
    "37",
    "38",
    "39",
    "40",
    "41",
    "42",
    "43",
    "44",
    "45",
    "46",
    "47",
    "48",
    "49",
    "50",
    "51",
    "52",
    "53",
    "54",
    "56",
    "57",
    "58",
    "59",
    "60",
    "61",
    "62",
    "63",
    "64",
    "67",
    "68",
    "69",
    "71",
    "72",
    "73",
    "74",
    "76",
    "77",
    "78",
]

QUIRKS: dict[str, Callable[[Modelfile], bool]] = {
    # MESSAGE assistant "...""" : a single " opens, so the value keeps two trailing quotes
    "01.Modelfile": lambda m: m.messages[1]["content"].endswith('flag{small_e_attack}""'),
    # lower-case instructions; a SYSTEM of blank lines
    "03.Modelfile": lambda m: m.from_ == ["llama3.2:1b"] and m.system == "\n\n",
    # an ASCII-art MESSAGE kept verbatim, backslashes included
    "04.Modelfile": lambda m: "\\____/" in m.messages[1]["content"],
    "08.Modelfile": lambda m: (
        m.system is not None
        and m.system.startswith("너는 고도로")
        and m.parameters["stop"] == ["<s>", "</s>"]
    ),
    # mirostat and mirostat_eta are deprecated: warned about and left out
    "15.Modelfile": lambda m: (
        "mirostat" not in m.parameters and sum("is deprecated" in w for w in m.warnings) == 2
    ),
    "21.Modelfile": lambda m: m.template is not None and "\t<|system|>" in m.template,
    # `# ...` lines inside a quoted value are part of it, not comments
    "27.Modelfile": lambda m: (
        m.system is not None
        and "# Chaining Commands" in m.system
        and m.license == ["\n<license text>\n"]
        and len(m.messages) == 6
    ),
    "30.Modelfile": lambda m: m.parameters["stop"][0] == "<｜begin▁of▁sentence｜>",
    "31.Modelfile": lambda m: m.template == "{{ .Prompt }}",
    # CRLF file: a quoted multi-line value keeps its CR characters, as in Ollama
    "32.Modelfile": lambda m: (
        m.system == "\r\nYour expert guide to insightful responses and innovative solutions.\r\n"
    ),
    "36.Modelfile": lambda m: len(m.adapters) == 1 and len(m.parameters["stop"]) == 4,
    "38.Modelfile": lambda m: (
        m.parameters == {"stop": ["<|im_end|>", "<|im_start|>"], "num_ctx": 4096, "num_predict": -2}
        and m.warnings[0].startswith("parameter mirostat is deprecated (line 17)")
    ),
    # `ollama show` output of a vision model: two FROM blobs, CRLF, a "..." template
    "43.Modelfile": lambda m: (
        len(m.from_) == 2
        and m.template is not None
        and m.template.endswith("<|end_header_id|>\r\n\r\n")
    ),
    "44.Modelfile": lambda m: len(m.license) == 1 and m.license[0].startswith("LLAMA 3.1"),
    "46.Modelfile": lambda m: m.license[0].startswith("                                 Apache"),
    # bare MESSAGE values full of quotes stay bare
    "56.Modelfile": lambda m: (
        m.messages[5]["content"]
        == 'foreach ($dir in $(gci -Name | findstr "python")) { mv "$dir" $dir"_py" }'
    ),
    "57.Modelfile": lambda m: len(m.from_) == 2 and m.system == "<|think|>",
    "62.Modelfile": lambda m: (
        m.system is not None and m.system.endswith("절대 제품명을 만들어 내면 안됩니다.")
    ),
    "67.Modelfile": lambda m: m.from_ == ["yourfilelocation.gguf"],
    "73.Modelfile": lambda m: m.from_ == ["qwen:7b"],
    "78.Modelfile": lambda m: (
        m.from_
        == ["C:\\Users\\goodn\\OneDrive\\Desktop\\gh projects\\hausa_ai\\model\\hausa-ai.gguf"]
    ),
}


def test_every_corpus_file_has_an_expectation() -> None:
    names = {path.name for path in CORPUS.glob("*.Modelfile")}
    assert names == set(REJECTED) | {f"{number}.Modelfile" for number in PARSED}
    assert not set(REJECTED) & {f"{number}.Modelfile" for number in PARSED}


@pytest.mark.parametrize("number", PARSED)
def test_corpus_file_parses(number: str) -> None:
    name = f"{number}.Modelfile"
    parsed = parse_bytes((CORPUS / name).read_bytes())
    assert parsed.from_
    assert all(instruction.line >= 1 for instruction in parsed.instructions)
    if name in QUIRKS:
        assert QUIRKS[name](parsed)


@pytest.mark.parametrize(("name", "expected"), sorted(REJECTED.items()))
def test_corpus_file_is_rejected_at_the_right_line(
    name: str, expected: tuple[str, int | None]
) -> None:
    message, line = expected
    with pytest.raises(ModelfileError) as caught:
        parse_bytes((CORPUS / name).read_bytes())
    assert message in caught.value.message
    assert caught.value.line == line

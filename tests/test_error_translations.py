"""Errors shown to Korean users are Korean: each kind of error has its own catalog code.

For a table of bad inputs (Modelfiles of every kind of mistake, template syntax errors, a PNG
named .txt) the Korean text must be a translation, not the English message: it differs, holds
Hangul and has no run of English words left once Ollama's own quoted phrase is set aside. The
English text is the exception's message, so both languages state the same facts.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest

from workbench.i18n import catalog, error_text, translate
from workbench.kb.documents import SourceFile
from workbench.kb.errors import FileRejected
from workbench.kb.loaders import load_document
from workbench.modelfile.files import create_request
from workbench.modelfile.params import parse_parameter_value
from workbench.modelfile.parsing import Modelfile, ModelfileError, parse, parse_bytes
from workbench.modelfile.rendering import render
from workbench.templates.errors import TemplateSyntaxError, part_code
from workbench.templates.rendering import Message, Template
from workbench.templates.rendering import render as render_template

ROOT = Path(__file__).resolve().parents[1]
HANGUL = re.compile(r"[\uac00-\ud7a3]")
# Ollama's own words, kept in the Korean text so users can search for them.
OLLAMA_QUOTE = re.compile(r"\(Ollama: [^)]*\)|unexpected EOF(?:: \w+)?")
ENGLISH_RUN = re.compile(r"\b[A-Za-z]{2,}(?:[ ,]+[A-Za-z]{2,}){3,}\b")
GGUF = b"GGUF\x03\x00\x00\x00" + bytes(range(64))


def create(text: str, tmp: Path, allowed: list[Path] | None = None) -> None:
    create_request(parse(text), "m", tmp, [tmp] if allowed is None else allowed)


def write(path: Path, data: bytes = GGUF) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def outside(tmp: Path, allowed: list[Path]) -> None:
    write(tmp / "a" / "m.gguf")
    create("FROM ./a/m.gguf", tmp, allowed)


def insecure(tmp: Path) -> None:
    write(tmp / "real" / "model.safetensors")
    (tmp / "folder").mkdir()
    (tmp / "folder" / "model.safetensors").symlink_to(tmp / "real" / "model.safetensors")
    create("FROM ./folder", tmp)


def no_weights(tmp: Path) -> None:
    write(tmp / "empty" / "README.md", b"x")
    create("FROM ./empty", tmp)


def lfs_pointer(tmp: Path) -> None:
    write(tmp / "m.gguf", b"version https://git-lfs.github.com/spec/v1\n")
    create("FROM ./m.gguf", tmp)


def draft_is_from(tmp: Path) -> None:
    write(tmp / "m.gguf")
    create("FROM ./m.gguf\nDRAFT ./m.gguf", tmp)


def parsing(text: str) -> Callable[[Path], object]:
    return lambda tmp: parse(text)


# (what goes wrong, how to raise it, expected code, facts both languages must state)
MODELFILE_CASES: list[tuple[str, Callable[[Path], object], str, list[str]]] = [
    ("unknown word", parsing("FROM foo\nBADCOMMAND x y"), "unknown_command", ["2", "BADCOMMAND"]),
    ("misspelt", parsing("FROM foo\nFORM bar"), "unknown_command_guess", ["2", "FORM", "FROM"]),
    ("next line", parsing("FROM foo\nADAPTER\n./a"), "value_on_next_line", ["2", "ADAPTER"]),
    (
        "next line, multi",
        parsing("FROM foo\nSYSTEM\nhi"),
        "value_on_next_line_multiline",
        ["2", "SYSTEM", '"""'],
    ),
    ("no space", parsing('FROM foo\nSYSTEM"x"'), "no_space", ["2", "SYSTEM"]),
    ("eof keyword", parsing("FROM foo\nSYSTEM"), "eof_value_on_next_line_multiline", ["2"]),
    ("eof word", parsing("FROM foo\nFOO"), "eof_not_instruction", ["2", "FOO"]),
    ("eof message", parsing("FROM foo\nMESSAGE user"), "eof_message", ["2", "MESSAGE user"]),
    ("eof value", parsing("FROM foo\nPARAMETER top_k"), "eof_parameter_value", ["2", "top_k"]),
    ("eof name", parsing("FROM foo\nPARAMETER \n"), "eof_parameter", ["2", "PARAMETER"]),
    ("name char", parsing("FROM foo\nPARAMETER top-k 1"), "eof_parameter_char", ["2", "'-'"]),
    ("role char", parsing("FROM foo\nMESSAGE us-er hi"), "eof_role_char", ["2", "'-'", "us"]),
    ("open quote", parsing('FROM foo\nSYSTEM """hi'), "open_quote", ["2", '"""', "SYSTEM"]),
    ("role", parsing("FROM foo\nMESSAGE badguy hi"), "bad_role", ["2", "badguy"]),
    ("role case", parsing("FROM foo\nMESSAGE User hi"), "bad_role_case", ["2", "'user'"]),
    ("role guess", parsing("FROM foo\nMESSAGE usr hi"), "bad_role_guess", ["2", "usr", "user"]),
    ("role space", parsing("FROM foo\nMESSAGE  user hi"), "bad_role_spacing", ["2", "MESSAGE"]),
    ("param message", parsing("FROM foo\nPARAMETER message hi"), "bad_role_parameter", ["2"]),
    ("no from", parsing("SYSTEM hi"), "no_from", ["FROM gemma3:270m"]),
    ("requires", parsing("FROM foo\nREQUIRES abc"), "requires", ["2", "'abc'", "0.14.0"]),
    ("empty path", parsing('FROM ""'), "empty_path", ["FROM", "1"]),
    (
        "unknown parameter",
        parsing("FROM foo\nPARAMETER zzzzzz 1"),
        "unknown_parameter",
        ["2", "zzzzzz", "num_ctx, num_predict"],
    ),
    (
        "parameter guess",
        parsing("FROM foo\nPARAMETER temprature 1"),
        "unknown_parameter_guess",
        ["2", "'temprature'", "'temperature'"],
    ),
    ("removed", parsing("FROM foo\nPARAMETER numa 1"), "unknown_parameter_removed", ["numa"]),
    ("case", parsing("FROM foo\nPARAMETER Top_K 1"), "unknown_parameter_case", ["'top_k'"]),
    (
        "other tool's name",
        parsing("FROM foo\nPARAMETER max_tokens 5"),
        "unknown_parameter_renamed",
        ["max_tokens", "'num_predict'"],
    ),
    ("int", parsing("FROM foo\nPARAMETER top_k x"), "invalid_int", ["2", "[x]", "top_k", "40"]),
    (
        "comment",
        parsing("FROM foo\nPARAMETER top_k 5 # five"),
        "invalid_int_comment",
        ["[5 # five]", "#"],
    ),
    (
        "infinity",
        parsing("FROM foo\nPARAMETER temperature inf"),
        "invalid_float_infinite",
        ["[inf]", "0.8", "NaN"],
    ),
    ("bool", parsing("FROM foo\nPARAMETER use_mmap maybe"), "invalid_bool", ["[maybe]", "true"]),
    ("form value", lambda tmp: parse_parameter_value("top_k", "x"), "invalid_int", ["[x]"]),
    (
        "encoding",
        lambda tmp: parse_bytes(b"FROM foo\nSYSTEM \xff\n"),
        "encoding",
        ["UTF-8", "2", "cp949"],
    ),
    ("no FROM field", lambda tmp: Modelfile(from_=[]), "no_from", ["FROM"]),
    ("not text", lambda tmp: Modelfile(from_=["x"], system=3), "not_text", ["SYSTEM"]),  # type: ignore[arg-type]
    ("not list", lambda tmp: Modelfile(from_="x"), "not_list", ["FROM"]),  # type: ignore[arg-type]
    (
        "bad message",
        lambda tmp: Modelfile(from_=["x"], messages=[{"role": "bot", "content": "x"}]),
        "bad_message",
        ["'bot'"],
    ),
    ("requires field", lambda tmp: Modelfile(from_=["x"], requires="abc"), "requires", []),
    ("blank path", lambda tmp: Modelfile(from_=[" "]), "empty_path", ["FROM"]),
    (
        "typed value",
        lambda tmp: Modelfile(from_=["x"], parameters={"top_k": "x"}),
        "parameter_type_int",
        ["top_k", "'x'"],
    ),
    (
        "unknown field",
        lambda tmp: Modelfile(from_=["x"], parameters={"nope": 1}),
        "unknown_parameter",
        ["nope"],
    ),
    (
        "dropped char",
        lambda tmp: render(Modelfile(from_=["x"], system="a\u200bb")),
        "dropped_char",
        ["SYSTEM", "ZERO WIDTH SPACE", "U+200B"],
    ),
    (
        "unrepresentable",
        lambda tmp: render(Modelfile(from_=["x"], system='a"""\nb')),
        "unrepresentable",
        ["SYSTEM", '"""'],
    ),
    (
        "missing file",
        lambda tmp: create("FROM ./missing.gguf", tmp),
        "from_not_found_in",
        ["./missing.gguf", "1"],
    ),
    (
        "missing absolute",
        lambda tmp: create("FROM /no/such/m.gguf", tmp),
        "from_not_found",
        ["/no/such/m.gguf"],
    ),
    ("bad name", lambda tmp: create("FROM Bad:Name:x", tmp), "from_bad_name", ["Bad:Name:x"]),
    (
        "missing adapter",
        lambda tmp: create("FROM foo\nADAPTER ./lora.gguf", tmp),
        "adapter_missing_in",
        ["ADAPTER ./lora.gguf", "2", "LoRA"],
    ),
    (
        "missing draft",
        lambda tmp: create("FROM foo\nDRAFT /no/draft.gguf", tmp),
        "draft_missing",
        ["DRAFT /no/draft.gguf", "2"],
    ),
    (
        "outside",
        lambda tmp: outside(tmp, [tmp / "b"]),
        "path_outside",
        ["m.gguf", "WORKBENCH_MODEL_DIRS"],
    ),
    ("none allowed", lambda tmp: outside(tmp, []), "path_outside_none", ["m.gguf"]),
    ("insecure", insecure, "insecure_path", ["model.safetensors", "--local-dir"]),
    ("no weights", no_weights, "no_weights", ["empty", "*.safetensors"]),
    ("lfs", lfs_pointer, "lfs_pointer", ["m.gguf", "git lfs pull"]),
    ("draft is from", draft_is_from, "draft_is_from", ["m.gguf", "DRAFT"]),
]


def leftover_english(korean: str, exc: BaseException) -> list[str]:
    """Runs of four or more English words, once Ollama's quoted words and the params are gone."""
    text = OLLAMA_QUOTE.sub("", korean)
    for value in getattr(exc, "params", {}).values():
        if isinstance(value, str) and value and value not in ("", "detail"):
            text = text.replace(value, "")
    return ENGLISH_RUN.findall(text)


def check_translated(exc: BaseException, facts: list[str]) -> None:
    english, korean = error_text(exc, "en"), error_text(exc, "ko")
    assert korean != english
    assert HANGUL.search(korean), korean
    assert not leftover_english(korean, exc), korean
    for fact in facts:
        assert fact in english, (fact, english)
        assert fact in korean, (fact, korean)


@pytest.mark.parametrize(
    ("raise_it", "code", "facts"),
    [case[1:] for case in MODELFILE_CASES],
    ids=[case[0] for case in MODELFILE_CASES],
)
def test_modelfile_errors_are_translated(
    raise_it: Callable[[Path], object], code: str, facts: list[str], tmp_path: Path
) -> None:
    with pytest.raises(ModelfileError) as caught:
        raise_it(tmp_path)
    exc = caught.value
    assert exc.code == f"error.modelfile_{code}"
    assert error_text(exc, "en") == str(exc)
    if exc.line is not None:
        facts = [*facts, str(exc.line)]
    check_translated(exc, facts)


def test_every_kind_of_modelfile_error_is_in_the_table() -> None:
    tested = {f"error.modelfile_{case[2]}" for case in MODELFILE_CASES}
    with (ROOT / "workbench/locales/en/modelfile_errors.toml").open("rb") as handle:
        keys = {f"error.{key}" for key in tomllib.load(handle)["error"]}
    untested = keys - tested - {"error.at_line", "error.at_line_start"}
    # Variants of a tested kind (other types, other hints) share its wording.
    variants = {
        "error.modelfile_invalid_bool_comment",
        "error.modelfile_invalid_bool_infinite",
        "error.modelfile_invalid_float",
        "error.modelfile_invalid_float_comment",
        "error.modelfile_invalid_int_infinite",
        "error.modelfile_parameter_type_bool",
        "error.modelfile_parameter_type_float",
        "error.modelfile_parameter_type_list",
        "error.modelfile_adapter_missing",
        "error.modelfile_draft_missing_in",
        "error.modelfile_unknown_parameter_unnamed",
        "error.modelfile_eof_value_on_next_line",
    }
    assert untested <= variants, sorted(untested - variants)


def test_codes_in_the_modelfile_code_exist() -> None:
    keys = set(catalog("en"))
    for path in ROOT.glob("workbench/modelfile/*.py"):
        for code in re.findall(r'"(error\.modelfile_[a-z_]*)', path.read_text("utf-8")):
            assert any(key.startswith(code) for key in keys), (path.name, code)


@pytest.mark.parametrize("language", ["en", "ko"])
def test_without_a_line_no_modelfile_message_names_one(language: str) -> None:
    for key, text in catalog(language).items():
        if key.startswith("error.modelfile_") and key != "error.modelfile_open_quote":
            assert "{line}" not in text, key
    exc = ModelfileError(line=41, code="error.modelfile_empty_path", keyword="FROM")
    assert "41" in error_text(exc, language)
    assert "41" not in error_text(exc, language, with_line=False)
    assert ModelfileError(code="error.modelfile_empty_path", keyword="FROM").line is None
    assert "None" not in error_text(
        ModelfileError(code="error.modelfile_empty_path", keyword="FROM"), language
    )


def test_the_generic_modelfile_code_still_works() -> None:
    exc = ModelfileError("something odd (line 3)", 3)
    assert exc.code == "error.modelfile"
    assert error_text(exc, "ko") == "something odd (line 3)"
    assert translate("error.modelfile", "ko", detail="x") == "x"


def template_error(system: str, *messages: str) -> TemplateSyntaxError:
    template = Template("t", "T", [Message("user", text) for text in messages], [], system=system)
    with pytest.raises(TemplateSyntaxError) as caught:
        render_template(template, {})
    return caught.value


@pytest.mark.parametrize(
    ("system", "messages", "english", "korean"),
    [
        ("{{ broken", [], "system prompt", "시스템 프롬프트"),
        ("fine", ["ok", "{% if %}"], "message 2", "메시지 2"),
    ],
)
def test_template_syntax_errors_name_the_part_in_each_language(
    system: str, messages: list[str], english: str, korean: str
) -> None:
    exc = template_error(system, *messages)
    assert english in error_text(exc, "en")
    assert english in str(exc)
    ko = error_text(exc, "ko")
    assert korean in ko
    assert "message" not in ko and "system" not in ko
    assert HANGUL.search(ko)


def test_a_png_named_txt_is_described_in_korean() -> None:
    with pytest.raises(FileRejected) as caught:
        load_document(SourceFile("photo.txt", data=b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4))
    exc = caught.value
    assert exc.code == "error.kb_binary_file"
    assert exc.params["kind"] == "PNG"
    english, korean = error_text(exc, "en"), error_text(exc, "ko")
    assert "photo.txt" in english and "PNG" in english
    assert "photo.txt" in korean and "PNG 이미지" in korean
    assert "image" not in korean
    check_translated(exc, ["photo.txt", "PNG"])


@pytest.mark.parametrize(
    "code", ["error.template_syntax", "error.template_render", "error.template_unsafe"]
)
def test_every_template_error_has_a_system_prompt_twin(code: str) -> None:
    for language in ("en", "ko"):
        assert "{part}" not in catalog(language)[code]
        system = catalog(language)[part_code(code, 0)]
        assert "{part}" not in system and "{number}" not in system


@pytest.mark.parametrize(
    ("name", "data", "code", "korean"),
    [
        ("scan.txt", b"%PDF-1.7\n" + bytes(range(256)), "error.kb_binary_pdf", ".pdf"),
        (
            "noise.txt",
            bytes((i * 37 + 11) % 256 for i in range(4096)),
            "error.kb_binary_data",
            "이진",
        ),
    ],
)
def test_other_binary_files_are_described_in_korean(
    name: str, data: bytes, code: str, korean: str
) -> None:
    with pytest.raises(FileRejected) as caught:
        load_document(SourceFile(name, data=data))
    assert caught.value.code == code
    assert korean in error_text(caught.value, "ko")
    check_translated(caught.value, [name])

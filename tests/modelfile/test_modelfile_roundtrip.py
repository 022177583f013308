"""render() writes text that parses back to an equal Modelfile, or refuses clearly."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbench.kb.encoding import hangul_ratio
from workbench.modelfile.params import PARAMETERS
from workbench.modelfile.parsing import Modelfile, ModelfileError, parse, parse_bytes
from workbench.modelfile.rendering import render

EXAMPLES = Path(__file__).resolve().parents[2] / "Modelfiles"
CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "modelfiles-wild"
FRAGMENTS = ['"', '""', '"""', "\n", "\r\n", "\r", " ", "\t", "#", "# note\n", "FROM x", "한국어"]
PRINTABLE = st.characters(categories=("L", "M", "N", "P", "S"))
# A line that ends with """ before a line break would end any quoted form of the value early.
UNWRITABLE = re.compile(r'"""[ \t\r\n]*[\r\n]')

values = st.lists(st.one_of(st.sampled_from(FRAGMENTS), PRINTABLE), max_size=12).map("".join)
writable = values.filter(lambda value: not UNWRITABLE.search(value))
paths = writable.filter(lambda value: value.strip() != "")
SCALARS = {
    "int": st.integers(-(2**63), 2**63 - 1),
    "float": st.floats(-3.4e38, 3.4e38)
    | st.floats(width=32, allow_nan=False, allow_infinity=False),
    "bool": st.booleans(),
    "list": st.lists(writable, min_size=1, max_size=3),
}
VERSIONS = ["0.14.0", "v0.14.0", "1", "1.2", "2.0.0-rc.1+build.7"]


@st.composite
def parameters(draw: st.DrawFn) -> dict[str, object]:
    names = draw(st.lists(st.sampled_from(sorted(PARAMETERS)), unique=True, max_size=6))
    return {name: draw(SCALARS[PARAMETERS[name].type]) for name in names}


modelfiles = st.builds(
    Modelfile,
    from_=st.lists(paths, min_size=1, max_size=3),
    adapters=st.lists(paths, max_size=2),
    draft=st.lists(paths, max_size=1),
    template=st.none() | writable,
    system=st.none() | writable,
    parameters=parameters(),
    license=st.lists(writable, max_size=2),
    messages=st.lists(
        st.fixed_dictionaries(
            {"role": st.sampled_from(["system", "user", "assistant"]), "content": writable}
        ),
        max_size=3,
    ),
    requires=st.none() | st.sampled_from(VERSIONS),
    renderer=st.none() | writable,
    parser=st.none() | writable,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(modelfiles)
def test_render_parses_back_to_an_equal_modelfile(modelfile: Modelfile) -> None:
    text = render(modelfile)
    assert parse(text) == modelfile
    assert render(parse(text)) == text


@settings(max_examples=100, deadline=None)
@given(values, values, st.sampled_from(["", " ", "\t ", " \r"]), st.sampled_from(["\n", "\r\n"]))
def test_values_with_a_line_ending_in_triple_quotes_are_refused(
    before: str, after: str, blanks: str, newline: str
) -> None:
    value = f'{before}"""{blanks}{newline}{after}'
    with pytest.raises(ModelfileError, match="cannot be written in a Modelfile"):
        render(Modelfile(from_=["foo"], system=value))


@pytest.mark.parametrize("char", ["\x00", "\x0b", "\u00a0", "\u200b", "\u2028", "\ufeff"])
def test_characters_the_parser_drops_are_refused(char: str) -> None:
    with pytest.raises(ModelfileError, match=f"U\\+{ord(char):04X}"):
        render(Modelfile(from_=["foo"], license=[f"a{char}b"]))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*FRAGMENTS, "PARAMETER ", "MESSAGE user "]) | st.characters()))
def test_any_text_parses_or_raises_a_modelfile_error(pieces: list[str]) -> None:
    try:
        parse("FROM foo\n" + "".join(pieces))
    except ModelfileError as error:
        assert error.message
        assert error.line is None or error.line >= 1


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200))
def test_any_bytes_parse_or_raise_a_modelfile_error(data: bytes) -> None:
    try:
        parse_bytes(b"FROM foo\n" + data)
    except ModelfileError as error:
        assert error.message


def test_long_values_parse_and_render_in_linear_time() -> None:
    body = "\n".join(
        f'line {number}: {{{{ .Prompt }}}} "quoted" 한국어' for number in range(10_000)
    )
    text = f'FROM foo\nTEMPLATE """{body}"""\n'
    started = time.perf_counter()
    parsed = parse(text)
    assert render(parsed) == text.replace("FROM foo\n", "FROM foo\n\n")
    assert time.perf_counter() - started < 5  # quadratic code takes minutes here


RENDERED = [
    (Modelfile(from_=["foo"], system="plain text"), "FROM foo\n\nSYSTEM plain text\n"),
    (Modelfile(from_=["foo"], system=""), 'FROM foo\n\nSYSTEM ""\n'),
    (Modelfile(from_=["foo"], system=" padded "), 'FROM foo\n\nSYSTEM " padded "\n'),
    (Modelfile(from_=["foo"], system='"quoted"'), 'FROM foo\n\nSYSTEM ""quoted""\n'),
    (Modelfile(from_=["foo"], system='""x'), 'FROM foo\n\nSYSTEM """""x"""\n'),
    (Modelfile(from_=["foo"], system="a\nb"), 'FROM foo\n\nSYSTEM """a\nb"""\n'),
    (Modelfile(from_=["foo"], system='a\n"""b'), 'FROM foo\n\nSYSTEM """a\n"""b"""\n'),
    (Modelfile(from_=["foo"], system='a"\nb"""'), 'FROM foo\n\nSYSTEM """a"\nb""""""\n'),
    (Modelfile(from_=["foo"], system='"\n"'), 'FROM foo\n\nSYSTEM """"\n""""\n'),
    (Modelfile(from_=["foo"], system='"'), 'FROM foo\n\nSYSTEM """""""\n'),
    (
        Modelfile(
            from_=["foo"],
            parameters={"temperature": 0.7, "stop": ["<|eot_id|>", "User: "], "use_mmap": False},
            messages=[{"role": "user", "content": "hi"}],
            license=["MIT"],
            requires="0.14.0",
        ),
        "FROM foo\n\nREQUIRES 0.14.0\n\nPARAMETER temperature 0.7\nPARAMETER stop <|eot_id|>\n"
        'PARAMETER stop "User: "\nPARAMETER use_mmap false\n\nLICENSE MIT\n\nMESSAGE user hi\n',
    ),
]


@pytest.mark.parametrize(("modelfile", "text"), RENDERED)
def test_render_picks_the_simplest_quoting(modelfile: Modelfile, text: str) -> None:
    assert render(modelfile) == text
    assert parse(text) == modelfile


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.Modelfile")), ids=lambda path: path.name)
def test_example_modelfiles_parse_and_round_trip(path: Path) -> None:
    parsed = parse_bytes(path.read_bytes())
    assert not parsed.warnings
    assert parse(render(parsed)) == parsed


def test_examples_cover_the_promised_jobs() -> None:
    korean_expert = parse_bytes((EXAMPLES / "korean-expert.Modelfile").read_bytes())
    gguf = parse_bytes((EXAMPLES / "korean-llama3-gguf.Modelfile").read_bytes())
    summarizer = parse_bytes((EXAMPLES / "summarizer.Modelfile").read_bytes())
    classifier = parse_bytes((EXAMPLES / "sentiment-classifier.Modelfile").read_bytes())
    writer = parse_bytes((EXAMPLES / "creative-writer.Modelfile").read_bytes())
    prompt_writer = parse_bytes((EXAMPLES / "structured-prompt-writer.Modelfile").read_bytes())
    assert korean_expert.from_ == ["gemma3:270m"] and "한국어로" in (korean_expert.system or "")
    assert gguf.from_ == ["./Llama-3-Open-Ko-8B-Q8_0.gguf"]
    assert gguf.parameters["stop"] == ["<|start_header_id|>", "<|end_header_id|>", "<|eot_id|>"]
    assert "<|start_header_id|>assistant<|end_header_id|>" in (gguf.template or "")
    assert summarizer.parameters["temperature"] == 0 and summarizer.parameters["num_ctx"] == 8192
    assert [message["role"] for message in classifier.messages] == ["user", "assistant"] * 3
    assert writer.parameters["temperature"] >= 1.0  # type: ignore[operator]
    assert "# Output format" in (prompt_writer.system or "")


@pytest.mark.parametrize(
    "job",
    ["coding-assistant", "creative-writer", "reverse-prompt-engineer", "structured-prompt-writer"],
)
def test_each_example_job_has_a_korean_twin_with_the_same_parameters(job: str) -> None:
    english = parse_bytes((EXAMPLES / f"{job}.Modelfile").read_bytes())
    korean = parse_bytes((EXAMPLES / f"korean-{job}.Modelfile").read_bytes())
    assert korean.parameters == english.parameters and korean.from_ == english.from_
    assert hangul_ratio(korean.system or "") > 0.5


@pytest.mark.skipif(not CORPUS.is_dir(), reason="shared/corpus/modelfiles-wild is absent")
def test_every_parseable_corpus_file_round_trips() -> None:
    count = 0
    for path in sorted(CORPUS.glob("*.Modelfile")):
        try:
            parsed = parse_bytes(path.read_bytes())
        except ModelfileError:
            continue
        assert parse(render(parsed)) == parsed, path.name
        count += 1
    assert count == 71

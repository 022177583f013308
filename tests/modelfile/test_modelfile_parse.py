"""Parsing Modelfiles like Ollama's parser/parser.go and `ollama create`'s parameter checks."""

from __future__ import annotations

import codecs

import pytest

from workbench.errors import WorkbenchError
from workbench.modelfile.params import DEPRECATED_PARAMETERS, PARAMETERS, REMOVED_PARAMETERS
from workbench.modelfile.parsing import Instruction, Modelfile, ModelfileError, parse, parse_bytes

INVALID_COMMAND = (
    'command must be one of "from", "license", "template", "system", "adapter", "draft", '
    '"renderer", "parser", "parameter", "message", or "requires"'
)
INVALID_ROLE = 'message role must be one of "system", "user", or "assistant"'
LLAMA3_TEMPLATE = (
    "{{ if .System }}<|start_header_id|>system<|end_header_id|>\n\n{{ .System }}<|eot_id|>{{ end }}"
)


def mf(**fields: object) -> Modelfile:
    """A Modelfile with FROM foo unless the case says otherwise."""
    fields.setdefault("from_", ["foo"])
    return Modelfile(**fields)  # type: ignore[arg-type]


VALID = [
    # FROM variants and whitespace (parser_test.go TestParseFileFrom / TrimSpace)
    ("FROM foo", mf()),
    ("from foo", mf()),
    ("FrOm foo\n", mf()),
    ('FROM "FOO  BAR  "', mf(from_=["FOO  BAR  "])),
    ("FROM     FOOO BAR    ", mf(from_=["FOOO BAR"])),
    ("FROM /what/is/the path ", mf(from_=["/what/is/the path"])),
    ("FROM llama3:7b-instruct-q4_K_M", mf(from_=["llama3:7b-instruct-q4_K_M"])),
    ("FROM\tfoo\t\t", mf()),
    ("PARAMETER temperature 0.5\nFROM foo", mf(parameters={"temperature": 0.5})),
    ("FROM a\nFROM b\n", mf(from_=["a", "b"])),
    ("FROM foo\r\nSYSTEM hi there\r\n", mf(system="hi there")),
    ("FROM foo\rSYSTEM hi\r", mf(system="hi")),
    ("FROM foo\nSYSTEM\t\thello\tworld\t", mf(system="hello\tworld")),
    ("\ufeffFROM foo", mf()),
    ("\ufeff# comment\nFROM foo", mf()),
    # comments: only as the first non-blank character of a line
    ("# comment\nFROM foo\n\t", mf()),
    ("  # indented comment\nFROM foo\n#PARAMETER temperature x", mf()),
    ("FROM foo\nSYSTEM You are #1", mf(system="You are #1")),
    ("FROM foo\nSYSTEM # not a comment", mf(system="# not a comment")),
    ('FROM foo\nSYSTEM """a\n# still the value\nb"""', mf(system="a\n# still the value\nb")),
    # quoting (TestParseFileQuoted)
    (
        'FROM foo\nSYSTEM """\nThis is a\nmultiline system.\n"""',
        mf(system="\nThis is a\nmultiline system.\n"),
    ),
    (
        'FROM foo\nSYSTEM """\nThis is a\nmultiline system."""',
        mf(system="\nThis is a\nmultiline system."),
    ),
    (
        'FROM foo\nSYSTEM """This is a\nmultiline system."""',
        mf(system="This is a\nmultiline system."),
    ),
    ('FROM foo\nSYSTEM """One line."""   ', mf(system="One line.")),
    ('FROM foo\nSYSTEM """\nWith "quotes".\n"""', mf(system='\nWith "quotes".\n')),
    ('FROM foo\nSYSTEM """"""', mf(system="")),
    ('FROM foo\nSYSTEM ""', mf(system="")),
    ('FROM foo\nSYSTEM "\'"', mf(system="'")),
    ('FROM foo\nSYSTEM """\'\'"\'""\'"""', mf(system="''\"'\"\"'")),
    (
        'FROM foo\nSYSTEM """\'\'"\'""\'""\'"\'\'\'\'\'""\'""\'"""',
        mf(system="''\"'\"\"'\"\"'\"'''''\"\"'\"\"'"),
    ),
    ('FROM foo\nTEMPLATE """\n{{ .Prompt }}\n"""', mf(template="\n{{ .Prompt }}\n")),
    ('FROM foo\nLICENSE "MIT       "', mf(license=["MIT       "])),
    ('FROM foo\nSYSTEM "line one\nline two"', mf(system="line one\nline two")),
    ('FROM foo\nSYSTEM "  padded  "', mf(system="  padded  ")),
    # quirks of Ollama's unquote: a value ends at the first line break where it unquotes
    ('FROM foo\nSYSTEM "Hi" she said\nand left"', mf(system='Hi" she said\nand left')),
    (
        'FROM foo\nMESSAGE assistant "It is done."""',
        mf(messages=[{"role": "assistant", "content": 'It is done.""'}]),
    ),
    ('FROM foo\nSYSTEM """a""" b\nc"""', mf(system='a""" b\nc')),
    ('FROM foo\nSYSTEM "a\r\nb"\r\n', mf(system="a\r\nb")),
    # characters Go's strconv.IsPrint rejects are dropped (outside quoted line breaks and tabs)
    ("FROM foo\nSYSTEM a\u00a0b\u200bc\x00d", mf(system="abcd")),
    ("FROM foo\nSYSTEM 你好👋 안녕하세요", mf(system="你好👋 안녕하세요")),
    # PARAMETER (TestParseFileParameters) and typing (api.FormatParams)
    ("FROM foo\nPARAMETER stop ### User:", mf(parameters={"stop": ["### User:"]})),
    ("FROM foo\nPARAMETER stop ### User: ", mf(parameters={"stop": ["### User:"]})),
    ('FROM foo\nPARAMETER stop "### User:"', mf(parameters={"stop": ["### User:"]})),
    ('FROM foo\nPARAMETER stop "### User: "', mf(parameters={"stop": ["### User: "]})),
    ('FROM foo\nPARAMETER stop """### User:"""', mf(parameters={"stop": ["### User:"]})),
    ('FROM foo\nPARAMETER stop """### User:\n"""', mf(parameters={"stop": ["### User:\n"]})),
    ('FROM foo\nPARAMETER stop ""', mf(parameters={"stop": [""]})),
    (
        "FROM foo\nPARAMETER stop <|eot_id|>\nPARAMETER stop User:\nPARAMETER stop </s>",
        mf(parameters={"stop": ["<|eot_id|>", "User:", "</s>"]}),
    ),
    (
        "FROM foo\nPARAMETER temperature 0.5\nPARAMETER top_k 1\nPARAMETER use_mmap true",
        mf(parameters={"temperature": 0.5, "top_k": 1, "use_mmap": True}),
    ),
    ("FROM foo\nPARAMETER\ttemperature\t0.7", mf(parameters={"temperature": 0.7})),
    ("FROM foo\nparameter num_ctx 4096", mf(parameters={"num_ctx": 4096})),
    # MESSAGE (TestParseFileMessages)
    (
        "FROM foo\nMESSAGE system You are a file parser. Always parse things.",
        mf(messages=[{"role": "system", "content": "You are a file parser. Always parse things."}]),
    ),
    (
        "FROM foo\nMESSAGE user Hey there!\nMESSAGE assistant Hello, I want to parse it all!\n",
        mf(
            messages=[
                {"role": "user", "content": "Hey there!"},
                {"role": "assistant", "content": "Hello, I want to parse it all!"},
            ]
        ),
    ),
    (
        'FROM foo\nMESSAGE system """\nYou are a multiline file parser.\n"""\n\t\t',
        mf(messages=[{"role": "system", "content": "\nYou are a multiline file parser.\n"}]),
    ),
    ('FROM foo\nMESSAGE user ""', mf(messages=[{"role": "user", "content": ""}])),
    ("FROM foo\nmessage user hi", mf(messages=[{"role": "user", "content": "hi"}])),
    # the other instructions
    ("FROM foo\nLICENSE MIT\nLICENSE Apache-2.0", mf(license=["MIT", "Apache-2.0"])),
    ("FROM foo\nREQUIRES 0.14.0", mf(requires="0.14.0")),
    ("FROM foo\nREQUIRES v0.14.0", mf(requires="0.14.0")),
    ("FROM foo\nREQUIRES 1.2", mf(requires="1.2")),
    ("FROM foo\nREQUIRES 1", mf(requires="1")),
    ("FROM foo\nREQUIRES 0.14.0-rc.1+build.5", mf(requires="0.14.0-rc.1+build.5")),
    ("FROM foo\nRENDERER renderer1\nPARSER parser1", mf(renderer="renderer1", parser="parser1")),
    ("FROM foo\nDRAFT ./assistant", mf(draft=["./assistant"])),
    ("FROM foo\nADAPTER ./lora.gguf", mf(adapters=["./lora.gguf"])),
    (f'FROM foo\nTEMPLATE """{LLAMA3_TEMPLATE}"""    \n', mf(template=LLAMA3_TEMPLATE)),
    # Ollama stores `PARAMETER system x` as a command named "system" (FROM's is "model")
    ("PARAMETER model llama3\nPARAMETER system hi", mf(from_=["llama3"], system="hi")),
    (
        "FROM foo\nPARAMETER message user: hello\nPARAMETER license MIT",
        mf(messages=[{"role": "user", "content": "hello"}], license=["MIT"]),
    ),
]


@pytest.mark.parametrize(("text", "expected"), VALID)
def test_parses_like_ollama(text: str, expected: Modelfile) -> None:
    assert parse(text) == expected


FLOATS = [
    ("0.5", 0.5),
    ("1", 1.0),
    ("+1", 1.0),
    ("-0.25", -0.25),
    ("1e3", 1000.0),
    ("1E-2", 0.01),
    (".5", 0.5),
    ("5.", 5.0),
    ("1_000.5", 1000.5),
    ("0x1p-2", 0.25),
    ("0x_1.8p1", 3.0),
    ("0.1234567891", 0.12345679),
    ("3.4028235e38", 3.4028235e38),
    ("3.40282356e38", 3.4028235e38),
    ("-3.40282356e38", -3.4028235e38),
    ("1e-50", 0.0),
]


@pytest.mark.parametrize(("raw", "value"), FLOATS)
def test_floats_follow_go_parsefloat_32(raw: str, value: float) -> None:
    assert parse(f"FROM foo\nPARAMETER temperature {raw}").parameters["temperature"] == value


INTS = [("1", 1), ("+1", 1), ("-1", -1), ("010", 10), ("-0", 0), ("9223372036854775807", 2**63 - 1)]


@pytest.mark.parametrize(("raw", "value"), INTS)
def test_ints_follow_go_parseint_base_10(raw: str, value: int) -> None:
    assert parse(f"FROM foo\nPARAMETER num_ctx {raw}").parameters["num_ctx"] == value


BOOLS = [(raw, True) for raw in ("1", "t", "T", "TRUE", "true", "True")] + [
    (raw, False) for raw in ("0", "f", "F", "FALSE", "false", "False")
]


@pytest.mark.parametrize(("raw", "value"), BOOLS)
def test_bools_follow_go_parsebool(raw: str, value: bool) -> None:
    assert parse(f"FROM foo\nPARAMETER use_mmap {raw}").parameters["use_mmap"] is value


ERRORS = [
    # missing FROM
    ("", "no FROM line", None),
    ("# just a comment\n\n", "no FROM line", None),
    ("PARAMETER temperature 0.5", "no FROM line", None),
    ("PARAMETER Temperature 0.5", "no FROM line", None),
    # unknown instructions (TestParseFileBadCommand)
    ("\nFROM foo\nBADCOMMAND param1 value1\n", f"(line 3): {INVALID_COMMAND}", 3),
    ("FROM foo\nPARAM-ETER top_k 1", INVALID_COMMAND, 2),
    ("FROM foo\nFR0M bar", INVALID_COMMAND, 2),
    ("FROM foo\nSYTEM hi", "did you mean SYSTEM?", 2),
    ("FROM foo\nPARAMETERS top_k 1", "did you mean PARAMETER?", 2),
    ("FROM foo\nSYSTEM You are\na helpful bot", 'wrap that whole value in triple quotes ("""', 3),
    ("FROM foo\nSYSTEM\nhello", "SYSTEM needs its value on the same line", 2),
    ("FROM\n", "FROM needs its value on the same line", 1),
    ('FROM foo\nSYSTEM"""\nhi\n"""', "Put a space between SYSTEM and its value", 2),
    ("FROM foo\r\nSYSTEM hi\r\nBAD x\r\n", f"(line 3): {INVALID_COMMAND}", 3),
    ("FROM foo\n{{ .Prompt }}", "'{{ .Prompt }}' does not start with an instruction", 2),
    # missing values and unterminated quotes
    ("\nFROM foo\nPARAMETER param1\n", "unexpected EOF: param1 (line 3)", 3),
    ("FROM foo\nPARAMETER top_k", "unexpected EOF (line 2). PARAMETER top_k needs a value", 2),
    ("FROM foo\nPARAMETER \n", "PARAMETER needs a name and a value", 2),
    ("FROM foo\nPARAMETER top-k 5", "unexpected EOF: top (line 2)", 2),
    ("FROM foo\nSYSTEM", "unexpected EOF (line 2). SYSTEM needs its value", 2),
    ("FROM foo\nfoo", "unexpected EOF (line 2)", 2),
    ('FROM foo\nSYSTEM """x""', 'the """ that opens the SYSTEM value on line 2 is never closed', 2),
    ('FROM foo\nSYSTEM "', 'the " that opens the SYSTEM value on line 2', 2),
    ('FROM foo\nSYSTEM "\n\t\t\t', "unexpected EOF", 2),
    ('FROM foo\nSYSTEM """abc""" trailing\n', "unexpected EOF", 2),
    (
        'FROM foo\n\nTEMPLATE """\n{{ .Prompt }}\n\nPARAMETER top_k 1\n',
        "TEMPLATE value on line 3",
        3,
    ),
    ("FROM foo\nMESSAGE system\n", "unexpected EOF: system (line 2)", 2),
    ("FROM foo\nMESSAGE system", "unexpected EOF (line 2). MESSAGE needs a role and its text", 2),
    ("FROM foo\nMESSAGE user: hi", "unexpected EOF: user (line 2). Write the role without ':'", 2),
    # message roles are case-sensitive and limited
    ("\nFROM foo\nMESSAGE badguy I'm a bad guy!\n", f"(line 3): {INVALID_ROLE}", 3),
    ("FROM foo\nMESSAGE User hi", "Roles are case-sensitive: write 'user'", 2),
    ("FROM foo\nMESSAGE tool hi", INVALID_ROLE, 2),
    ("FROM foo\nMESSAGE  user hi", "Put exactly one space between MESSAGE and the role", 2),
    # empty FROM: Ollama's parser accepts it, then `ollama create` fails looking for model files
    ("FROM \nSYSTEM hi", "FROM has no value (line 1)", 1),
    ('FROM foo\nFROM ""', "FROM has no value (line 2)", 2),
    ('FROM foo\nADAPTER "  "', "ADAPTER has no value (line 2)", 2),
    # REQUIRES (golang.org/x/mod/semver with an optional leading v)
    ("FROM foo\nREQUIRES latest", "requires must be a valid semver (e.g. 0.14.0) (line 2)", 2),
    ("FROM foo\nREQUIRES 01.2.3", "requires must be a valid semver", 2),
    ("FROM foo\nREQUIRES 1.2.3-01", "requires must be a valid semver", 2),
    ("FROM foo\nREQUIRES V1.2.3", "requires must be a valid semver", 2),
    ("FROM foo\nREQUIRES 1.2-rc1", "requires must be a valid semver", 2),
    # unknown parameters (names are case-sensitive; removed names are unknown)
    (
        "FROM foo\n\nPARAMETER Temperature 0.7",
        "unknown parameter 'Temperature' (line 3). "
        "Parameter names are case-sensitive: did you mean 'temperature'?",
        3,
    ),
    ("FROM foo\nPARAMETER temprature 0.7", "Did you mean 'temperature'?", 2),
    ("FROM foo\nPARAMETER batch_size 512", "Ollama calls this setting 'num_batch'", 2),
    (
        "FROM foo\nPARAMETER  temperature 0.7",
        "unknown parameter '' (line 2). Put exactly one space",
        2,
    ),
    ("FROM foo\nPARAMETER param1 value1", "unknown parameter 'param1'", 2),
    ("FROM foo\nPARAMETER from bar", "unknown parameter 'from'", 2),
    ("PARAMETER from bar", "no FROM line", None),
    ("FROM foo\nPARAMETER message hello", INVALID_ROLE, 2),
    *[
        (
            f"FROM foo\nPARAMETER {name} 1",
            f"unknown parameter '{name}' (line 2). Ollama no longer has {name}",
            2,
        )
        for name in REMOVED_PARAMETERS
    ],
    # bad values (api.FormatParams messages)
    (
        "FROM foo\nPARAMETER temperature 0.7 # hi",
        "invalid float value [0.7 # hi] (line 2). temperature takes a number such as 0.8. "
        "Comments must be on their own line",
        2,
    ),
    ("FROM foo\nPARAMETER temperature abc", "invalid float value [abc] (line 2)", 2),
    ("FROM foo\nPARAMETER temperature 1e39", "invalid float value [1e39]", 2),
    ("FROM foo\nPARAMETER temperature 3.4028236e38", "invalid float value [3.4028236e38]", 2),
    ("FROM foo\nPARAMETER temperature inf", "Infinity and NaN cannot be sent to Ollama", 2),
    ("FROM foo\nPARAMETER temperature NaN", "invalid float value [NaN]", 2),
    ("FROM foo\nPARAMETER temperature 0x10", "invalid float value [0x10]", 2),
    ("FROM foo\nPARAMETER temperature 1,5", "invalid float value [1,5]", 2),
    ("FROM foo\nPARAMETER temperature 1__0", "invalid float value [1__0]", 2),
    ("FROM foo\nPARAMETER temperature _1", "invalid float value [_1]", 2),
    ('FROM foo\nPARAMETER temperature ""', "invalid float value [] (line 2)", 2),
    ('FROM foo\nPARAMETER temperature " 1"', "invalid float value [ 1]", 2),
    ("FROM foo\nPARAMETER temperature ٣", "invalid float value [٣]", 2),
    (
        "FROM foo\nPARAMETER top_k 1.5",
        "invalid int value [1.5] (line 2). top_k takes a whole number such as 40.",
        2,
    ),
    ("FROM foo\nPARAMETER num_ctx 8k", "num_ctx takes a whole number such as 4096", 2),
    ("FROM foo\nPARAMETER top_k 1e3", "invalid int value [1e3]", 2),
    ("FROM foo\nPARAMETER top_k 0x10", "invalid int value [0x10]", 2),
    ("FROM foo\nPARAMETER top_k 1_000", "invalid int value [1_000]", 2),
    ("FROM foo\nPARAMETER seed 9223372036854775808", "invalid int value [9223372036854775808]", 2),
    (
        "FROM foo\nPARAMETER use_mmap yes",
        "invalid bool value [yes] (line 2). use_mmap takes true or false.",
        2,
    ),
    ("FROM foo\nPARAMETER use_mmap TRue", "invalid bool value [TRue]", 2),
    # the first problem wins: syntax before FROM before values, values in line order
    ("FROM foo\nPARAMETER top_k x\nBAD y", INVALID_COMMAND, 3),
    ("FROM foo\nPARAMETER top_k x\nPARAMETER Temperature 1", "invalid int value [x]", 2),
    ("FROM foo\nREQUIRES x\nPARAMETER top_k x", "requires must be a valid semver", 2),
]


@pytest.mark.parametrize(("text", "message", "line"), ERRORS)
def test_rejects_like_ollama_with_line_and_hint(text: str, message: str, line: int | None) -> None:
    with pytest.raises(ModelfileError) as caught:
        parse(text)
    assert message in caught.value.message
    assert caught.value.line == line


def test_modelfile_error_is_a_workbench_error_with_code_and_params() -> None:
    with pytest.raises(WorkbenchError) as caught:
        parse("FROM foo\nPARAMETER top_k x")
    error = caught.value
    assert isinstance(error, ModelfileError)
    assert error.code == "error.modelfile_invalid_int"
    assert error.params == {
        "detail": error.message,
        "line": 2,
        "name": "top_k",
        "value": "x",
        "example": "40",
    }
    assert str(error) == error.message


@pytest.mark.parametrize("name", DEPRECATED_PARAMETERS)
def test_deprecated_parameters_warn_and_are_skipped(name: str) -> None:
    parsed = parse(f"FROM foo\nPARAMETER {name} not-even-a-number\nPARAMETER top_k 5")
    assert parsed.parameters == {"top_k": 5}
    assert parsed.warnings[0].startswith(f"parameter {name} is deprecated (line 2)")


REPEATS = [
    (
        "FROM foo\nSYSTEM a\nSYSTEM b",
        {"system": "b"},
        "SYSTEM on line 3 replaces the SYSTEM on line 2",
    ),
    ("FROM foo\nTEMPLATE a\n\nTEMPLATE b", {"template": "b"}, "TEMPLATE on line 4 replaces"),
    ("FROM foo\nREQUIRES 1.0.0\nREQUIRES v2.0.0", {"requires": "2.0.0"}, "REQUIRES on line 3"),
    (
        "FROM foo\nPARAMETER top_k 1\nPARAMETER top_k 2",
        {"parameters": {"top_k": 2}},
        "PARAMETER top_k on line 3 replaces the value from line 2",
    ),
    (
        "FROM foo\nADAPTER a\nADAPTER b",
        {"adapters": ["a", "b"]},
        "Only the last ADAPTER line is used",
    ),
]


@pytest.mark.parametrize(("text", "fields", "warning"), REPEATS)
def test_repeated_single_instructions_keep_the_last_with_a_warning(
    text: str, fields: dict[str, object], warning: str
) -> None:
    parsed = parse(text)
    assert parsed == mf(**fields)
    assert any(warning in item for item in parsed.warnings)


def test_instruction_names_as_parameter_names_warn() -> None:
    parsed = parse("PARAMETER model llama3\nPARAMETER system hi")
    assert parsed.warnings == [
        "PARAMETER model on line 1 is read by Ollama as FROM; write FROM instead.",
        "PARAMETER system on line 2 is read by Ollama as SYSTEM; write SYSTEM instead.",
    ]


def test_instructions_keep_their_first_line_and_are_not_compared() -> None:
    text = 'FROM foo\n\n# note\nSYSTEM """a\nb"""\nPARAMETER stop x\nPARAMETER stop y\n'
    text += "MESSAGE user hi\n"
    parsed = parse(text)
    assert parsed.instructions == [
        Instruction("from", "", "foo", 1),
        Instruction("system", "", "a\nb", 4),
        Instruction("parameter", "stop", "x", 6),
        Instruction("parameter", "stop", "y", 7),
        Instruction("message", "user", "hi", 8),
    ]
    assert parsed.line_of("system") == 4
    assert parsed.line_of("parameter", "y") == 7
    assert parsed.line_of("license") is None
    assert parsed == parse(
        'FROM foo\nSYSTEM "a\nb"\nPARAMETER stop x\nPARAMETER stop y\nMESSAGE user hi'
    )


UTF16_TEXT = "FROM bob\nPARAMETER num_ctx 4096\nSYSTEM You are a utf16 file. 你好👋 한국어\n"
ENCODED = [
    codecs.BOM_UTF16_LE + UTF16_TEXT.encode("utf-16-le"),
    codecs.BOM_UTF16_BE + UTF16_TEXT.encode("utf-16-be"),
    codecs.BOM_UTF8 + UTF16_TEXT.encode("utf-8"),
    UTF16_TEXT.encode("utf-8"),
    UTF16_TEXT.replace("\n", "\r\n").encode("utf-8"),
]


@pytest.mark.parametrize("data", ENCODED)
def test_parse_bytes_decodes_by_bom_like_ollama(data: bytes) -> None:
    assert parse_bytes(data) == Modelfile(
        from_=["bob"],
        parameters={"num_ctx": 4096},
        system="You are a utf16 file. 你好👋 한국어",
    )


BAD_BYTES = [
    ("FROM foo\nSYSTEM 안녕하세요\n".encode("cp949"), "not valid UTF-8 text (line 2)", 2),
    (b"FROM foo\n\n\nSYSTEM \xff\n", "iconv -f cp949 -t utf-8", 4),
    (
        codecs.BOM_UTF16_LE + "FROM foo\nSYSTEM x".encode("utf-16-le")[:-1],
        "not valid UTF-16 text (line 2)",
        2,
    ),
]


@pytest.mark.parametrize(("data", "message", "line"), BAD_BYTES)
def test_parse_bytes_refuses_text_ollama_would_corrupt(
    data: bytes, message: str, line: int
) -> None:
    with pytest.raises(ModelfileError) as caught:
        parse_bytes(data)
    assert message in caught.value.message
    assert caught.value.line == line


SECTION_3_TYPES = {
    "num_ctx": "int",
    "num_predict": "int",
    "temperature": "float",
    "top_k": "int",
    "top_p": "float",
    "min_p": "float",
    "typical_p": "float",
    "repeat_last_n": "int",
    "repeat_penalty": "float",
    "presence_penalty": "float",
    "frequency_penalty": "float",
    "seed": "int",
    "stop": "list",
    "num_keep": "int",
    "num_batch": "int",
    "num_gpu": "int",
    "main_gpu": "int",
    "num_thread": "int",
    "use_mmap": "bool",
    "draft_num_predict": "int",
}


def test_parameter_table_matches_the_fact_sheet() -> None:
    assert {name: spec.type for name, spec in PARAMETERS.items()} == SECTION_3_TYPES
    assert all(spec.help and spec.help.endswith(".") for spec in PARAMETERS.values())
    assert PARAMETERS["temperature"].default == 0.8
    assert PARAMETERS["seed"].default == -1
    assert (PARAMETERS["top_p"].min, PARAMETERS["top_p"].max) == (0, 1)
    assert not set(PARAMETERS) & set(DEPRECATED_PARAMETERS + REMOVED_PARAMETERS)


@pytest.mark.parametrize("name", sorted(SECTION_3_TYPES))
def test_every_parameter_parses_its_default_or_an_example(name: str) -> None:
    spec = PARAMETERS[name]
    raw = {"int": "7", "float": "0.25", "bool": "false", "list": "END"}[spec.type]
    value = parse(f"FROM foo\nPARAMETER {name} {raw}").parameters[name]
    assert value == {"int": 7, "float": 0.25, "bool": False, "list": ["END"]}[spec.type]


CONSTRUCTOR_ERRORS = [
    ({"from_": []}, "no FROM line"),
    ({"from_": "foo"}, "FROM values must be a list of strings"),
    ({"from_": ["foo"], "parameters": {"Temperature": 1.0}}, "unknown parameter 'Temperature'"),
    ({"from_": ["foo"], "parameters": {"top_k": 1.5}}, "parameter top_k must be a whole number"),
    ({"from_": ["foo"], "parameters": {"use_mmap": 1}}, "parameter use_mmap must be true or false"),
    (
        {"from_": ["foo"], "parameters": {"temperature": float("inf")}},
        "parameter temperature must be a number",
    ),
    ({"from_": ["foo"], "parameters": {"stop": "x"}}, "parameter stop must be a list of strings"),
    (
        {"from_": ["foo"], "messages": [{"role": "tool", "content": "x"}]},
        "A MESSAGE needs exactly a role",
    ),
    ({"from_": ["foo"], "requires": "latest"}, "requires must be a valid semver"),
    ({"from_": ["foo"], "system": 3}, "SYSTEM must be text"),
]


@pytest.mark.parametrize(("fields", "message"), CONSTRUCTOR_ERRORS)
def test_constructor_keeps_every_modelfile_valid(fields: dict[str, object], message: str) -> None:
    with pytest.raises(ModelfileError, match=None) as caught:
        Modelfile(**fields)  # type: ignore[arg-type]
    assert message in caught.value.message


def test_constructor_canonicalises_values() -> None:
    built = Modelfile(
        from_=("foo",),  # type: ignore[arg-type]
        parameters={"temperature": 0.1234567891, "top_p": 1, "stop": ("a", "b")},
        requires="v1.2.3",
    )
    assert built.from_ == ["foo"]
    assert built.parameters == {"temperature": 0.12345679, "top_p": 1.0, "stop": ["a", "b"]}
    assert built.requires == "1.2.3"

"""Answers the real daemon gave (docs: /work/shared/ollama-captures 54, 70, 72), verbatim."""

# 54: gemma3 with a {name} schema, cut by num_predict 20 (done_reason "length").
CUT_SCHEMA_ANSWER = '{\n    "name": "my_model_name_with_key_name_with'
NAME_SCHEMA = {
    "type": "object",
    "properties": {"name": {"type": "string"}},
    "required": ["name"],
}

# 70: smollm2 with a {city, population_millions} schema, whole (done_reason "stop").
CITY_ANSWER = '{\n  "city": "Daejeon",\n  "population_millions": 2138409675\n}'
CITY_FRAGMENTS = [
    "{", "\n ", " \"", "city", "\":", " \"", "D", "ae", "je", "on", "\",", "\n ", " \"",
    "population", "_", "mill", "ions", "\":", " ", "2", "1", "3", "8", "4", "0", "9", "6", "7",
    "5", "\n", "}", "",
]  # fmt: skip
CITY_SCHEMA = {
    "type": "object",
    "properties": {"city": {"type": "string"}, "population_millions": {"type": "number"}},
    "required": ["city", "population_millions"],
}
# 70: format "json" (no schema), cut by num_predict 40.
CUT_JSON_MODE_ANSWER = (
    '{\n  "name": "Paris",\n  "population": 1,\n  "capital_area": 2403678950000,\n  "land_'
)

# 72: format and tools together; the object is followed by stray newlines, tabs and spaces.
WEATHER_ANSWER = (
    '{\n  "name": "get_weather",\n  "arguments": {\n    "city": "Siamet-WiMae"\n  }\n}'
    "\n\n\t    \t  \t\t\t\t\t\t\t\t\t\t\t\t"
)
# The capture abbreviates this schema as {name: enum [get_weather], arguments: {city}}.
WEATHER_SCHEMA = {
    "type": "object",
    "properties": {
        "name": {"type": "string", "enum": ["get_weather"]},
        "arguments": {
            "type": "object",
            "properties": {"city": {"type": "string"}},
            "required": ["city"],
        },
    },
    "required": ["name", "arguments"],
}

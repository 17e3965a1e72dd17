"""The schema sent to endpoints that constrain output: short limits kept, long ones dropped."""

from agents.llm.openai_compat import grammar_safe_schema
from agents.tasks.importance import RateImportance


def test_short_limits_stay_in_the_grammar_and_long_ones_and_patterns_go():
    schema = {
        "type": "object",
        "properties": {
            "emoji": {"type": "string", "maxLength": 8},
            "name": {"type": "string", "minLength": 1, "maxLength": 500},
            "code": {"type": "string", "pattern": "^[a-z]+$"},
            "format": {"type": "string", "format": "date"},
            "steps": {"type": "array", "items": {"type": "string"}, "minItems": 1, "maxItems": 40},
        },
    }
    safe = grammar_safe_schema(schema)["properties"]
    assert safe["emoji"] == {"type": "string", "maxLength": 8}
    assert safe["name"] == {"type": "string", "minLength": 1}
    assert safe["code"] == {"type": "string"}
    assert safe["format"] == {"type": "string"}  # a field may be called "format"
    assert safe["steps"] == {"type": "array", "items": {"type": "string"}, "minItems": 1}


def test_a_rating_asks_for_exactly_one_score_per_memory():
    task = RateImportance(agent="A", identity="A is a baker.", memories=("x", "y", "z"))
    scores = task.output_schema()["properties"]["scores"]
    assert scores["minItems"] == scores["maxItems"] == 3

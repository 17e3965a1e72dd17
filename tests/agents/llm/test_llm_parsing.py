"""Reading model answers: whatever the text, a task comes back as a valid object."""

from __future__ import annotations

import asyncio
import json

from hypothesis import given, settings
from hypothesis import strategies as st

from agents.llm.answers import parse_answer
from agents.llm.calls import Outcome
from agents.llm.runner import TaskRunner
from tests.agents.llm.sample_tasks import Errands, Mood, PlanErrands, RateMood
from tests.support.canned import Canned


def run_with(task, *texts: str):
    runner = TaskRunner(Canned(*texts))
    answer = asyncio.run(runner.run(task, agent="Mara"))
    (record,) = runner.drain_calls()
    return answer, record


def test_the_first_json_object_is_found_amid_chatter():
    parsed = parse_answer('Sure! {"score": 4, "reason": "ok"} Hope that helps {"x": 1}', Mood)
    assert parsed.value == Mood(score=4, reason="ok")


def test_a_code_fenced_object_is_read():
    parsed = parse_answer('```json\n{"score": 2, "reason": "meh"}\n```', Mood)
    assert parsed.value == Mood(score=2, reason="meh")


def test_braces_inside_strings_do_not_confuse_the_reader():
    parsed = parse_answer('{"score": 6, "reason": "a {curly} day"}', Mood)
    assert parsed.value == Mood(score=6, reason="a {curly} day")


def test_a_raw_line_break_inside_a_string_is_read_not_rejected():
    parsed = parse_answer('{"score": 3, "reason": "first line\nsecond line"}', Mood)
    assert parsed.value == Mood(score=3, reason="first line\nsecond line")


def test_an_out_of_bounds_value_is_named_in_the_error():
    parsed = parse_answer('{"score": 11, "reason": "wow"}', Mood)
    assert parsed.value is None
    assert "'score'" in parsed.error and "less than or equal to 10" in parsed.error


def test_a_truncated_answer_is_an_error_not_a_crash():
    parsed = parse_answer('{"score": 7, "reason": "cut of', Mood)
    assert parsed.value is None and "no JSON object" in parsed.error


def test_deeply_nested_json_is_an_error_not_a_crash():
    parsed = parse_answer("[" * 100_000 + "]" * 100_000 + '{"score": 1', Mood)
    assert parsed.value is None


def test_a_template_naming_a_missing_variable_raises():
    from agents.llm.task import TemplateError
    from tests.agents.llm.sample_tasks import Broken

    runner = TaskRunner(Canned("{}"))
    try:
        asyncio.run(runner.run(Broken(), agent="Mara"))
    except TemplateError as exc:
        assert "broken.txt" in str(exc) and "missing_variable" in str(exc)
    else:
        raise AssertionError("a template naming a missing variable must raise")


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)
mood_like = st.fixed_dictionaries(
    {"score": json_values | st.integers(-5, 15), "reason": json_values | st.text(max_size=30)}
)
errands_like = st.fixed_dictionaries(
    {"errands": st.lists(st.fixed_dictionaries({"place": json_values, "minutes": json_values}))}
)


def _dumps(value) -> str:
    return json.dumps(value, allow_nan=True)


def mangled(objects: st.SearchStrategy) -> st.SearchStrategy[str]:
    """Answer texts a poor model might send: wrong JSON, cut JSON, fenced, chatty, garbage."""
    text = objects.map(_dumps)
    return st.one_of(
        text,
        json_values.map(_dumps),
        st.text(max_size=80),
        st.tuples(text, st.integers(0, 60)).map(lambda p: p[0][: p[1]]),
        st.tuples(st.text(max_size=20), text, st.text(max_size=20)).map(
            lambda p: f"{p[0]}```json\n{p[1]}\n```{p[2]}"
        ),
        st.tuples(st.text(max_size=20), text).map(lambda p: p[0] + p[1] + " }}]]"),
        text.map(lambda t: t.replace('"', "'")),
    )


@settings(max_examples=150, deadline=None)
@given(first=mangled(mood_like), second=mangled(mood_like))
def test_any_answer_text_yields_a_valid_mood(first, second):
    answer, record = run_with(RateMood(line="Rain again."), first, second)
    assert isinstance(answer, Mood)
    assert Mood.model_validate(answer.model_dump()) == answer
    if record.outcome == Outcome.FALLBACK:
        assert answer == RateMood(line="x").fallback() and record.failure


@settings(max_examples=100, deadline=None)
@given(first=mangled(errands_like), second=mangled(errands_like))
def test_any_answer_text_yields_valid_errands(first, second):
    task = PlanErrands(person="Mara", needs=["bakery", "forge"])
    answer, record = run_with(task, first, second)
    assert isinstance(answer, Errands)
    assert record.output == answer.model_dump(mode="json")
    assert record.outcome in (Outcome.OK, Outcome.REPAIRED, Outcome.FALLBACK)

"""Retries, repair and fallback against a stand-in endpoint, as the call log shows them."""

from __future__ import annotations

import asyncio
import json

import pytest

from agents.llm import LLMConfig, Outcome, build_language_model
from agents.llm.openai_compat import choose_structured_output
from tests.agents.llm.sample_tasks import Errands, Mood, PlanErrands, RateMood
from tests.support.standin_server import (
    StandinServer,
    chat,
    chat_json,
    error,
    garbage_body,
    slow,
)

GOOD = {"score": 8, "reason": "sunny"}
FALLBACK = RateMood(line="x").fallback()


@pytest.fixture
def server():
    with StandinServer(lifetime_s=60) as running:
        yield running


def standin_config(server: StandinServer, **overrides) -> LLMConfig:
    settings = dict(
        backend="openai",
        base_url=server.url,
        model="standin-model",
        api_key_env="HAMLET_TEST_UNSET_KEY",
        timeout_s=0.5,
        max_retries=3,
        retry_base_s=0.01,
        retry_max_s=0.05,
    )
    settings.update(overrides)
    return LLMConfig(**settings)


def run_one(config: LLMConfig, task=None):
    model = build_language_model(config, seed=1)

    async def go():
        try:
            return await model.run(task or RateMood(line="Sun at last."), agent="Mara")
        finally:
            await model.aclose()

    answer = asyncio.run(go())
    (record,) = model.drain_calls()
    return answer, record


def test_rate_limits_and_server_errors_are_retried_then_the_answer_is_used(server):
    server.script(error(429, retry_after=0.01), error(500), error(503), chat_json(GOOD))
    answer, record = run_one(standin_config(server))
    assert answer == Mood(**GOOD)
    assert record.outcome == Outcome.OK
    assert record.retries == 3
    assert len(server.chat_requests) == 4


def test_a_timeout_is_retried(server):
    server.script(slow(chat_json({"score": 1, "reason": "late"}), 1.5), chat_json(GOOD))
    answer, record = run_one(standin_config(server, timeout_s=0.3))
    assert answer.score == 8
    assert record.retries == 1
    assert record.outcome == Outcome.OK


def test_retries_are_bounded_and_end_in_the_fallback_with_the_reason(server):
    server.script(*[error(500)] * 10)
    answer, record = run_one(standin_config(server, max_retries=2))
    assert answer == FALLBACK
    assert record.outcome == Outcome.FALLBACK
    assert record.retries == 2
    assert "HTTP 500" in record.failure
    assert len(server.chat_requests) == 3


def test_a_client_error_is_not_retried(server):
    server.script(error(400, "bad request: unknown parameter"), chat_json(GOOD))
    answer, record = run_one(standin_config(server))
    assert answer == FALLBACK
    assert record.retries == 0
    assert "HTTP 400" in record.failure
    assert len(server.chat_requests) == 1


def test_a_non_json_http_body_is_retried(server):
    server.script(garbage_body(), chat_json(GOOD))
    answer, record = run_one(standin_config(server))
    assert answer.score == 8
    assert record.retries == 1


def test_garbage_text_is_repaired_once_showing_the_model_its_error(server):
    server.script(chat("Sure! The score is high."), chat_json(GOOD))
    answer, record = run_one(standin_config(server))
    assert answer == Mood(**GOOD)
    assert record.outcome == Outcome.REPAIRED
    assert "no JSON object" in record.failure
    repair = server.chat_requests[1].body["messages"]
    assert repair[-2] == {"role": "assistant", "content": "Sure! The score is high."}
    assert "not valid" in repair[-1]["content"] and "no JSON object" in repair[-1]["content"]


def test_wrong_schema_twice_falls_back_and_says_which_field(server):
    server.script(chat_json({"score": 42, "reason": "x"}), chat_json({"mood": "great"}))
    answer, record = run_one(standin_config(server))
    assert answer == FALLBACK
    assert record.outcome == Outcome.FALLBACK
    assert "'score'" in record.failure
    assert len(server.chat_requests) == 2
    # The repair request told the model what was wrong with the first answer.
    assert "less than or equal to 10" in server.chat_requests[1].body["messages"][-1]["content"]


def test_answers_wrapped_in_code_fences_and_chatter_are_accepted_as_is(server):
    server.script(chat('Here you go:\n```json\n{"score": 3, "reason": "rain"}\n```\nEnjoy!'))
    answer, record = run_one(standin_config(server))
    assert answer.score == 3
    assert record.outcome == Outcome.OK
    assert len(server.chat_requests) == 1


def test_tokens_and_cost_add_up_over_the_repair(server):
    server.script(
        chat("nope", tokens_in=100, tokens_out=10),
        chat_json(GOOD, tokens_in=150, tokens_out=20),
    )
    config = standin_config(server, price_in_per_million=2.0, price_out_per_million=8.0)
    _, record = run_one(config)
    assert (record.tokens_in, record.tokens_out) == (250, 30)
    assert record.cost_usd == pytest.approx((250 * 2.0 + 30 * 8.0) / 1e6)
    assert record.backend == "openai:standin-model"
    assert record.model == "standin-model"


def test_the_record_keeps_the_prompt_beside_the_answer(server):
    server.script(chat_json({"errands": [{"place": "bakery", "minutes": 15}]}))
    task = PlanErrands(person="Mara", needs=["bakery"])
    answer, record = run_one(standin_config(server), task)
    assert answer == Errands.model_validate(record.output)
    assert record.messages == task.messages()
    assert record.task == "plan_errands" and record.agent == "Mara"
    assert json.loads(record.model_dump_json())["outcome"] == "ok"


def test_local_endpoints_get_json_object_with_the_schema(server):
    server.script(chat_json(GOOD))
    run_one(standin_config(server))
    fmt = server.chat_requests[0].body["response_format"]
    assert fmt["type"] == "json_object"
    assert fmt["schema"]["properties"]["score"]["maximum"] == 10


def test_structured_output_mode_is_chosen_per_endpoint():
    assert choose_structured_output("auto", None) == "json_schema"
    assert choose_structured_output("auto", "https://api.openai.com/v1") == "json_schema"
    assert choose_structured_output("auto", "http://127.0.0.1:8080/v1") == "json_object"
    assert choose_structured_output("json_schema", "http://127.0.0.1:8080/v1") == "json_schema"


def test_openai_gets_a_json_schema_response_format(server):
    server.script(chat_json(GOOD))
    run_one(standin_config(server, structured_output="json_schema"))
    fmt = server.chat_requests[0].body["response_format"]
    assert fmt["type"] == "json_schema"
    assert fmt["json_schema"]["name"] == "rate_mood"
    assert fmt["json_schema"]["schema"]["required"] == ["score", "reason"]


def test_the_concurrency_limit_caps_requests_in_flight(server):
    server.script(*[chat_json(GOOD, delay_s=0.1)] * 8)
    model = build_language_model(standin_config(server, concurrency=2), seed=1)

    async def go():
        tasks = [model.run(RateMood(line=f"day {i}"), agent=f"A{i}") for i in range(8)]
        answers = await asyncio.gather(*tasks)
        await model.aclose()
        return answers

    answers = asyncio.run(go())
    assert all(a.score == 8 for a in answers)
    assert server.max_in_flight == 2
    assert len(model.drain_calls()) == 8


def test_a_model_survives_successive_event_loops(server):
    # Hosts may run each tick in a fresh loop; the client must follow.
    server.script(chat_json(GOOD), chat_json(GOOD))
    model = build_language_model(standin_config(server), seed=1)
    first = asyncio.run(model.run(RateMood(line="a"), agent="Mara"))
    second = asyncio.run(model.run(RateMood(line="b"), agent="Mara"))
    assert first.score == second.score == 8
    assert [r.outcome for r in model.drain_calls()] == [Outcome.OK, Outcome.OK]

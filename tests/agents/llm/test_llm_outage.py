"""An endpoint that is down or rate-limiting is waited for, not answered by fallbacks."""

from __future__ import annotations

import asyncio
import dataclasses

import pytest

from agents.errors import ConfigError
from agents.llm import LLMConfig, Outcome, build_language_model
from agents.llm.local_server import free_port
from agents.llm.outage import EndpointOutage, EndpointStatus
from agents.llm.preflight import check_endpoint
from tests.agents.llm.sample_tasks import Mood, RateMood
from tests.support.standin_server import StandinServer, chat_json, error

GOOD = {"score": 8, "reason": "sunny"}


def config_for(url: str, **overrides) -> LLMConfig:
    settings = dict(
        backend="openai",
        base_url=url,
        model="standin-model",
        api_key_env="HAMLET_TEST_UNSET_KEY",
        timeout_s=2,
        max_retries=1,
        retry_base_s=0.01,
        retry_max_s=0.05,
        max_outage_s=30,
    )
    return LLMConfig(**{**settings, **overrides})


def run_one(config: LLMConfig):
    model = build_language_model(config, seed=1)

    async def go():
        try:
            return await model.run(RateMood(line="Sun at last."), agent="Mara")
        finally:
            await model.aclose()

    answer = asyncio.run(go())
    (record,) = model.drain_calls()
    return answer, record


def test_rate_limits_wait_as_asked_without_using_up_the_retries_of_bad_answers():
    with StandinServer(lifetime_s=60) as server:
        server.script(*[error(429, retry_after=0.02)] * 5, chat_json(GOOD))
        answer, record = run_one(config_for(server.url))
    assert answer == Mood(**GOOD)
    assert record.outcome == Outcome.OK
    assert len(server.chat_requests) == 6


def test_server_errors_for_several_calls_are_an_outage_waited_out_with_no_fallback():
    with StandinServer(lifetime_s=60) as server:
        # The first two errors come late, so both calls have failed before either retries.
        slow_errors = [dataclasses.replace(error(503), delay_s=0.5)] * 2
        server.script(*slow_errors, *[error(503)] * 6, chat_json(GOOD), chat_json(GOOD))
        model = build_language_model(config_for(server.url), seed=1)

        async def go():
            try:
                lines = ("Sun at last.", "Rain again.")
                return await asyncio.gather(
                    *(model.run(RateMood(line=line), agent="Mara") for line in lines)
                )
            finally:
                await model.aclose()

        answers = asyncio.run(go())
    assert answers == [Mood(**GOOD)] * 2
    assert [r.outcome for r in model.drain_calls()] == [Outcome.OK] * 2


def test_without_an_outage_limit_server_errors_still_end_in_the_fallback():
    with StandinServer(lifetime_s=60) as server:
        server.script(*[error(503)] * 6, chat_json(GOOD))
        _, record = run_one(config_for(server.url, max_outage_s=None))
    assert record.outcome == Outcome.FALLBACK


def test_an_endpoint_down_past_the_limit_stops_the_call_with_a_clear_error():
    url = f"http://127.0.0.1:{free_port()}/v1"
    with pytest.raises(EndpointOutage, match="unreachable for .* past max_outage_s = 0.3"):
        run_one(config_for(url, max_outage_s=0.3))


def test_an_outage_reads_as_one_line_with_the_next_try():
    status = EndpointStatus(reason="connection refused", since=100.0, next_try=112.0)
    assert status.describe(now=104.0) == (
        "endpoint unreachable (connection refused); next try in 8 s"
    )


# -- before a run: does the endpoint answer? --------------------------------------------------


def check(url: str, model: str = "standin-model") -> None:
    check_endpoint(url, api_key="no-key-needed", key_env="OPENAI_API_KEY", model=model)


def test_an_endpoint_that_answers_with_the_model_passes_the_check():
    with StandinServer(lifetime_s=30) as server:
        check(server.url)
        assert server.chat_requests == []  # the listing was enough: nothing paid for


def test_nothing_listening_is_one_line_naming_the_url():
    url = f"http://127.0.0.1:{free_port()}/v1"
    with pytest.raises(ConfigError) as caught:
        check(url)
    message = str(caught.value)
    assert "\n" not in message and url in message and "cannot connect" in message


def test_a_model_the_endpoint_does_not_offer_is_named_with_what_it_offers():
    with StandinServer(lifetime_s=30) as server, pytest.raises(ConfigError) as caught:
        check(server.url, model="gpt-nothing")
    assert "'gpt-nothing'" in str(caught.value) and "standin-model" in str(caught.value)


def test_a_refused_key_names_the_variable_never_the_key():
    import http.server
    import threading

    class Refusing(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(401)
            self.end_headers()

        def log_message(self, *args):
            return None

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Refusing)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/v1"
        with pytest.raises(ConfigError) as caught:
            check_endpoint(url, api_key="sk-SECRET-1234", key_env="MY_KEY", model="m")
    finally:
        server.shutdown()
        server.server_close()
    message = str(caught.value)
    assert "$MY_KEY" in message and "HTTP 401" in message and "sk-SECRET" not in message


def test_a_request_the_server_fails_on_while_it_answers_others_ends_in_its_fallback():
    import random

    from agents.llm.backend import BackendFailure, Capabilities, Completion
    from agents.llm.outage import OutageWatch
    from agents.llm.retry import Retrying
    from agents.llm.runner import TaskRunner

    class PoisonPrompt:
        """Answers every prompt but one, on which the server fails with a 500."""

        name, model, capabilities = "poison", "m", Capabilities()

        async def complete(self, request):
            await asyncio.sleep(0.01)
            if "poison" in request.messages[-1]["content"]:
                raise BackendFailure("HTTP 500", transient=True, server_error=True)
            return Completion(text='{"score": 5, "reason": "fine"}', model="m")

        async def aclose(self):
            return None

    watch = OutageWatch(max_outage_s=30, base_s=0.01, max_s=0.02, rng=random.Random(0))
    retrying = Retrying(
        PoisonPrompt(), max_retries=2, base_s=0.01, max_s=0.02, rng=random.Random(0), outage=watch
    )
    runner = TaskRunner(retrying)

    async def go():
        others = [runner.run(RateMood(line=f"line {i}"), agent="Mara") for i in range(40)]
        return await asyncio.gather(runner.run(RateMood(line="poison"), agent="Mara"), *others)

    poisoned, *fine = asyncio.run(go())
    assert poisoned == RateMood(line="x").fallback()
    assert all(answer.score == 5 for answer in fine)

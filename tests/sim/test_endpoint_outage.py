"""A wrong endpoint fails fast; an endpoint that goes away pauses the run, which goes on after."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

import pytest

from agents.llm.local_server import free_port
from bench.standin_server import Timing, latency_standin
from sim.cli import main
from tests.support.runs import events_of

TINY = "--world tiny --executor inline --no-progress --seed 3 --ticks 40 --checkpoint-every 10"
QUICK_RETRIES = {"retry_base_s": 0.05, "retry_max_s": 0.3, "max_retries": 1}


def hamlet(capsys, args: list[str]) -> tuple[int, list[str]]:
    """`hamlet ARGS` in this process: its exit status and its stderr lines."""
    capsys.readouterr()
    status = main(args)
    return status, [line for line in capsys.readouterr().err.splitlines() if line]


def run_args(url: str, out: Path, run_id: str, *more: str) -> list[str]:
    config = out / "quick.toml"
    config.write_text("[llm]\n" + "".join(f"{k} = {v}\n" for k, v in QUICK_RETRIES.items()))
    return [
        "run",
        *TINY.split(),
        "--backend",
        "openai",
        "--base-url",
        url,
        "--model",
        "standin-model",
        "--config",
        str(config),
        "--out",
        str(out),
        "--run-id",
        run_id,
        *more,
    ]


def calls_of(run_dir: Path) -> list[dict]:
    return [json.loads(line) for line in (run_dir / "llm_calls.jsonl").open()]


@pytest.fixture(scope="module")
def reference(tmp_path_factory) -> Path:
    """The run whose endpoint never went away."""
    out = tmp_path_factory.mktemp("reference")
    with latency_standin(Timing(latency_s=0.0)) as server:
        assert main(run_args(server.url, out, "steady")) == 0
    return out / "steady"


def test_nothing_listening_at_the_base_url_is_one_line_and_no_run_folder(tmp_path, capsys):
    url = f"http://127.0.0.1:{free_port()}/v1"
    status, err = hamlet(capsys, run_args(url, tmp_path, "typo"))
    assert status == 2
    assert len(err) == 1 and url in err[0] and "cannot connect" in err[0]
    assert not (tmp_path / "typo").exists()


def test_an_endpoint_that_goes_away_for_a_while_pauses_the_run_with_no_fallback(
    tmp_path, capsys, reference
):
    with latency_standin(Timing(latency_s=0.0)) as first:
        port = first.port
        outage = threading.Thread(target=_go_away_then_come_back, args=(first, port))
        outage.start()
        try:
            status, _ = hamlet(capsys, run_args(first.url, tmp_path, "paused"))
        finally:
            outage.join()
    assert status == 0
    assert _COMEBACK and _COMEBACK[0].served > 0  # the run went on with the endpoint back
    run_dir = tmp_path / "paused"
    assert [c for c in calls_of(run_dir) if c["outcome"] != "ok"] == []
    assert events_of(run_dir) == events_of(reference)


def _go_away_then_come_back(server, port: int) -> None:
    """Stop answering after a few requests; listen again on the same port 1.5 s later."""
    _after_requests(server, 8)
    server.stop()
    time.sleep(1.5)
    _COMEBACK.append(latency_standin(Timing(latency_s=0.0), port=port).start())


_COMEBACK: list = []


@pytest.fixture(autouse=True)
def _stop_comebacks():
    yield
    while _COMEBACK:
        _COMEBACK.pop().stop()


@pytest.mark.parametrize(
    "executor", ["inline", pytest.param("ray", marks=[pytest.mark.ray, pytest.mark.slow])]
)
def test_an_outage_past_the_limit_stops_cleanly_and_a_resume_completes_the_run(
    tmp_path, capsys, reference, executor
):
    with latency_standin(Timing(latency_s=0.0)) as server:
        port = server.port
        threading.Thread(target=_go_away_for_good, args=(server,), daemon=True).start()
        args = run_args(server.url, tmp_path, "stopped", "--max-outage", "1")
        status, err = hamlet(capsys, [*args, "--executor", executor])
    run_dir = tmp_path / "stopped"
    assert status != 0
    (line,) = [e for e in err if not e.startswith("run folder:")]
    assert "past max_outage_s = 1" in line and f"--resume {run_dir}" in line
    assert (run_dir / "checkpoints").is_dir() and not (run_dir / "summary.json").exists()
    with latency_standin(Timing(latency_s=0.0), port=port):
        assert hamlet(capsys, ["run", "--resume", str(run_dir), "--no-progress"])[0] == 0
    assert events_of(run_dir) == events_of(reference)
    assert [c for c in calls_of(run_dir) if c["outcome"] != "ok"] == []


def _go_away_for_good(server) -> None:
    _after_requests(server, 12)
    server.stop()


def _after_requests(server, count: int) -> None:
    """Return once the stand-in has had `count` requests (the run makes about 19)."""
    deadline = time.monotonic() + 60
    while server.served < count and time.monotonic() < deadline:
        time.sleep(0.01)

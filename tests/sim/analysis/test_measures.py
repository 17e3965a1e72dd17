"""The measures on a hand-written run whose answers are worked out in `synthetic.py`."""

from __future__ import annotations

from datetime import datetime

import pandas as pd
import pytest

from sim.analysis.attendance import attendance, attendance_summary
from sim.analysis.cost import cost_by_agent, cost_by_hour, cost_by_task, cost_totals, failures
from sim.analysis.diffusion import (
    carrying_conversations,
    diffusion_curve,
    knowledge_trace,
    mentions,
)
from sim.analysis.loading import EventMeasure, FactMeasure, load_run
from sim.analysis.network import conversation_graph, density_over_time, network_density
from sim.analysis.time_use import categorize, place_use, time_use
from tests.sim.analysis.synthetic import FACT_KEYWORDS, write_run

FAIR = FactMeasure("the fair is on Saturday", FACT_KEYWORDS)
HALL = EventMeasure("Hall", datetime(2024, 1, 1, 10, 0), datetime(2024, 1, 1, 11, 0), host="Ada")


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    return load_run(write_run(tmp_path_factory.mktemp("runs")), sample_every=1)


def at(hhmm: str) -> pd.Timestamp:
    return pd.Timestamp(f"2024-01-01 {hhmm}")


def test_network_counts_who_talked_to_whom_and_how_much(run):
    graph = conversation_graph(run)
    assert sorted(tuple(sorted(edge)) for edge in graph.edges) == [
        ("Ada", "Bea"),
        ("Bea", "Cal"),
        ("Cal", "Dov"),
    ]
    assert graph.edges["Ada", "Bea"]["utterances"] == 2
    assert graph.edges["Ada", "Bea"]["conversations"] == 1
    assert network_density(graph) == pytest.approx(3 / 6)


def test_density_grows_hour_by_hour_as_new_pairs_talk(run):
    table = density_over_time(run, every_minutes=60)
    assert list(table.time) == [at("08:00"), at("09:00"), at("10:00"), at("11:00")]
    assert list(table.edges) == [0, 1, 2, 3]
    assert list(table.density) == pytest.approx([0, 1 / 6, 2 / 6, 3 / 6], abs=1e-4)


def test_diffusion_trace_says_who_learnt_the_fact_from_whom(run):
    trace = knowledge_trace(run, FAIR).set_index("agent")
    assert trace.loc["Ada", "how"] == "injected"
    assert trace.loc["Ada", "knew_at"] == at("08:00")
    assert (trace.loc["Bea", "how"], trace.loc["Bea", "source"]) == ("heard", "Ada")
    assert trace.loc["Bea", "knew_at"] == at("08:10")
    assert (trace.loc["Cal", "source"], trace.loc["Cal", "conversation"]) == ("Bea", "c2")
    assert pd.isna(trace.loc["Dov", "knew_at"])


def test_diffusion_curve_is_the_share_knowing_at_each_step(run):
    curve = diffusion_curve(run, FAIR, every_minutes=60).set_index("time")
    hours = curve.loc[[at("08:00"), at("09:00"), at("10:00"), at("11:00")]]
    assert list(hours.knowing) == [1, 2, 3, 3]
    assert list(hours.share) == [0.25, 0.5, 0.75, 0.75]
    # The curve also steps exactly when someone learns it, between the hours.
    assert curve.loc[at("08:10"), "knowing"] == 2
    assert curve.loc[at("09:10"), "knowing"] == 3


def test_only_conversations_that_mention_the_fact_carry_it(run):
    carried = carrying_conversations(run, FAIR)
    assert set(carried.conversation) == {"c1", "c2"}
    assert mentions("The FAIR opens", FAIR)
    assert not mentions("a fairly nice day", FAIR)


def test_attendance_lists_who_came_against_who_was_told(run):
    trace = knowledge_trace(run, FAIR)
    told = set(trace[trace.knew_at <= pd.Timestamp(HALL.end)].agent)
    table = attendance(run, HALL, told).set_index("agent")
    assert table.attended.to_dict() == {"Ada": True, "Bea": True, "Cal": False, "Dov": True}
    assert table.minutes.to_dict() == {"Ada": 60, "Bea": 30, "Cal": 0, "Dov": 10}
    assert table.loc["Bea", "arrived"] == at("10:30")
    assert bool(table.loc["Ada", "host"])
    assert attendance_summary(table.reset_index()) == {
        "attended": 3,
        "told": 3,
        "told_and_attended": 2,
        "attended_untold": 1,
    }


def test_attendance_without_a_fact_leaves_told_unknown(run):
    summary = attendance_summary(attendance(run, HALL))
    assert summary["attended"] == 3 and summary["told"] is None


def test_time_use_adds_up_hours_per_activity(run):
    table = time_use(run)
    ada = table.loc["Ada"]
    assert ada["sleep"] == pytest.approx(1.0)
    assert ada["travel"] == pytest.approx(10 / 60, abs=1e-3)
    assert ada["work"] == pytest.approx(110 / 60, abs=1e-3)
    assert table.loc["Cal", "leisure"] == pytest.approx(3.0)
    assert table.sum(axis=1).to_list() == pytest.approx([3.0] * 4)


def test_place_use_counts_hours_per_area(run):
    table = place_use(run)
    assert table.loc["Ada", "Hall"] == pytest.approx(110 / 60, abs=1e-3)
    assert table.loc["Dov", "Hall"] == pytest.approx(0.5)
    assert table.loc["Cal", "Home C"] == pytest.approx(3.0)


@pytest.mark.parametrize(
    ("description", "category"),
    [
        ("sleeping", "sleep"),
        ("having breakfast at the counter", "eat"),
        ("chatting with Owen", "social"),
        ("working on the new bench", "work"),
        ("reading by the pond", "leisure"),
        ("walk to the market", "travel"),
        ("idle", "other"),
    ],
)
def test_activities_are_categorised_by_keywords(description, category):
    assert categorize(description) == category


def test_cost_tables_split_calls_by_task_agent_and_game_hour(run):
    by_task = cost_by_task(run).set_index("task")
    assert by_task.loc["rate_importance", "calls"] == 2
    assert by_task.loc["rate_importance", "tokens_in"] == 220
    assert by_task.loc["plan_day", "fallbacks"] == 1
    # 3 calls over 4 agents × 3 game hours.
    assert cost_totals(run)["calls_per_agent_hour"] == pytest.approx(0.25)
    assert cost_by_agent(run).set_index("agent").calls.to_dict() == {"Ada": 2, "Bea": 1}
    assert list(cost_by_hour(run).calls) == [1, 2]
    failed = failures(run)
    assert list(failed.task) == ["plan_day"]
    assert "timeout" in failed.failure.iloc[0]


def test_actions_end_when_finished_or_at_the_runs_last_tick(run):
    ada = run.actions[run.actions.agent == "Ada"]
    assert list(ada.description) == ["sleeping", "working at the hall"]
    assert list(ada.minutes) == [60, 119]
    assert list(ada.finished) == [True, False]
    assert list(ada.place) == ["Home A", "Hall"]


def test_attendance_of_a_gathering_after_the_run_ended_says_nobody_came(run):
    later = EventMeasure("Hall", datetime(2024, 1, 2, 10, 0), datetime(2024, 1, 2, 11, 0))
    table = attendance(run, later, told={"Ada"}).set_index("agent")
    assert not table.attended.any() and table.minutes.sum() == 0
    assert attendance_summary(table.reset_index())["told_and_attended"] == 0


def test_the_failure_table_lists_degenerate_answers_with_their_reason():
    from types import SimpleNamespace

    from agents.llm import CallRecord, Outcome
    from sim.analysis.tables import calls_table

    def call(outcome: Outcome, reason: str | None) -> CallRecord:
        return CallRecord(
            wall_time="2024-01-01T00:00:00+00:00",
            agent="Ada",
            task="next_utterance",
            backend="b",
            model="m",
            prompt_key="k",
            outcome=outcome,
            failure="degenerate answer after one repair" if reason else None,
            reason=reason,
            tick=0,
        )

    records = [call(Outcome.OK, None), call(Outcome.DEGENERATE, "field 'text': repeats")]
    run = SimpleNamespace(calls=calls_table(records, 10, datetime(2024, 1, 1, 8)))
    failed = failures(run)
    assert list(failed.outcome) == ["degenerate"]
    assert failed.reason.iloc[0] == "field 'text': repeats"

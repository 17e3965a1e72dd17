"""The bounds a latency benchmark compares its run wall with, on a hand-made call log."""

from __future__ import annotations

import pytest

from bench.critical_path import (
    REACTION_QUESTIONS,
    STEP_AND_PLACE,
    CallAt,
    Placement,
    TownAt,
    Waits,
    asked_at_once,
    chain_steps,
    chains,
    lockstep_bound,
    proximity_limit,
    proximity_path,
    scheduler_path,
    sent_before_answer,
    sequential_figure,
)


def calls(*spec: tuple[int, str, int]) -> list[CallAt]:
    """`(tick, agent, how many calls)` as that many plain calls."""
    return [CallAt(agent, "choose_action", tick) for tick, agent, n in spec for _ in range(n)]


def town(tick: int, **tiles: tuple[int, int]) -> TownAt:
    return TownAt(tick, tuple(Placement(name, tile) for name, tile in tiles.items()))


# Ada and Bo stand side by side; Cy is far away. Three ticks.
TOWNS = [town(t, ada=(0, 0), bo=(1, 0), cy=(20, 20)) for t in range(3)]
LOG = calls((0, "ada", 2), (0, "bo", 1), (0, "cy", 3), (1, "ada", 1), (1, "cy", 1), (2, "bo", 2))


def test_lockstep_sums_each_ticks_longest_chain():
    # Tick 0 waits for Cy's 3 calls, tick 1 for 1, tick 2 for Bo's 2.
    assert lockstep_bound(LOG, latency_s=1.0) == 6.0
    assert lockstep_bound(LOG, latency_s=0.5) == 3.0


def test_lockstep_honours_the_limit_on_requests_in_flight():
    # One at a time: every call of a tick queues (6 + 2 + 2).
    assert lockstep_bound(LOG, latency_s=1.0, concurrency=1) == 10.0
    # Two at a time: tick 0's six calls need 3 rounds, no more than its chain.
    assert lockstep_bound(LOG, latency_s=1.0, concurrency=2) == 6.0


def test_the_limit_couples_only_residents_within_perception_range():
    # Ada: 2 then 1 (waits for Bo, done at 1) = 3; Bo waits for Ada (3) then 2 = 5.
    # Cy, alone: 3 then 1 = 4. The run is done when Bo is: 5, under lock-step's 6.
    assert proximity_path(LOG, TOWNS, latency_s=1.0, radius=4) == 5.0
    assert proximity_limit(LOG, TOWNS, latency_s=1.0, radius=4) == 5.0


def test_residents_out_of_range_do_not_wait_for_each_other():
    # With no one in range, each resident's own calls in a row: Cy's 4 is the longest.
    assert proximity_path(LOG, TOWNS, latency_s=1.0, radius=0) == 4.0
    # With everyone in range it is lock-step again (a resident may still finish early).
    assert proximity_path(LOG, TOWNS, latency_s=1.0, radius=100) == 6.0


def test_a_conversation_couples_its_partners_at_any_distance():
    apart = [
        TownAt(t, (Placement("ada", (0, 0), "c1"), Placement("cy", (20, 20), "c1")))
        for t in range(2)
    ]
    log = calls((0, "cy", 3), (1, "ada", 1))
    assert proximity_path(log, apart, latency_s=1.0, radius=4) == 4.0


def test_the_limit_honours_the_limit_on_requests_in_flight():
    # Ten calls one at a time take 10, longer than the coupled path of 5.
    assert proximity_limit(LOG, TOWNS, latency_s=1.0, radius=4, concurrency=1) == 10.0
    assert proximity_limit(LOG, TOWNS, latency_s=1.0, radius=4, concurrency=4) == 5.0


def test_insights_asked_together_are_one_step_of_a_chain():
    tasks = ["rate_importance", "reflection_questions", *["infer_insights"] * 3, "rate_importance"]
    assert chain_steps(tasks) == 4
    log = [CallAt("ada", task, 0) for task in tasks]
    assert lockstep_bound(log, latency_s=1.0) == 4.0
    assert lockstep_bound(log, latency_s=1.0, concurrency=1) == 6.0


def test_reaction_questions_asked_at_once_are_one_step_whichever_was_answered_first():
    log = [
        CallAt("ada", "react_or_continue", 0),
        CallAt("ada", "decide_to_talk", 0),
        CallAt("ada", "next_utterance", 0),
        CallAt("cy", "decide_to_talk", 0),
        CallAt("ada", "react_or_continue", 1),  # another tick: its own step
        CallAt("cy", "react_or_continue", 1),
    ]
    marked = asked_at_once(log, REACTION_QUESTIONS)
    assert [c.together for c in marked] == [False, True, False, False, False, False]
    assert chains(marked) == {0: {"ada": 2, "cy": 1}, 1: {"ada": 1, "cy": 1}}
    assert chains(log)[0]["ada"] == 3
    assert lockstep_bound(marked, latency_s=1.0) == 3.0


def test_a_call_sent_before_the_one_it_follows_was_answered_went_out_with_it():
    log = [
        CallAt("ada", "decompose", 0),
        CallAt("ada", "choose_action", 0),  # sent while decompose was out: together
        CallAt("cy", "decompose", 0),
        CallAt("cy", "choose_action", 0),  # sent as decompose was answered: in turn
        CallAt("cy", "choose_action", 1),
        CallAt("ada", "next_utterance", 1),
        CallAt("ada", "choose_action", 1),  # sent early, but after another task
    ]
    # The log's times are not exact: cy's second call seems sent just before.
    spans = [(0.0, 1.0), (0.1, 1.1), (0.0, 1.0), (0.997, 2.0), (5.0, 6.0), (5.0, 6.0), (5.5, 6.5)]
    marked = sent_before_answer(log, spans, STEP_AND_PLACE)
    assert [c.together for c in marked] == [False, True, False, False, False, False, False]
    assert chains(marked)[0] == {"ada": 1, "cy": 2}


def test_the_papers_code_takes_its_calls_one_at_a_time():
    assert sequential_figure(25, 24, latency_s=1.0) == pytest.approx(33_000)
    assert sequential_figure(25, 1, latency_s=2.0, calls_per_resident_hour=10) == 500


def test_the_schedulers_own_path_lands_background_thinking_at_the_next_wake():
    log = [
        CallAt("ada", "choose_action", 0),
        CallAt("ada", "rate_importance", 0),
        CallAt("ada", "rate_importance", 0),
        CallAt("ada", "choose_action", 1),
    ]
    alone = [town(t, ada=(0, 0)) for t in range(3)]
    background = frozenset({"rate_importance"})

    def path(wakes):
        return scheduler_path(
            log, alone, Waits(wakes=wakes), latency_s=1.0, radius=4, background=background
        )

    # Woken at tick 1, Ada waits for her two ratings (done at 3), then decides: 4.
    assert path({1: frozenset({"ada"})}) == 4.0
    # Not woken there, nothing of hers waits for them: they end the run at 3.
    assert path({}) == 3.0


def test_a_checkpoint_waits_for_everyone():
    log = calls((0, "cy", 3), (1, "ada", 1), (2, "ada", 1))
    towns = [town(t, ada=(0, 0), cy=(20, 20)) for t in range(3)]

    def path(waits):
        return scheduler_path(log, towns, waits, latency_s=1.0, radius=4, background=frozenset())

    assert path(Waits()) == 3.0  # Ada's two calls need nobody: Cy's three are the path
    # A checkpoint at tick 2: Ada's call there starts after Cy's three.
    assert path(Waits(checkpoint_every=2)) == 4.0

"""Reflection: when it is due, what it asks about, the insights it keeps and their evidence."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from agents.contract import WakeReason
from agents.encoding import Pending, commit
from agents.llm.embeddings import HashingEmbedder
from agents.memory import MemoryKind, MemoryNode, MemoryStream
from agents.reflection import due, reflect
from agents.spec import MindConfig
from agents.tasks.importance import ImportanceRatings
from agents.tasks.reflection import Insight, Insights, Questions
from tests.agents.fakes import DAY, SteeredModel, agent, perceive

ME = "Isabella Rodriguez"
NINE = DAY + timedelta(hours=9)
EMBEDDER = HashingEmbedder(dim=64)


def stream_of(*memories: tuple[MemoryKind, str]) -> MemoryStream:
    """A memory stream holding `memories` in order, one minute apart, importance 5."""
    stream = MemoryStream(EMBEDDER.dim)
    vectors = asyncio.run(EMBEDDER.embed([text for _, text in memories]))
    for i, ((kind, text), vector) in enumerate(zip(memories, vectors, strict=True)):
        stream.add(kind, text, at=NINE + timedelta(minutes=i), importance=5, embedding=vector)
    return stream


def recall_of(stream: MemoryStream, word: str):
    """A recall that finds the memories mentioning `word`, in id order."""

    async def recall(question: str) -> list[MemoryNode]:
        return [n for n in stream.nodes if word in n.text]

    return recall


def reflect_with(model, stream, recall, **config) -> list:
    return asyncio.run(reflect(model, stream, ME, recall, MindConfig(**config)))


def asked(model, task: str) -> list[str]:
    """The prompts of the calls made for one task."""
    return [c.messages[-1]["content"] for c in model.drain_calls() if c.task == task]


def test_reflection_is_due_once_the_importance_sum_reaches_the_threshold():
    config = MindConfig(reflection_threshold=150)
    assert not due(0, config) and not due(149, config)
    assert due(150, config) and due(151, config)


def test_questions_are_asked_about_the_most_recent_memories_only():
    stream = stream_of(
        (MemoryKind.OBSERVATION, "the oven was cleaned last week"),
        (MemoryKind.OBSERVATION, "Klaus Mueller is reading at the counter"),
        (MemoryKind.CHAT, "Klaus Mueller asked about the party"),
    )
    model = SteeredModel(seed=1)
    reflect_with(model, stream, recall_of(stream, "Klaus"), reflection_recent=2)
    prompts = asked(model, "reflection_questions")
    assert len(prompts) == 1
    assert "Klaus Mueller is reading" in prompts[0] and "asked about the party" in prompts[0]
    assert "oven" not in prompts[0]


def test_insights_point_at_the_memories_they_rest_on():
    stream = stream_of(
        (MemoryKind.OBSERVATION, "the oven is hot"),
        (MemoryKind.OBSERVATION, "Klaus Mueller is reading at the counter"),
        (MemoryKind.OBSERVATION, "the cat is asleep"),
        (MemoryKind.CHAT, "Klaus Mueller asked about the party"),
    )
    # The model numbers statements from 1 in the order it was shown them; a number
    # out of range is ignored and a repeated one counts once.
    model = SteeredModel(
        seed=1,
        reflection_questions=lambda t: Questions(questions=["Who is Klaus to me?"]),
        infer_insights=lambda t: Insights(
            insights=[Insight(text="  Klaus Mueller is a loyal regular.  ", evidence=[2, 1, 2, 9])]
        ),
    )
    drafts = reflect_with(model, stream, recall_of(stream, "Klaus"))
    assert [(d.text, d.evidence) for d in drafts] == [("Klaus Mueller is a loyal regular.", (3, 1))]
    shown = asked(model, "infer_insights")[0]
    assert "1. Klaus Mueller is reading at the counter" in shown
    assert "2. Klaus Mueller asked about the party" in shown


def test_each_question_gets_its_insights_within_the_configured_counts_and_none_twice():
    stream = stream_of(
        (MemoryKind.OBSERVATION, "Klaus Mueller is reading at the counter"),
        (MemoryKind.OBSERVATION, "Maria Lopez is painting in the park"),
    )
    model = SteeredModel(
        seed=1,
        reflection_questions=lambda t: Questions(questions=["Q one?", "Q two?", "Q three?"]),
        infer_insights=lambda t: Insights(
            insights=[
                Insight(text="The cafe is a friendly place.", evidence=[1]),
                Insight(text=f"Thinking about {t.question}", evidence=[1]),
                Insight(text="A third thought never kept.", evidence=[1]),
            ]
        ),
    )
    recall = recall_of(stream, "")  # every memory
    drafts = reflect_with(model, stream, recall, reflection_questions=2, reflection_insights=2)
    assert [d.text for d in drafts] == [
        "The cafe is a friendly place.",
        "Thinking about Q one?",
        "Thinking about Q two?",
    ]
    assert len(asked(model, "infer_insights")) == 2


def test_a_question_nothing_is_recalled_for_costs_no_insight_call():
    stream = stream_of((MemoryKind.OBSERVATION, "Klaus Mueller is reading at the counter"))
    model = SteeredModel(seed=1)
    assert reflect_with(model, stream, recall_of(stream, "no memory says this")) == []
    calls = [c.task for c in model.drain_calls()]
    assert calls == ["reflection_questions"]


def test_an_empty_memory_reflects_on_nothing_and_asks_nothing():
    model = SteeredModel(seed=1)
    empty = MemoryStream(EMBEDDER.dim)
    assert reflect_with(model, empty, recall_of(empty, "")) == []
    assert model.drain_calls() == []


def test_reflections_are_themselves_reflected_on_and_can_be_evidence():
    stream = stream_of(
        (MemoryKind.OBSERVATION, "Klaus Mueller is reading at the counter"),
        (MemoryKind.REFLECTION, "Isabella Rodriguez often comes across Klaus Mueller."),
        (MemoryKind.CHAT, "Klaus Mueller asked about the party"),
    )
    model = SteeredModel(seed=1)
    drafts = reflect_with(model, stream, recall_of(stream, "Klaus"))
    assert "often comes across Klaus Mueller" in asked(model, "reflection_questions")[0]
    assert any(1 in d.evidence for d in drafts), [d.evidence for d in drafts]


def test_a_thought_that_tips_the_sum_over_the_threshold_is_followed_by_stored_insights():
    model = SteeredModel(rate_importance=lambda t: ImportanceRatings(scores=[2] * len(t.memories)))
    mind = agent(model=model, mind=MindConfig(reflection_threshold=60))
    asyncio.run(mind.decide(perceive(mind.name, NINE, wake=(WakeReason.FIRST_TICK,))))
    assert not [n for n in mind.stream.nodes if n.kind is MemoryKind.REFLECTION]
    # Just below the threshold: the injected thought (importance 8) takes the sum over it.
    mind.state.importance_since_reflection = 55
    told = perceive(
        mind.name,
        NINE + timedelta(minutes=1),
        wake=(WakeReason.INJECTED,),
        injected=("Klaus Mueller wants to help decorate for the party",),
    )
    asyncio.run(mind.decide(told))
    reflections = [n for n in mind.stream.nodes if n.kind is MemoryKind.REFLECTION]
    assert reflections, "an importance sum past the threshold did not reflect"
    first = reflections[0].id
    for node in reflections:
        assert node.evidence and all(i < first for i in node.evidence)
        assert all(mind.stream.get(i).kind is not MemoryKind.REFLECTION for i in node.evidence)
    # The sum starts again from zero, so the next decision does not reflect again.
    assert mind.state.importance_since_reflection < 60
    later = NINE + timedelta(minutes=2)
    asyncio.run(mind.decide(perceive(mind.name, later, wake=(WakeReason.ACTION_DONE,))))
    assert len([n for n in mind.stream.nodes if n.kind is MemoryKind.REFLECTION]) == len(
        reflections
    )


def test_stored_reflections_do_not_count_towards_the_next_reflection():
    stream = MemoryStream(EMBEDDER.dim)
    staged = [
        Pending(
            kind=MemoryKind.REFLECTION, text="Klaus is a loyal regular.", at=NINE, importance=7
        ),
        Pending(kind=MemoryKind.THOUGHT, text="I should bake more bread.", at=NINE, importance=3),
        Pending(kind=MemoryKind.CHAT, text="Klaus asked about the party.", at=NINE, importance=4),
    ]
    model = SteeredModel(seed=1)
    added = asyncio.run(commit(staged, stream, model, EMBEDDER, agent=ME, identity=ME, cache={}))
    assert added == 3 + 4
    kinds = [n.kind for n in stream.nodes]
    assert kinds == [MemoryKind.REFLECTION, MemoryKind.THOUGHT, MemoryKind.CHAT]
    assert stream.nodes[0].importance == 7  # stored with its importance, just not counted

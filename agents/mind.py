"""The generative agent: perceive, remember, reflect, plan, react and talk, as in the paper.

`GenerativeAgent` is what the engine hosts. Each `decide` stages what was
perceived, answers a conversation turn or considers a reaction, and otherwise
takes the next step of its plan. What the decision leaves behind is its
afterthought: the gists of conversations it closed, storing the new memories
(rated for importance in one call, repeated texts cost nothing), then
reflection if due. With background thinking on, the afterthought runs beside
the town's next ticks and lands at the agent's next decision
(`agents.background`); off, it is done before `decide` returns.
"""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from typing import Any

from agents.background import BackgroundThinking
from agents.contract import (
    Action,
    AgentView,
    Decision,
    InterviewAnswer,
    Perception,
    SeenAgent,
    Utterance,
    WakeReason,
)
from agents.conversation import (
    ConversationState,
    answer,
    close,
    hear,
    make_gists,
    next_line,
    opening,
)
from agents.encoding import PLAN_IMPORTANCE, Pending, commit, deferrable, observations
from agents.grounding import ground
from agents.inspection import inspector_view
from agents.interview import answer_in_character
from agents.llm.protocol import Embedder, LanguageModel
from agents.memory import MemoryKind, MemoryNode, MemoryStream
from agents.phrasing import progressive
from agents.planning import Block, block_at, block_now, insert_block, plan_new_day, step_now
from agents.reaction import Moment, available_partners, react, salient_observation
from agents.reflection import due, reflect
from agents.retrieval import retrieve
from agents.seeding import rng_for
from agents.snapshot_changes import Cuts, is_change, mark_of
from agents.spatial import check_persona, initial_places, is_sleep, learn, town_index
from agents.spec import AgentSpec
from agents.state import MindState
from agents.summary import describe
from agents.tasks.action import ActionChoice

INJECTED_IMPORTANCE = 8
RECENT_WINDOW = timedelta(hours=1)  # an observation is not stored again within this


class GenerativeAgent:
    """A Smallville-style agent hosted by the engine through the `Agent` contract."""

    def __init__(self, spec: AgentSpec, llm: LanguageModel, embedder: Embedder) -> None:
        check_persona(spec)
        self.spec = spec
        self.name = spec.persona.name
        self.llm = llm
        self.embedder = embedder
        self.config = spec.mind
        self.rng = rng_for(spec.seed, self.name)
        self.stream = MemoryStream(embedder.dim)
        self.state = MindState(known_places=initial_places(spec))
        self.town = town_index(spec.places)  # the town's addresses, for resolving what is seen
        self.background = BackgroundThinking(spec.background_thinking)
        self.cuts = Cuts()  # the snapshots a change may be asked since

    # --- the engine's door -------------------------------------------------

    async def decide(self, perception: Perception) -> Decision:
        """Answer one perception with an action, an utterance, both, or "carry on"."""
        await self.background.land()
        now = perception.time
        self.state.last_seen = now
        new_texts = self._perceive(perception)
        decision = await self._think(perception, new_texts)
        # The last await: with background thinking on it returns before the work
        # runs, so the host reads the agent's view and calls as the decision left them.
        await self.background.start(self._afterthought(now))
        return decision

    async def settle(self) -> None:
        """Land the afterthought still running in the background, if any."""
        await self.background.land()

    def snapshot(self, since: int | None = None) -> dict[str, Any]:
        """The agent's state; with `since` (an earlier snapshot's mark), what changed since.

        A change holds the new memories and the rest of the state; see
        `agents.snapshot_changes`. An unknown `since` gives the whole state.
        """
        self.background.require_settled(f"{self.name}: snapshot")
        version, internal, gauss = self.rng.getstate()
        parts = self.cuts.parts(since, self.state, self.stream)
        return {"version": 1, "name": self.name, **parts, "rng": [version, list(internal), gauss]}

    def restore(self, state: dict[str, Any]) -> None:
        self.background.require_settled(f"{self.name}: restore")
        if state.get("name") != self.name:
            raise ValueError(f"snapshot of {state.get('name')!r} cannot restore {self.name!r}")
        if is_change(state):
            raise ValueError(
                f"{self.name}: a change since an earlier snapshot cannot restore; "
                "join it to that snapshot first (agents.snapshot_changes.whole)"
            )
        self.state = MindState.model_validate(state["state"])
        self.stream = MemoryStream.from_snapshot(state["stream"])
        version, internal, gauss = state["rng"]
        self.rng.setstate((version, tuple(internal), gauss))
        self.cuts = Cuts.restored(mark_of(state), self.state, self.stream)

    def view(self) -> AgentView:
        identity = self.spec.persona.identity()
        return inspector_view(self.state, self.stream, identity, self.llm.backend)

    async def interview(self, question: str) -> InterviewAnswer:
        """Answer a free question in character from retrieved memories (recall times untouched)."""
        await self.background.land()
        now = self.state.last_seen or datetime(2000, 1, 1)
        nodes = await self._recall(question, now, touch=False)
        summary = self.state.summary or self.spec.persona.identity()
        return await answer_in_character(
            self.llm, self.name, summary, question, [n.text for n in nodes], now
        )

    # --- perceiving and remembering -----------------------------------------

    def _stage(self, kind: MemoryKind, text: str, at: datetime, **extra: Any) -> None:
        self.state.pending.append(Pending(kind=kind, text=text, at=at, **extra))

    def _perceive(self, p: Perception) -> list[str]:
        """Stage what is new in a perception as memories; returns the new observation texts."""
        s = self.state
        if not s.seeded:
            s.seeded = True
            for m in self.spec.memories:
                self._stage(MemoryKind.THOUGHT, m.text, m.at or p.time, importance=m.importance)
        learn(
            s.known_places,
            self.town,
            [p.place, *(o.address for o in p.objects), *(a.place for a in p.agents)],
        )
        for text in p.injected:
            self._stage(
                MemoryKind.THOUGHT,
                text,
                p.time,
                importance=INJECTED_IMPORTANCE,
                triple=(self.name, "thinks", text),
            )
        s.recent_observations = {
            t: at for t, at in s.recent_observations.items() if p.time - at < RECENT_WINDOW
        }
        new = [o for o in observations(p) if o.text not in s.recent_observations]
        for o in new:
            s.recent_observations[o.text] = p.time
        s.pending.extend(new)
        return [o.text for o in new]

    async def _afterthought(self, now: datetime) -> None:
        """What a decision leaves to think over: store what it staged, reflect when due."""
        await self._flush()
        if due(self.state.importance_since_reflection, self.config):
            await self._reflect(now)

    async def _flush(self, force: bool = False) -> None:
        """Store what was staged: owed gists, one rating call for unrated texts, one embedding."""
        s = self.state
        await make_gists(s.pending, self.llm, self.name)
        later = [] if force else deferrable(s.pending, s.importance_cache)
        now = [m for m in s.pending if m not in later]
        s.importance_since_reflection += await commit(
            now,
            self.stream,
            self.llm,
            self.embedder,
            agent=self.name,
            identity=self.spec.persona.identity(),
            cache=s.importance_cache,
        )
        s.pending = later

    async def _recall(
        self, query: str, now: datetime, k: int | None = None, touch: bool = True
    ) -> list[MemoryNode]:
        vector = (await self.embedder.embed([query]))[0]
        return retrieve(self.stream, vector, now, self.config, k=k, touch=touch)

    async def _reflect(self, now: datetime) -> None:
        drafts = await reflect(
            self.llm, self.stream, self.name, lambda q: self._recall(q, now), self.config
        )
        for d in drafts:
            self._stage(MemoryKind.REFLECTION, d.text, now, evidence=d.evidence)
        self.state.importance_since_reflection = 0
        await self._flush(force=True)

    # --- deciding ------------------------------------------------------------

    async def _think(self, p: Perception, new_texts: list[str]) -> Decision:
        now, s = p.time, self.state
        heard = [u for u in p.heard if u.listener == self.name]
        if heard:
            return await self._on_heard(heard[-1], p)
        if p.in_conversation_with:
            return Decision(agent=self.name)
        if s.conversation is not None:  # the engine ended it (turn cap, partner left)
            await self._close_conversation(now)
        if s.day is None or s.day.date != now.date().isoformat():
            await self._new_day(now)
            return Decision(agent=self.name, action=await self._next_action(p))
        observation = salient_observation(p, new_texts, self.rng)
        if observation is not None and (p.injected or not self._asleep(now)):
            decision = await self._consider(p, observation)
            if decision is not None:
                return decision
        finished = (
            s.current is None
            or p.action_done
            or (s.current_ends is not None and now >= s.current_ends)
        )
        if finished or WakeReason.ACTION_DONE in p.wake or WakeReason.FIRST_TICK in p.wake:
            return Decision(agent=self.name, action=await self._next_action(p))
        return Decision(agent=self.name)

    def _asleep(self, now: datetime) -> bool:
        day = self.state.day
        block = block_at(day.blocks, now.hour * 60 + now.minute) if day else None
        return block is not None and is_sleep(block.activity)

    async def _consider(self, p: Perception, observation: str) -> Decision | None:
        """Something noticed: talk to someone, take up a reaction, or carry on (None)."""
        now, s = p.time, self.state
        partners = available_partners(p, s.last_talk, now)
        memories = await self._recall(observation, now, k=5)
        moment = Moment(
            agent=self.name,
            summary=s.summary,
            time=now.strftime("%H:%M"),
            place=p.place,
            current_activity=s.current.description if s.current else "nothing in particular",
            memories=tuple(n.text for n in memories),
        )
        at_once = self.config.reaction_questions == "at-once"
        reaction = await react(
            self.llm, self.spec.persona, moment, observation, partners, at_once=at_once
        )
        if reaction.partner is not None:
            return await self._open_conversation(p, reaction.partner)
        if not reaction.activity or s.day is None:
            return None
        start = now.hour * 60 + now.minute
        block = Block(
            start=start,
            minutes=min(reaction.minutes, 24 * 60 - start),
            activity=reaction.activity,
            atomic=True,
        )
        s.day.blocks = insert_block(s.day.blocks, block)
        s.day.steps, s.day.steps_for = [], None
        self._stage(
            MemoryKind.THOUGHT,
            f"{self.name} decided to {block.activity}",
            now,
            triple=(self.name, "decided", block.activity),
        )
        return Decision(agent=self.name, action=await self._next_action(p))

    async def _open_conversation(self, p: Perception, partner: SeenAgent) -> Decision:
        """The first line to `partner`; the engine opens the conversation when it routes it."""
        conversation = self.state.conversation = ConversationState(partner=partner.name)
        text, _ = await self._line(p, partner.action, turn=0)
        conversation.add(self.name, text)
        return Decision(agent=self.name, utterance=opening(self.name, partner.name, text))

    async def _new_day(self, now: datetime) -> None:
        s = self.state
        if s.day is not None:
            s.yesterday = f"On {s.day.date}, {self.name} planned: " + "; ".join(s.day.items)
        summary = await self._summary(now)
        date = now.strftime("%A %B %d, %Y")
        s.day = await plan_new_day(
            self.llm,
            self.spec.persona,
            summary,
            s.yesterday,
            date,
            from_routine=self.config.day_plan == "routine",
        )
        s.day.date = now.date().isoformat()
        s.current, s.current_ends = None, None
        self._stage(
            MemoryKind.PLAN,
            f"{self.name}'s plan for {date}: " + "; ".join(s.day.items),
            now,
            triple=(self.name, "plans", date),
            importance=PLAN_IMPORTANCE,
        )

    async def _summary(self, now: datetime) -> str:
        """The agent's summary description, from memory, made once per game day."""
        s = self.state
        if not s.summary_date and not s.yesterday:
            # Before its first day the stream holds only what the persona says; a
            # summary of it is the persona's identity, and costs no call.
            s.summary, s.summary_date = self.spec.persona.identity(), now.date().isoformat()
        if s.summary_date != now.date().isoformat():
            await self._flush(force=True)  # the summary recalls today's memories too
            s.summary = await describe(
                self.llm, self.spec.persona, lambda q: self._recall(q, now, k=5)
            )
            s.summary_date = now.date().isoformat()
        return s.summary

    async def _next_action(self, p: Perception) -> Action:
        """The step of today's plan that covers now, grounded to a known place."""
        now, s = p.time, self.state
        assert s.day is not None
        minute = now.hour * 60 + now.minute
        block = block_now(s.day, minute)
        # Steps of a block happen where the block happens (one grounding call per
        # block), so the block is grounded while its step is chosen.
        chosen, choice = await asyncio.gather(
            step_now(self.llm, self.spec.persona, s.summary, s.day, block, minute),
            self._ground(block.activity, p.place),
        )
        duration = max(1, chosen.end - minute)
        s.current = Action(
            description=chosen.activity,
            address=choice.address,
            duration_minutes=duration,
            emoji=choice.emoji,
            object_state=choice.object_state,
        )
        s.current_ends = now.replace(second=0, microsecond=0) + timedelta(minutes=duration)
        doing = f"{self.name} is {progressive(chosen.activity)}"
        if doing not in s.recent_observations:  # the one-hour rule of every observation
            s.recent_observations[doing] = now
            triple = (self.name, "is", chosen.activity)
            self._stage(MemoryKind.OBSERVATION, doing, now, triple=triple)
        return s.current

    async def _ground(self, activity: str, place: str) -> ActionChoice:
        """Where an activity happens: cached per activity, else one typed call."""
        cache = self.state.action_cache
        if activity not in cache:
            known = self.state.known_places
            cache[activity] = await ground(self.llm, self.spec.persona, activity, place, known)
        return cache[activity]

    # --- talking -------------------------------------------------------------

    async def _line(self, p: Perception, partner_action: str, turn: int) -> tuple[str, bool]:
        s = self.state
        assert s.conversation is not None
        memories = await self._recall(s.conversation.partner, p.time, k=5)
        line = await next_line(
            self.llm,
            self.spec.persona,
            s.summary,
            s.conversation,
            [n.text for n in memories],
            own_activity=s.current.description if s.current else "",
            partner_activity=partner_action,
            place=p.place,
            time=p.time.strftime("%H:%M"),
            turn=turn,
        )
        return line.text.strip(), line.end_conversation

    async def _on_heard(self, u: Utterance, p: Perception) -> Decision:
        s = self.state
        if s.conversation is not None and s.conversation.partner != u.speaker:
            await self._close_conversation(p.time)
        conversation = s.conversation = hear(s.conversation, u)
        if u.ends_conversation:
            await self._close_conversation(p.time)
            return Decision(agent=self.name, action=await self._resume(p))
        partner_action = next((a.action for a in p.agents if a.name == u.speaker), "")
        text, wants_end = await self._line(p, partner_action, u.turn + 1)
        conversation.add(self.name, text)
        cap = self.spec.max_conversation_turns
        reply = answer(u, text, wants_end=wants_end, max_turns=cap)
        if not reply.ends_conversation:
            return Decision(agent=self.name, utterance=reply)
        await self._close_conversation(p.time)
        return Decision(agent=self.name, utterance=reply, action=await self._resume(p))

    async def _resume(self, p: Perception) -> Action:
        if self.state.day is None or self.state.day.date != p.time.date().isoformat():
            await self._new_day(p.time)
        return await self._next_action(p)

    async def _close_conversation(self, now: datetime) -> None:
        close(self.state, self.name, self.spec.places, now)
        if not self.background.enabled:  # lock-step: the gist is made as the talk ends
            await make_gists(self.state.pending, self.llm, self.name)

"""The generative agent: perceive, remember, reflect, plan, react and talk, as in the paper.

`GenerativeAgent` is what the engine hosts. Each `decide` stores what was
perceived, answers a conversation turn or considers a reaction, and otherwise
takes the next step of its plan. New memories are rated for importance in one
call per `decide` (repeated texts cost nothing), then reflection runs if due.
"""

from __future__ import annotations

import hashlib
import random
from datetime import datetime, timedelta
from typing import Any

from agents.contract import (
    Action,
    AgentView,
    Decision,
    Perception,
    SeenAgent,
    Utterance,
    WakeReason,
)
from agents.conversation import ConversationState, next_line, takeaway, transcript
from agents.encoding import PLAN_IMPORTANCE, Pending, commit, deferrable, observations
from agents.grounding import ground
from agents.interview import InterviewAnswer, answer_in_character
from agents.llm.protocol import Embedder, LanguageModel
from agents.memory import MemoryKind, MemoryNode, MemoryStream
from agents.planning import (
    Block,
    block_at,
    clock,
    decompose_block,
    insert_block,
    needs_decomposition,
    plan_new_day,
)
from agents.reaction import available_partners, named_partner, salient_observation
from agents.reflection import due, reflect
from agents.retrieval import retrieve
from agents.spatial import check_persona, initial_places, is_sleep, learn, mentioned_areas
from agents.spec import AgentSpec
from agents.state import MindState
from agents.summary import describe
from agents.tasks.action import ActionChoice
from agents.tasks.reaction import STRANGER, DecideToTalk, ReactOrContinue

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
        digest = hashlib.sha256(f"{spec.seed}|{self.name}".encode()).digest()
        self.rng = random.Random(int.from_bytes(digest[:8], "big"))
        self.stream = MemoryStream(embedder.dim)
        self.state = MindState(known_places=initial_places(spec))

    # --- the engine's door -------------------------------------------------

    async def decide(self, perception: Perception) -> Decision:
        """Answer one perception with an action, an utterance, both, or "carry on"."""
        now = perception.time
        self.state.last_seen = now
        new_texts = self._perceive(perception)
        decision = await self._think(perception, new_texts)
        await self._flush()
        if due(self.state.importance_since_reflection, self.config):
            await self._reflect(now)
        return decision

    def snapshot(self) -> dict[str, Any]:
        version, internal, gauss = self.rng.getstate()
        return {
            "version": 1,
            "name": self.name,
            "state": self.state.model_dump(mode="json"),
            "stream": self.stream.snapshot(),
            "rng": [version, list(internal), gauss],
        }

    def restore(self, state: dict[str, Any]) -> None:
        if state.get("name") != self.name:
            raise ValueError(f"snapshot of {state.get('name')!r} cannot restore {self.name!r}")
        self.state = MindState.model_validate(state["state"])
        self.stream = MemoryStream.from_snapshot(state["stream"])
        version, internal, gauss = state["rng"]
        self.rng.setstate((version, tuple(internal), gauss))

    def view(self) -> AgentView:
        day = self.state.day
        nodes = self.stream.nodes
        important = sorted(nodes, key=lambda n: (-n.importance, -n.id))[:5]
        talk = self.state.conversation
        return AgentView(
            summary=self.state.summary or self.spec.persona.identity(),
            plan=tuple(f"{clock(b.start)} {b.activity}" for b in day.blocks) if day else (),
            recent_memories=tuple(n.text for n in nodes[-10:][::-1]),
            important_memories=tuple(n.text for n in important),
            conversation=tuple(talk.lines if talk else self.state.last_conversation),
            backend=self.llm.backend,
        )

    async def interview(self, question: str) -> InterviewAnswer:
        """Answer a free question in character from retrieved memories (recall times untouched)."""
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
            self.spec.places,
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

    async def _flush(self, force: bool = False) -> None:
        """Store what was staged: one importance call for unrated texts, one embedding call."""
        s = self.state
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
        """Someone to talk to in view: ask whether to talk. Otherwise, or if not: react or continue?

        As in the paper, a conversation is decided on its own first; the
        reaction question follows only when the agent does not start one.
        """
        now, s = p.time, self.state
        partners = available_partners(p, s.last_talk, now)
        memories = await self._recall(observation, now, k=5)
        # What both questions are told of the moment.
        moment: dict[str, Any] = dict(
            agent=self.name,
            summary=s.summary,
            time=now.strftime("%H:%M"),
            place=p.place,
            current_activity=s.current.description if s.current else "nothing in particular",
            memories=tuple(n.text for n in memories),
        )
        seen = next((a for a in partners if observation.startswith(a.name)), None)
        if seen is not None:
            talk = await self.llm.run(
                DecideToTalk(
                    **moment,
                    other=seen.name,
                    other_activity=seen.action,
                    relationship=self.spec.persona.relationships.get(seen.name, STRANGER),
                ),
                agent=self.name,
            )
            if talk.talk:
                return await self._open_conversation(p, seen)
        choice = await self.llm.run(
            ReactOrContinue(
                **moment,
                observation=observation,
                nearby=tuple(a.name for a in partners),
                acquaintances=tuple(self.spec.persona.relationships),
            ),
            agent=self.name,
        )
        if not choice.react:
            return None
        partner = named_partner(choice.talk_to, partners)
        if partner is not None:
            return await self._open_conversation(p, partner)
        if not choice.reaction.strip() or s.day is None:
            return None
        start = now.hour * 60 + now.minute
        reaction = Block(
            start=start,
            minutes=min(choice.minutes, 24 * 60 - start),
            activity=choice.reaction.strip(),
            atomic=True,
        )
        s.day.blocks = insert_block(s.day.blocks, reaction)
        s.day.steps, s.day.steps_for = [], None
        self._stage(
            MemoryKind.THOUGHT,
            f"{self.name} decided to {reaction.activity}",
            now,
            triple=(self.name, "decided", reaction.activity),
        )
        return Decision(agent=self.name, action=await self._next_action(p))

    async def _open_conversation(self, p: Perception, partner: SeenAgent) -> Decision:
        """The first line to `partner`; the engine opens the conversation when it routes it."""
        s = self.state
        s.conversation = ConversationState(partner=partner.name)
        text, _ = await self._line(p, partner.action, turn=0)
        s.conversation.add(self.name, text)
        return Decision(
            agent=self.name,
            utterance=Utterance(
                speaker=self.name, listener=partner.name, text=text, conversation="", turn=0
            ),
        )

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
        block = block_at(s.day.blocks, minute) or Block(
            start=minute, minutes=max(1, 24 * 60 - minute), activity="sleeping"
        )
        chosen = block
        if needs_decomposition(block):
            step = block_at(s.day.steps, minute) if s.day.steps_for == block.start else None
            if step is None:
                s.day.steps = await decompose_block(
                    self.llm, self.spec.persona, s.summary, s.day, block, minute
                )
                s.day.steps_for = block.start
                step = block_at(s.day.steps, minute)
            chosen = step or block
        # Steps of a block happen where the block happens: one grounding call per block.
        choice = await self._ground(block.activity, p.place)
        duration = max(1, chosen.end - minute)
        s.current = Action(
            description=chosen.activity,
            address=choice.address,
            duration_minutes=duration,
            emoji=choice.emoji,
            object_state=choice.object_state,
        )
        s.current_ends = now.replace(second=0, microsecond=0) + timedelta(minutes=duration)
        self._stage(
            MemoryKind.OBSERVATION,
            f"{self.name} is {chosen.activity}",
            now,
            triple=(self.name, "is", chosen.activity),
        )
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
        if s.conversation is None or s.conversation.partner != u.speaker:
            if s.conversation is not None:
                await self._close_conversation(p.time)
            s.conversation = ConversationState(partner=u.speaker)
        conv = s.conversation
        conv.id, conv.turn = u.conversation, u.turn
        conv.add(u.speaker, u.text)
        if u.ends_conversation:
            await self._close_conversation(p.time)
            return Decision(agent=self.name, action=await self._resume(p))
        turn = u.turn + 1
        partner_action = next((a.action for a in p.agents if a.name == u.speaker), "")
        text, wants_end = await self._line(p, partner_action, turn)
        ends = wants_end or turn >= self.config.max_conversation_turns - 1
        conv.add(self.name, text)
        reply = Utterance(
            speaker=self.name,
            listener=u.speaker,
            text=text,
            conversation=u.conversation,
            turn=turn,
            ends_conversation=ends,
        )
        if not ends:
            return Decision(agent=self.name, utterance=reply)
        await self._close_conversation(p.time)
        return Decision(agent=self.name, utterance=reply, action=await self._resume(p))

    async def _resume(self, p: Perception) -> Action:
        if self.state.day is None or self.state.day.date != p.time.date().isoformat():
            await self._new_day(p.time)
        return await self._next_action(p)

    async def _close_conversation(self, now: datetime) -> None:
        """Both sides call this: store the dialogue and what was learnt from it."""
        s = self.state
        conv, s.conversation = s.conversation, None
        if conv is None or not conv.lines:
            return
        s.last_conversation = list(conv.lines)
        s.last_talk[conv.partner] = now
        s.known_places.extend(mentioned_areas(transcript(conv), self.spec.places, s.known_places))
        self._stage(
            MemoryKind.CHAT,
            f"Conversation with {conv.partner}:\n{transcript(conv)}",
            now,
            triple=(self.name, "chat with", conv.partner),
        )
        gist = await takeaway(self.llm, self.name, conv)
        self._stage(MemoryKind.THOUGHT, gist, now, triple=(self.name, "learned", conv.partner))

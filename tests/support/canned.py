"""A backend that answers with given texts in turn, as a weak model might; it keeps the requests."""

from __future__ import annotations

from agents.llm.backend import Capabilities, Completion, CompletionRequest


class Canned:
    """Answers with the given texts in turn (the last one again once they run out)."""

    name = "canned"
    model = "canned"
    capabilities = Capabilities()

    def __init__(self, *texts: str) -> None:
        self.texts = list(texts)
        self.seen: list[CompletionRequest] = []

    async def complete(self, request: CompletionRequest) -> Completion:
        self.seen.append(request)
        return Completion(text=self.texts[min(len(self.seen), len(self.texts)) - 1], model="canned")

    async def aclose(self) -> None:
        return None

"""A persona: the identity seed of one agent, as written in a world's personas file."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator


class Persona(BaseModel):
    """Who an agent is, in the paper's terms (identity stable set and routine).

    `home` and `workplace` are addresses on the town's location tree
    ("area" or "area:room"); `relationships` maps another persona's name to
    how this one sees them.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1)
    age: int = Field(ge=0, le=120)
    innate: str = Field(min_length=1, description="innate traits, e.g. 'kind, curious'")
    learned: str = Field(min_length=1, description="learned traits and background")
    currently: str = Field("", description="what the persona is focused on these days")
    lifestyle: str = Field("", description="habits: when they wake, sleep, eat")
    occupation: str = ""
    home: str = Field(min_length=1)
    workplace: str | None = None
    relationships: dict[str, str] = {}
    daily_routine: list[str] = []
    spawn: str | None = Field(None, description="a spawn point's name; default: the home")

    @field_validator("name")
    @classmethod
    def _no_colon(cls, value: str) -> str:
        if ":" in value:
            raise ValueError("a name may not contain ':'")
        return value.strip()

    @property
    def first_name(self) -> str:
        return self.name.split()[0]

    def identity(self) -> str:
        """The persona's identity stable set, as one paragraph for prompts."""
        lines = [
            f"Name: {self.name} (age {self.age})",
            f"Innate traits: {self.innate}",
            f"Background: {self.learned}",
        ]
        if self.occupation:
            lines.append(f"Occupation: {self.occupation}")
        if self.currently:
            lines.append(f"Currently: {self.currently}")
        if self.lifestyle:
            lines.append(f"Lifestyle: {self.lifestyle}")
        lines.append(f"Lives at: {self.home}")
        return "\n".join(lines)

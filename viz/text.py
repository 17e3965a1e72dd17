"""Text for the viewer: fonts, cached renders, wrapping, and emoji that degrade to words."""

from __future__ import annotations

from collections import OrderedDict
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pygame

_CACHE_SIZE = 4000
_EMOJI_FONTS = "notocoloremoji,notoemoji,symbola,dejavusans"
_INVISIBLE = {"\ufe0f", "\ufe0e", "\u200d"}  # variation selectors and joiners draw nothing


class Text:
    """Fonts by size and rendered strings, cached: a frame re-renders no text drawn before."""

    def __init__(self) -> None:
        import pygame

        pygame.font.init()
        self._pg = pygame
        self._fonts: dict[tuple[int, bool], pygame.font.Font] = {}
        self._emoji_fonts: dict[int, pygame.font.Font | None] = {}
        self._cache: OrderedDict[tuple[str, int, tuple[int, ...], bool], pygame.Surface] = (
            OrderedDict()
        )

    def font(self, size: int, bold: bool = False) -> pygame.font.Font:
        key = (size, bold)
        if key not in self._fonts:
            font = self._pg.font.Font(None, size)  # pygame's bundled font: no system dependency
            font.set_bold(bold)
            self._fonts[key] = font
        return self._fonts[key]

    def render(
        self, text: str, size: int, colour: tuple[int, ...] = (240, 240, 240), bold: bool = False
    ) -> pygame.Surface:
        key = (text, size, colour, bold)
        hit = self._cache.get(key)
        if hit is not None:
            self._cache.move_to_end(key)
            return hit
        surf = self.font(size, bold).render(text, True, colour)
        self._cache[key] = surf
        if len(self._cache) > _CACHE_SIZE:
            self._cache.popitem(last=False)
        return surf

    def emoji(self, emoji: str, size: int) -> pygame.Surface | None:
        """The emoji drawn by a font that has all its glyphs, or None when no font has them."""
        glyphs = "".join(ch for ch in emoji if ch not in _INVISIBLE)
        if not glyphs:
            return None
        font = self._emoji_font(size)
        if font is None:
            return None
        # A missing glyph comes back either as None or as the font's "missing" box,
        # whose metrics equal those of a private-use character no font draws.
        missing = font.metrics("\ue000")[0]
        if any(m is None or m == missing for m in font.metrics(glyphs)):
            return None
        key = ("\0emoji" + glyphs, size, (0,), False)
        if key not in self._cache:
            self._cache[key] = font.render(glyphs, True, (250, 250, 250))
        return self._cache[key]

    def _emoji_font(self, size: int) -> pygame.font.Font | None:
        if size not in self._emoji_fonts:
            path = self._pg.font.match_font(_EMOJI_FONTS)
            try:
                self._emoji_fonts[size] = self._pg.font.Font(path, size) if path else None
            except OSError:
                self._emoji_fonts[size] = None
        return self._emoji_fonts[size]

    def wrap(self, text: str, size: int, width: int, max_lines: int = 0) -> list[str]:
        """Break text into lines that fit `width` pixels; cut with "…" past `max_lines`."""
        font = self.font(size)
        lines: list[str] = []
        for paragraph in text.splitlines() or [""]:
            line = ""
            for word in paragraph.split():
                trial = f"{line} {word}" if line else word
                if font.size(trial)[0] <= width or not line:
                    line = trial
                else:
                    lines.append(line)
                    line = word
            lines.append(line)
        lines = [_fit(font, ln, width) for ln in lines]
        if max_lines and len(lines) > max_lines:
            lines = lines[:max_lines]
            lines[-1] = _fit(font, lines[-1] + " …", width, force=True)
        return lines


def short_label(action: str, limit: int = 18) -> str:
    """A few words for an action when its emoji cannot be drawn: "having breakfast" stays whole."""
    action = " ".join(action.split())
    if len(action) <= limit:
        return action
    cut = action[: limit - 1]
    if action[limit - 1] != " ":  # do not end on half a word
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip() + "…"


def _fit(font: pygame.font.Font, line: str, width: int, force: bool = False) -> str:
    if font.size(line)[0] <= width and not force:
        return line
    if force and font.size(line)[0] <= width:
        return line
    while line and font.size(line + "…")[0] > width:
        line = line[:-1]
    return line + "…"

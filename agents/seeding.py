"""Seeds derived from the run's seed: each agent and each model answer gets its own stream.

Python's own `hash` of a string is salted per process, so seeds come from
SHA-256 instead: the same parts give the same seed in every process (Ray
actors included) and on every machine.
"""

from __future__ import annotations

import hashlib
import random


def seed_for(*parts: object) -> int:
    """A stable 64-bit seed from any parts, joined as "a|b|c"."""
    text = "|".join(str(p) for p in parts)
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big")


def rng_for(*parts: object) -> random.Random:
    """A random generator seeded from `parts` (e.g. the run's seed and an agent's name)."""
    return random.Random(seed_for(*parts))

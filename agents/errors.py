"""The mistakes a user can make and fix: a bad configuration, a missing key, a broken world.

Every such error derives from `HamletError`, so the command line catches one
class and prints its message instead of a traceback.
"""

from __future__ import annotations


class HamletError(Exception):
    """A mistake the user can fix; the command line prints it as one line and exits 2.

    The message says what is wrong, where (file and line, field or option),
    and what to do. It never holds a secret such as an API key.
    """


class ConfigError(HamletError, ValueError):
    """A configuration file, option or key cannot work as given; the message says where and why."""

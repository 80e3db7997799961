"""trustquiz: spaced-repetition revision for UPSC Prelims; the public Python API.

The names below are imported lazily so that `trustquiz --help` does not pay for
pydantic and fsrs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from trustquiz.api import due, open_store, plan, record
    from trustquiz.bank.loader import Bank, load_bank
    from trustquiz.clock import now
    from trustquiz.errors import TrustquizError
    from trustquiz.store.progress import ProgressStore

_EXPORTS = {
    "Bank": "trustquiz.bank.loader",
    "load_bank": "trustquiz.bank.loader",
    "now": "trustquiz.clock",
    "TrustquizError": "trustquiz.errors",
    "ProgressStore": "trustquiz.store.progress",
    "open_store": "trustquiz.api",
    "due": "trustquiz.api",
    "plan": "trustquiz.api",
    "record": "trustquiz.api",
}

__all__ = [
    "Bank",
    "ProgressStore",
    "TrustquizError",
    "__version__",
    "due",
    "load_bank",
    "now",
    "open_store",
    "plan",
    "record",
]


def __getattr__(name: str) -> Any:
    module_name = _EXPORTS.get(name)
    if module_name is None:
        raise AttributeError(f"module 'trustquiz' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module_name), name)
    globals()[name] = value
    return value

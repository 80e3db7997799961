"""Topics as typed after `--topic`: a case-insensitive prefix of exactly one of the bank's."""

from __future__ import annotations

from collections.abc import Sequence

from trustquiz.bank.loader import Bank
from trustquiz.errors import TrustquizError


def resolve_topics(bank: Bank, typed: Sequence[str]) -> tuple[str, ...]:
    """The bank's full topic names for what was typed (`pharma` -> `Pharma and trade`).

    An exact name (in any case) wins; otherwise the typed text must begin exactly one
    topic. An unknown or ambiguous one is an error that lists the known topics.
    """
    if not typed:
        return ()
    known = sorted(set(bank.card_column("topic")), key=str.casefold)  # no card is built
    resolved: list[str] = []
    for text in typed:
        wanted = text.strip().casefold()
        exact = [name for name in known if name.casefold() == wanted]
        found = exact or [name for name in known if wanted and name.casefold().startswith(wanted)]
        if len(found) == 1:
            resolved.append(found[0])
            continue
        if not known:
            raise TrustquizError(f"no topic {text!r}: the bank has no questions")
        listed = "; ".join(known)
        if found:
            raise TrustquizError(
                f"the topic {text!r} could be any of: {'; '.join(found)}. Type more of it"
                f" (the topics are: {listed})"
            )
        raise TrustquizError(
            f"no topic is called or begins with {text!r}; the topics are: {listed}"
        )
    return tuple(resolved)

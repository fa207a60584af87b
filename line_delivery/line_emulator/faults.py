"""Fault injection for the fake LINE server, controlled from Python.

The product must survive LINE's failure modes: a 5xx after the message was
actually accepted (retry with the same ``X-Line-Retry-Key`` must get 409, not
a second delivery), a 5xx before acceptance, slow answers that exceed the
client timeout, dropped connections. Rules are evaluated per request at two
phases — just before the request would be accepted (after routing, auth,
rate limiting and validation) and just after it was accepted and recorded —
so a fault never hides a 400 the product would get from the real LINE.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
import random
import threading
import time
from typing import Any, Literal


Phase = Literal["before_accept", "after_accept"]

#: Short names accepted in ``endpoints=`` besides the spec's operationIds.
ENDPOINT_ALIASES: dict[str, str] = {
    "reply": "replyMessage",
    "push": "pushMessage",
    "multicast": "multicast",
    "broadcast": "broadcast",
    "narrowcast": "narrowcast",
    "verify_id_token": "verifyIdToken",
}

DEFAULT_FAULT_BODIES: dict[int, dict[str, Any]] = {
    429: {"message": "The API rate limit has been exceeded. Try again later."},
    500: {"message": "Internal server error"},
    502: {"message": "Bad Gateway"},
    503: {"message": "Service Unavailable"},
    504: {"message": "Gateway Timeout"},
}


@dataclass
class FaultRule:
    """One injected behaviour; returned by the ``Faults`` methods so tests can inspect it."""

    kind: Literal["status", "delay", "disconnect"]
    phase: Phase
    rate: float = 1.0
    remaining: int | None = None  # None: unlimited
    endpoints: frozenset[str] | None = None  # operationIds; None: every endpoint
    status: int = 500
    body: dict[str, Any] | None = None
    seconds: float = 0.0
    skip: int = 0  # let this many matching requests through before applying
    fired: int = 0

    def matches(self, operation_id: str, phase: Phase) -> bool:
        """Whether this rule applies to the request at this phase."""
        if self.phase != phase:
            return False
        if self.remaining is not None and self.remaining <= 0:
            return False
        return self.endpoints is None or operation_id in self.endpoints


@dataclass(frozen=True)
class FiredFault:
    """Log entry of one injected fault."""

    kind: str
    phase: Phase
    operation_id: str
    request_id: str
    status: int | None
    seconds: float
    at: float


@dataclass
class FaultDecision:
    """What the server must do for one request at one phase."""

    delay: float = 0.0
    status: int | None = None
    body: dict[str, Any] | None = None
    disconnect: bool = False
    rules: list[FaultRule] = field(default_factory=list)


def _normalise_endpoints(
    endpoints: Iterable[str] | str | None,
) -> frozenset[str] | None:
    if endpoints is None:
        return None
    if isinstance(endpoints, str):
        endpoints = [endpoints]
    return frozenset(ENDPOINT_ALIASES.get(name, name) for name in endpoints)


class Faults:
    """Registry of fault rules; thread-safe, with seedable randomness."""

    def __init__(self, seed: int | None = None) -> None:
        self._lock = threading.Lock()
        self._rules: list[FaultRule] = []
        self._rng = random.Random(seed)
        self._fired: list[FiredFault] = []

    # ------------------------------------------------------------ public API

    def seed(self, seed: int | None) -> None:
        """Re-seed the random generator used for ``rate`` decisions."""
        with self._lock:
            self._rng = random.Random(seed)

    def clear(self) -> None:
        """Remove every rule and forget fired faults."""
        with self._lock:
            self._rules.clear()
            self._fired.clear()

    @property
    def rules(self) -> list[FaultRule]:
        """Snapshot of the active rules."""
        with self._lock:
            return list(self._rules)

    @property
    def fired(self) -> list[FiredFault]:
        """Every fault injected so far, oldest first."""
        with self._lock:
            return list(self._fired)

    def fail_before_accept(
        self,
        rate: float = 1.0,
        status: int = 500,
        *,
        count: int | None = None,
        endpoints: Iterable[str] | str | None = None,
        body: dict[str, Any] | None = None,
    ) -> FaultRule:
        """Answer ``status`` without accepting: nothing is delivered, the key stays free."""
        return self._add(
            FaultRule(
                kind="status",
                phase="before_accept",
                rate=rate,
                remaining=count,
                endpoints=_normalise_endpoints(endpoints),
                status=status,
                body=body,
            )
        )

    def fail_after_accept(
        self,
        rate: float = 1.0,
        status: int = 500,
        *,
        count: int | None = None,
        endpoints: Iterable[str] | str | None = None,
        body: dict[str, Any] | None = None,
    ) -> FaultRule:
        """Accept and record the request, then answer ``status`` instead of 2xx.

        The retry key is consumed, so the client's retry with the same key
        gets 409 and the message is not delivered twice.
        """
        return self._add(
            FaultRule(
                kind="status",
                phase="after_accept",
                rate=rate,
                remaining=count,
                endpoints=_normalise_endpoints(endpoints),
                status=status,
                body=body,
            )
        )

    def delay(
        self,
        seconds: float,
        *,
        rate: float = 1.0,
        count: int | None = None,
        endpoints: Iterable[str] | str | None = None,
        phase: Phase = "after_accept",
        skip: int = 0,
    ) -> FaultRule:
        """Sleep ``seconds`` before answering; longer than the client timeout = a timeout.

        ``skip``: the first ``skip`` matching requests are answered normally.

        With ``phase="after_accept"`` (default) the message is delivered even
        though the client gives up — the classic "timed out, retry with the
        same key, get 409" case. With ``"before_accept"`` the request is
        accepted only after the sleep.
        """
        return self._add(
            FaultRule(
                kind="delay",
                phase=phase,
                rate=rate,
                remaining=count,
                endpoints=_normalise_endpoints(endpoints),
                seconds=seconds,
                skip=skip,
            )
        )

    def disconnect(
        self,
        *,
        rate: float = 1.0,
        count: int | None = None,
        endpoints: Iterable[str] | str | None = None,
        phase: Phase = "before_accept",
    ) -> FaultRule:
        """Close the connection without any response (a reset / proxy crash)."""
        return self._add(
            FaultRule(
                kind="disconnect",
                phase=phase,
                rate=rate,
                remaining=count,
                endpoints=_normalise_endpoints(endpoints),
            )
        )

    def next_n(
        self,
        n: int,
        status: int = 500,
        *,
        after_accept: bool = False,
        endpoints: Iterable[str] | str | None = None,
        body: dict[str, Any] | None = None,
    ) -> FaultRule:
        """Deterministic: the next ``n`` matching requests get ``status``."""
        rule = FaultRule(
            kind="status",
            phase="after_accept" if after_accept else "before_accept",
            rate=1.0,
            remaining=n,
            endpoints=_normalise_endpoints(endpoints),
            status=status,
            body=body,
        )
        return self._add(rule)

    # -------------------------------------------------------------- internal

    def _add(self, rule: FaultRule) -> FaultRule:
        if not 0.0 <= rule.rate <= 1.0:
            raise ValueError("rate must be between 0 and 1")
        with self._lock:
            self._rules.append(rule)
        return rule

    def decide(
        self, operation_id: str, phase: Phase, request_id: str
    ) -> FaultDecision | None:
        """Pick the faults for one request at one phase (None: behave normally)."""
        if not self._rules:  # fast path, no lock: benign race on an empty list
            return None
        decision = FaultDecision()
        with self._lock:
            for rule in self._rules:
                if not rule.matches(operation_id, phase):
                    continue
                if rule.rate < 1.0 and self._rng.random() >= rule.rate:
                    continue
                if rule.skip > 0:
                    rule.skip -= 1
                    continue
                if rule.remaining is not None:
                    rule.remaining -= 1
                rule.fired += 1
                decision.rules.append(rule)
                self._fired.append(
                    FiredFault(
                        kind=rule.kind,
                        phase=phase,
                        operation_id=operation_id,
                        request_id=request_id,
                        status=rule.status if rule.kind == "status" else None,
                        seconds=rule.seconds,
                        at=time.time(),
                    )
                )
                if rule.kind == "delay":
                    decision.delay += rule.seconds
                    continue
                if rule.kind == "disconnect":
                    decision.disconnect = True
                else:
                    decision.status = rule.status
                    decision.body = rule.body or DEFAULT_FAULT_BODIES.get(
                        rule.status, {"message": "Injected fault"}
                    )
                break  # one terminal fault per request
        if not decision.rules:
            return None
        return decision

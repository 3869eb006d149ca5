"""IAM-style resource policies (repository and registry policies): parsing and evaluation.

ECR stores a policy as the text it was given and evaluates it: a registry policy decides whether
another account may replicate into the registry (``ecr:ReplicateImage``, ``ecr:CreateRepository``),
a repository policy who may pull or push. :meth:`PolicyDocument.parse` checks the document's grammar
(JSON object, ``Statement`` of objects with ``Effect`` and ``Action``, principals in IAM's forms) and
:meth:`PolicyDocument.allows` answers for one account and one action: an explicit ``Deny`` wins
over any ``Allow``; no matching ``Allow`` is an implicit deny. Conditions are not evaluated: a
statement with a ``Condition`` is taken to apply (documented in docs/behaviour-notes.md).
"""

from __future__ import annotations

import fnmatch
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ecrfake.exceptions import InvalidPolicyText

__all__ = ["PolicyDocument", "Statement"]

_EFFECTS = ("Allow", "Deny")


def _strings(value: Any) -> tuple[str, ...] | None:
    """A string or a list of strings as a tuple (``None`` for anything else)."""
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        return tuple(value)
    return None


@dataclass(frozen=True)
class Statement:
    """One statement: who (accounts, ``*``, services), which actions, and the effect."""

    sid: str | None
    effect: str
    #: Principal accounts (12 digits), ``*`` for everyone; service principals in ``services``.
    accounts: tuple[str, ...]
    services: tuple[str, ...]
    actions: tuple[str, ...]
    not_principal: bool = False
    has_condition: bool = False

    def matches_principal(self, account_id: str) -> bool:
        hit = "*" in self.accounts or account_id in self.accounts
        return not hit if self.not_principal else hit

    def matches_action(self, action: str) -> bool:
        wanted = action.lower()
        return any(fnmatch.fnmatchcase(wanted, pattern.lower()) for pattern in self.actions)


def _account_of(principal: str) -> str | None:
    """``123456789012`` from ``123456789012``, ``arn:aws:iam::123456789012:root`` or a role/user ARN."""
    if principal == "*":
        return "*"
    if len(principal) == 12 and principal.isdigit():
        return principal
    parts = principal.split(":")
    if len(parts) >= 6 and parts[0] == "arn" and parts[2] in ("iam", "sts") and parts[4].isdigit():
        return parts[4]
    return None


def _principals(value: Any) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    """(accounts, services) of a ``Principal``, or ``None`` when it is not one of IAM's forms."""
    if value == "*":
        return ("*",), ()
    if not isinstance(value, dict) or not value:
        return None
    accounts: list[str] = []
    services: list[str] = []
    for kind, names in value.items():
        listed = _strings(names)
        if listed is None:
            return None
        if kind == "AWS":
            for name in listed:
                account = _account_of(name)
                if account is None:
                    return None
                accounts.append(account)
        elif kind in ("Service", "Federated", "CanonicalUser"):
            services.extend(listed)
        else:
            return None
    return tuple(accounts), tuple(services)


def _statement(raw: Any) -> Statement | None:
    if not isinstance(raw, dict):
        return None
    effect = raw.get("Effect")
    actions = _strings(raw.get("Action"))
    if effect not in _EFFECTS or actions is None:
        return None
    not_principal = "NotPrincipal" in raw
    principal = _principals(raw.get("NotPrincipal" if not_principal else "Principal"))
    if principal is None:
        return None
    sid = raw.get("Sid")
    if sid is not None and not isinstance(sid, str):
        return None
    return Statement(
        sid=sid,
        effect=effect,
        accounts=principal[0],
        services=principal[1],
        actions=actions,
        not_principal=not_principal,
        has_condition="Condition" in raw,
    )


@dataclass(frozen=True)
class PolicyDocument:
    """A parsed policy: its text exactly as given, and its statements."""

    text: str
    statements: tuple[Statement, ...]

    @classmethod
    def parse(cls, text: str, kind: str = "repository") -> PolicyDocument:
        """Parse a policy text; ``InvalidParameterException`` (``Invalid <kind> policy provided``)
        when it is not JSON or not a valid policy. ``kind`` is ``repository`` or ``registry``.
        """
        try:
            doc = json.loads(text)
        except (ValueError, RecursionError):
            raise InvalidPolicyText(kind=kind) from None
        if not isinstance(doc, dict):
            raise InvalidPolicyText(kind=kind)
        raw = doc.get("Statement")
        items: Iterable[Any] = (
            [raw] if isinstance(raw, dict) else raw if isinstance(raw, list) else []
        )
        statements = tuple(_statement(item) for item in items)
        if not statements or any(s is None for s in statements):
            raise InvalidPolicyText(kind=kind)
        return cls(text, tuple(s for s in statements if s is not None))

    def allows(self, account_id: str, action: str) -> bool:
        """Whether ``account_id``'s principals may perform ``action`` (e.g. ``ecr:ReplicateImage``).

        An explicit Deny wins; without a matching Allow the answer is no.
        """
        allowed = False
        for statement in self.statements:
            if not (statement.matches_principal(account_id) and statement.matches_action(action)):
                continue
            if statement.effect == "Deny":
                return False
            allowed = True
        return allowed

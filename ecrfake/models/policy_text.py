"""How ECR stores and checks the JSON of repository and registry policies.

* ECR answers a policy text re-serialised by its JSON library's default pretty printer: two-space
  indents per object level, ``" : "`` between a name and its value, arrays on one line
  (``[ "a", "b" ]``) with objects in them opened on the same line (``[ {``) (the AWS CLI's
  set-repository-policy example output).
* A repository policy that would stop anyone from setting a policy on the repository again (a
  ``Deny`` of ``ecr:SetRepositoryPolicy`` to every principal) needs ``force`` (the model's
  documentation of SetRepositoryPolicy's ``force`` member).
* Under the V2 registry policy scope a registry policy may grant any ECR action and only ECR
  actions ("Private registry permissions in Amazon ECR").
"""

from __future__ import annotations

import fnmatch
import json
from collections.abc import Iterable
from typing import Any

__all__ = ["actions_of", "is_lockout", "non_ecr_actions", "pretty"]


_quote = json.encoder.encode_basestring  # the C-accelerated string quoting json.dumps uses


def _scalar(value: Any) -> str:
    if isinstance(value, str):
        return _quote(value)
    if value is True:
        return "true"
    if value is False:
        return "false"
    if value is None:
        return "null"
    return json.dumps(value)


def _render(value: Any, level: int, out: list[str]) -> None:
    if isinstance(value, dict):
        if not value:
            out.append("{ }")
            return
        inner = "\n" + "  " * (level + 1)
        first = True
        for key, item in value.items():
            out.append("{" + inner if first else "," + inner)
            first = False
            out.append(_scalar(str(key)))
            out.append(" : ")
            _render(item, level + 1, out)
        out.append("\n" + "  " * level + "}")
    elif isinstance(value, list):
        if not value:
            out.append("[ ]")
            return
        out.append("[ ")
        for n, item in enumerate(value):
            if n:
                out.append(", ")
            _render(item, level, out)
        out.append(" ]")
    else:
        out.append(_scalar(value))


def pretty(document: Any) -> str:
    """``document`` written the way ECR writes a stored policy back."""
    out: list[str] = []
    _render(document, 0, out)
    return "".join(out)


def _listed(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _statements(document: Any) -> list[dict[str, Any]]:
    if not isinstance(document, dict):
        return []
    return [s for s in _listed(document.get("Statement")) if isinstance(s, dict)]


def actions_of(document: Any) -> Iterable[str]:
    """Every ``Action`` string the document's statements name."""
    for statement in _statements(document):
        for action in _listed(statement.get("Action")):
            if isinstance(action, str):
                yield action


def non_ecr_actions(document: Any) -> list[str]:
    """The actions that are not ECR actions (``ecr:...``)."""
    return [a for a in actions_of(document) if not a.lower().startswith("ecr:")]


def _matches(pattern: str, action: str) -> bool:
    """IAM action matching: case-insensitive, ``*`` any run, ``?`` one character."""
    return fnmatch.fnmatchcase(action.lower(), pattern.lower().replace("[", "[[]"))


def _everyone(principal: Any) -> bool:
    if principal == "*":
        return True
    if isinstance(principal, dict):
        return any(p == "*" for p in _listed(principal.get("AWS")))
    return False


def is_lockout(document: Any) -> bool:
    """Whether the policy denies ``ecr:SetRepositoryPolicy`` to every principal."""
    for statement in _statements(document):
        if statement.get("Effect") != "Deny" or "Condition" in statement:
            continue
        if not _everyone(statement.get("Principal")):
            continue
        actions = [a for a in _listed(statement.get("Action")) if isinstance(a, str)]
        if any(_matches(a, "ecr:SetRepositoryPolicy") for a in actions):
            return True
    return False

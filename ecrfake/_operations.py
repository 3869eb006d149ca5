"""The explicit table of what ecrfake answers (a leaf: handlers register here, dispatch reads it).

A handler is registered with :func:`operation` under its wire name (the ``X-Amz-Target`` suffix for
ECR, the operation name for Inspector2); its function name is ``botocore.xform_name`` of it. It reads
``call.params`` (already validated against botocore's model), makes one model call and returns an
API-shaped dict; it raises :class:`~ecrfake.exceptions.EcrError` subclasses for wire errors.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from ecrfake.models.registry import RegistryModel
    from ecrfake.models.state import FakeState

__all__ = ["OPERATIONS", "SERVICES", "Call", "Handler", "operation"]


class Call(NamedTuple):
    """One decoded, validated request, addressed to one registry.

    A named tuple rather than a frozen dataclass: it is made once per request, and a tuple is built
    in a third of the time (a frozen dataclass sets each field through ``object.__setattr__``).
    """

    operation: str
    params: dict[str, Any]
    registry: RegistryModel
    state: FakeState
    #: botocore's model of the operation: the client's own on the botocore path (so a handler
    #: answers each client from the model that client knows), ecrfake's copy otherwise.
    model: Any = None

    @property
    def registry_id(self) -> str:
        return self.registry.account_id


Handler = Callable[[Call], dict[str, Any]]

#: ECR wire operation name -> handler.
OPERATIONS: dict[str, Handler] = {}
#: Every answered service's table, by botocore service name.
SERVICES: dict[str, dict[str, Handler]] = {"ecr": OPERATIONS, "inspector2": {}}


def operation(name: str, service: str = "ecr") -> Callable[[Handler], Handler]:
    """Register ``func`` as the handler of ``service``'s operation ``name`` (its wire name)."""
    table = SERVICES[service]

    def register(func: Handler) -> Handler:
        existing = table.get(name)
        # A handler module imported again (pytester's in-process runs drop and re-import modules)
        # replaces its own registration; two different handlers for one operation are a bug.
        if existing is not None and _qualified(existing) != _qualified(func):
            raise RuntimeError(
                f"operation {service}:{name} registered twice: {_qualified(existing)} and "
                f"{_qualified(func)}"
            )
        table[name] = func
        return func

    return register


def _qualified(func: Handler) -> str:
    return f"{func.__module__}.{func.__qualname__}"

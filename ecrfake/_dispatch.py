"""From an HTTP request to a model call and back.

``OPERATIONS`` is the explicit table of what ecrfake answers: wire operation name to handler.
Handlers register with :func:`operation`; ``ecrfake.handlers`` imports every handler module.
A handler reads ``call.params``, calls the model and returns an API-shaped dict; it raises
:class:`~ecrfake.exceptions.EcrError` subclasses for ECR errors.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ecrfake import _validate, _wire
from ecrfake.exceptions import (
    EcrError,
    OperationNotImplementedError,
    UnknownOperationException,
)

if TYPE_CHECKING:
    from ecrfake.models.registry import Registry
    from ecrfake.models.state import FakeState

__all__ = ["OPERATIONS", "Call", "dispatch", "operation", "service_model"]


@dataclass(frozen=True)
class Call:
    """One decoded, validated request, addressed to one registry."""

    operation: str
    params: dict[str, Any]
    registry: Registry
    state: FakeState

    @property
    def registry_id(self) -> str:
        return self.registry.account_id


Handler = Callable[[Call], dict[str, Any]]

OPERATIONS: dict[str, Handler] = {}

#: Test hook: called with (operation, result dict) for every successful response before encoding.
response_observer: Callable[[str, dict[str, Any]], None] | None = None


def operation(name: str) -> Callable[[Handler], Handler]:
    """Register ``func`` as the handler of the ECR operation ``name`` (its wire name)."""

    def register(func: Handler) -> Handler:
        existing = OPERATIONS.get(name)
        # A handler module imported again (pytester's in-process runs drop and re-import modules)
        # replaces its own registration; two different handlers for one operation are a bug.
        if existing is not None and _qualified(existing) != _qualified(func):
            raise RuntimeError(
                f"operation {name} registered twice: {_qualified(existing)} and {_qualified(func)}"
            )
        OPERATIONS[name] = func
        return func

    return register


def _qualified(func: Handler) -> str:
    return f"{func.__module__}.{func.__qualname__}"


@functools.lru_cache(maxsize=1)
def service_model() -> Any:
    """botocore's ECR service model (loaded once per process).

    Loaded straight from botocore's data files rather than through a Session, so a user's
    ``AWS_PROFILE`` naming a missing profile cannot break the fake.
    """
    import os

    import botocore.loaders
    import botocore.model

    loader = botocore.loaders.create_loader(os.environ.get("AWS_DATA_PATH"))
    return botocore.model.ServiceModel(loader.load_service_model("ecr", "service-2"), "ecr")


@functools.cache
def _operation_names() -> frozenset[str]:
    return frozenset(service_model().operation_names)


def _operation_model(name: str) -> Any:
    """botocore's model of the operation, or None; only real names reach the cache.

    Hand-made requests may name anything, and caching every name they send would grow without
    bound over a long run.
    """
    return _known_operation_model(name) if name in _operation_names() else None


@functools.cache
def _known_operation_model(name: str) -> Any:
    return service_model().operation_model(name)


_takes_registry_id_cache: dict[str, bool] = {}


def _takes_registry_id(name: str, model: Any) -> bool:
    """Whether the operation's input has a ``registryId`` (cached by name; any copy of the model)."""
    known = _takes_registry_id_cache.get(name)
    if known is None:
        shape = model.input_shape
        known = shape is not None and "registryId" in shape.members
        _takes_registry_id_cache[name] = known
    return known


def _load_handlers() -> None:
    import ecrfake.handlers  # noqa: F401  (registers every @operation)


def resolve_operation(target: str | None, known: Any = None) -> tuple[str, Any]:
    """The operation name and model from an ``X-Amz-Target`` value, or an AWS-style error.

    ``known`` is the operation model the client already holds (botocore passes it); when it names
    the same operation it is used as is, so the botocore path never loads a second copy of the
    service model.
    """
    if not target or not target.startswith(_wire.TARGET_PREFIX):
        raise UnknownOperationException(
            "The request has no X-Amz-Target header naming an Amazon ECR operation "
            f"('{_wire.TARGET_PREFIX}<Operation>')."
        )
    name = target[len(_wire.TARGET_PREFIX) :]
    model = known if known is not None and known.name == name else _operation_model(name)
    if model is None:
        raise UnknownOperationException(f"Amazon ECR has no operation named '{name}'.")
    return name, model


def dispatch(
    state: FakeState,
    target: str | None,
    body: bytes | str | None,
    headers: Any,
    url: str,
    operation_model: Any = None,
) -> tuple[int, dict[str, str], bytes]:
    """Answer one ECR request: returns (status, headers, body).

    ``operation_model`` is botocore's model of the operation when the request comes from a botocore
    client (optional: the ``requests`` path has none, and ecrfake then loads its own).

    Raises :class:`OperationNotImplementedError` for a real ECR operation that ecrfake does not
    implement; every ECR error becomes an error body. Any other exception is a bug in ecrfake and is
    raised in the test process rather than sent over the wire.
    """
    if not OPERATIONS:
        _load_handlers()
    try:
        name, model = resolve_operation(target, operation_model)
        handler = OPERATIONS.get(name)
        if handler is None:
            raise OperationNotImplementedError(name)
        params = _wire.decode_body(body)
        _validate.validate_input(model, params)
        region = _wire.region_from_request(headers, url) or state.default_region
        # Only operations whose input has a registryId can address another account's registry;
        # the registry-level scanning operations always act on the caller's own (reference §1.1).
        account = (
            params.get("registryId") if _takes_registry_id(name, model) else None
        ) or state.default_account
        with state.lock:
            registry = state.registry(account, region)
            result = handler(Call(name, params, registry, state))
        if response_observer is not None:
            response_observer(name, result)
        return _wire.encode_result(result)
    except EcrError as error:
        return _wire.encode_error(error)

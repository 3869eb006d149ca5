"""From a request to a model call and back: the one path every request takes.

:func:`dispatch` answers one ECR JSON 1.1 request (the botocore path calls it with the client's own
operation model); :func:`dispatch_http` is the single entry for raw HTTP (the ``requests`` path and
the server): it routes by service and calls the same code. Dispatch resolves the operation, finds
its handler in the explicit table (:mod:`ecrfake._operations`), decodes and validates the body
against botocore's model, picks the registry, takes the state lock once around the handler, and
encodes the answer or the wire error.

The handler modules are imported here, by name, and nowhere else.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ecrfake import _service, _validate, _wire
from ecrfake._operations import OPERATIONS, Call
from ecrfake.exceptions import (
    EcrError,
    MissingTarget,
    OperationNotImplementedError,
    UnknownOperationException,
)
from ecrfake.handlers import images, pull_through, registry, repositories, scanning

if TYPE_CHECKING:
    from ecrfake.models.state import FakeState

__all__ = ["HANDLER_MODULES", "dispatch", "dispatch_http", "resolve_operation"]

#: Every handler module; importing them fills the operation table.
HANDLER_MODULES = (images, pull_through, registry, repositories, scanning)

#: Test hook: called with (operation, result dict) for every successful response before encoding.
response_observer: Callable[[str, dict[str, Any]], None] | None = None

Reply = tuple[int, dict[str, str], bytes]


def resolve_operation(target: str | None, known: Any = None) -> tuple[str, Any]:
    """The operation name and model from an ``X-Amz-Target`` value, or an AWS-style error.

    ``known`` is the operation model the client already holds (botocore passes it); when it names
    the same operation it is used as is, so the botocore path never loads a second copy of the
    service model.
    """
    if not target or not target.startswith(_wire.TARGET_PREFIX):
        raise MissingTarget(prefix=_wire.TARGET_PREFIX)
    name = target[len(_wire.TARGET_PREFIX) :]
    model = known if known is not None and known.name == name else _service.operation_model(name)
    if model is None:
        raise UnknownOperationException(service="Amazon ECR", name=name)
    return name, model


def dispatch(
    state: FakeState,
    target: str | None,
    body: bytes | str | None,
    headers: Any,
    url: str,
    operation_model: Any = None,
) -> Reply:
    """Answer one ECR request: returns (status, headers, body).

    ``operation_model`` is botocore's model of the operation when the request comes from a botocore
    client (optional: the ``requests`` path has none, and ecrfake then loads its own).

    Raises :class:`OperationNotImplementedError` for a real ECR operation that ecrfake does not
    implement; every ECR error becomes an error body. Any other exception is a bug in ecrfake and is
    raised in the test process rather than sent over the wire.
    """
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
            params.get("registryId") if _service.takes_registry_id(name, model) else None
        ) or state.default_account
        with state.lock:
            result = handler(Call(name, params, state.registry(account, region), state))
        if response_observer is not None:
            response_observer(name, result)
        return _wire.encode_result(result)
    except EcrError as error:
        return _wire.encode_error(error)


def dispatch_http(state: FakeState, method: str, url: str, headers: Any, body: Any) -> Reply:
    """Answer one raw HTTP request addressed to a service ecrfake fakes.

    ECR's JSON API is chosen by its ``X-Amz-Target``; anything else that reaches an ECR API host
    gets ECR's own answer for a request with no operation (``UnknownOperationException``). A real
    ECR operation that ecrfake does not implement gets a 501 naming it.
    """
    target = headers.get("X-Amz-Target") if method == "POST" and headers is not None else None
    try:
        return dispatch(state, target, _wire.body_bytes(body), headers, url)
    except OperationNotImplementedError as error:
        return _wire.encode_not_implemented(str(error))

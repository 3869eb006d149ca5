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

from ecrfake import _auth, _aws, _restjson, _service, _validate, _wire
from ecrfake._aws import INSPECTOR2_API_HOST_RE
from ecrfake._operations import OPERATIONS, SERVICES, Call
from ecrfake.exceptions import (
    EcrError,
    InspectorConstraint,
    InspectorUnparsable,
    InvalidParameterException,
    MissingTarget,
    OperationNotImplementedError,
    OperationNotInInstalledModel,
    UnknownOperationException,
)
from ecrfake.handlers import (
    account_settings,
    images,
    inspector2,
    layers,
    lifecycle,
    policies,
    pull_through,
    pull_time,
    registry,
    registry_api,
    replication,
    repositories,
    scanning,
    signing,
    templates,
)

if TYPE_CHECKING:
    from ecrfake.models.state import FakeState

__all__ = [
    "HANDLER_MODULES",
    "dispatch",
    "dispatch_http",
    "dispatch_inspector2",
    "dispatch_operation",
    "resolve_operation",
]

#: Every handler module; importing them fills the operation table.
HANDLER_MODULES = (
    account_settings,
    images,
    inspector2,
    layers,
    lifecycle,
    policies,
    pull_through,
    pull_time,
    registry,
    replication,
    repositories,
    scanning,
    signing,
    templates,
)

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
        if name in OPERATIONS:  # answered by ecrfake, newer than the installed botocore's model
            import botocore

            raise OperationNotInInstalledModel(name=name, version=botocore.__version__)
        raise UnknownOperationException(service="Amazon ECR", name=name)
    return name, model


def dispatch(
    state: FakeState,
    target: str | None,
    body: bytes | str | None,
    headers: Any,
    url: str,
    operation_model: Any = None,
    region: str | None = None,
) -> Reply:
    """Answer one ECR request: returns (status, headers, body).

    ``operation_model`` is botocore's model of the operation when the request comes from a botocore
    client (optional: the ``requests`` path has none, and ecrfake then loads its own), and
    ``region`` the client's region (else it is read from the SigV4 scope, then the host).

    Raises :class:`OperationNotImplementedError` for a real ECR operation that ecrfake does not
    implement; every ECR error becomes an error body. Any other exception is a bug in ecrfake and is
    raised in the test process rather than sent over the wire.
    """
    try:
        name, model = resolve_operation(target, operation_model)
    except EcrError as error:
        return _wire.encode_error(error)
    return dispatch_operation(state, name, model, body, headers, url, region)


def dispatch_operation(
    state: FakeState,
    name: str,
    model: Any,
    body: bytes | str | None,
    headers: Any,
    url: str,
    region: str | None = None,
) -> Reply:
    """:func:`dispatch` once the operation is known: the botocore path enters here with the
    client's own operation model, whose name botocore wrote into ``X-Amz-Target``."""
    handler = OPERATIONS.get(name)
    if handler is None:
        raise OperationNotImplementedError(name)
    try:
        params = _wire.decode_body(body)
        _validate.validate_input(model, params, "ecr")
        region = region or _wire.region_from_request(headers, url) or state.default_region
        # Only operations whose input has a registryId can address another account's registry;
        # the registry-level scanning operations always act on the caller's own (reference §1.1).
        account = (
            params.get("registryId") if _service.takes_registry_id(name, model) else None
        ) or state.default_account
        with state.lock:
            result = handler(Call(name, params, state.registry(account, region), state, model))
        if response_observer is not None:
            response_observer(name, result)
        return _wire.encode_result(result)
    except EcrError as error:
        return _wire.encode_error(error)


def dispatch_http(state: FakeState, method: str, url: str, headers: Any, body: Any) -> Reply:
    """Answer one raw HTTP request addressed to a service ecrfake fakes.

    ECR's JSON API is chosen by its ``X-Amz-Target``; anything else that reaches an ECR API host
    gets ECR's own answer for a request with no operation (``UnknownOperationException``). A real
    ECR operation that ecrfake does not implement gets a 501 naming it. Amazon Inspector's REST API
    is chosen by its host, or (for a server on a local address) by a SigV4 scope naming
    ``inspector2``.
    """
    registry_host = _aws.REGISTRY_URL_RE.match(url)
    if registry_host is not None:
        return _registry_api(state, registry_host, method, url, headers, body)
    if _aws.LAYER_BUCKET_URL_RE.match(url) is not None:
        with state.lock:
            return registry_api.answer_layer_download(state.registry, url)
    if INSPECTOR2_API_HOST_RE.match(url or "") or _restjson.signed_for_inspector2(headers):
        try:
            return dispatch_inspector2(state, method, url, headers, _wire.body_bytes(body))
        except OperationNotImplementedError as error:
            return _restjson.encode_error("NotImplemented", 501, {"message": str(error)})
    refused = _auth.refusal(headers or {}, url)  # ECR's JSON API: no (complete) SigV4 signature
    if refused is not None:
        return refused
    target = headers.get("X-Amz-Target") if method == "POST" and headers is not None else None
    try:
        return dispatch(state, target, _wire.body_bytes(body), headers, url)
    except OperationNotImplementedError as error:
        return _wire.encode_not_implemented(str(error))


def _registry_api(
    state: FakeState, host: Any, method: str, url: str, headers: Any, body: Any
) -> Reply:
    """A request to a registry host: the registry HTTP API of the registry the host names."""
    region = host["region"] or host["ds_region"]
    hostname = url.split("://", 1)[1].split("/", 1)[0].split("?", 1)[0]
    raw = _wire.body_bytes(body)
    data = raw.encode("utf-8") if isinstance(raw, str) else raw or b""
    with state.lock:
        model = state.registry(host["account"], region.lower())
        return registry_api.answer(model, hostname, method, url, headers, data)


def _inspector_error(error: EcrError) -> Reply:
    fields: dict[str, Any] = {"message": error.message}
    if error.code == "ValidationException":
        fields["reason"] = getattr(error, "reason", "OTHER")
        path = error.fields.get("path")
        if path:
            fields["fields"] = [{"name": path, "message": error.message}]
    return _restjson.encode_error(error.code, error.status, fields)


def dispatch_inspector2(
    state: FakeState,
    method: str,
    url: str,
    headers: Any,
    body: Any,
    operation_model: Any = None,
    client_region: str | None = None,
) -> Reply:
    """Answer one Amazon Inspector (REST-JSON) request: returns (status, headers, body).

    The operation is the client's (botocore path) or the one the method and path name. Inspector
    acts on the caller's own account (the fake's default) in the request's region. An Inspector2
    operation ecrfake does not answer raises :class:`OperationNotImplementedError` naming it.
    """
    name = operation_model.name if operation_model is not None else _restjson.resolve(method, url)
    try:
        if name is None:
            raise UnknownOperationException(service="Amazon Inspector", name=f"{method} {url}")
        handler = SERVICES[_service.INSPECTOR2].get(name)
        if handler is None:
            raise OperationNotImplementedError(name, service="Amazon Inspector")
        model = operation_model or _service.operation_model(name, _service.INSPECTOR2)
        try:
            params = _restjson.decode_request(model, url, body)
        except (ValueError, UnicodeError, RecursionError):
            raise InspectorUnparsable() from None
        try:
            _validate.validate_input(model, params)
        except InvalidParameterException as error:
            raise InspectorConstraint(**error.fields) from None
        params = _restjson.parse_timestamps(model, params)
        region = (
            client_region or _restjson.region_from_request(headers, url) or state.default_region
        )
        with state.lock:
            result = handler(
                Call(name, params, state.registry(state.default_account, region), state, model)
            )
        if response_observer is not None:
            response_observer(f"{_service.INSPECTOR2}:{name}", result)
        return _restjson.encode_result(result)
    except EcrError as error:
        return _inspector_error(error)

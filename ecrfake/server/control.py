"""The control API under ``/_ecrfake/v1/``: the test handle, over HTTP.

It mirrors the in-process handle one to one, by introspection, so a control that another part of
ecrfake adds to the public ``Registry`` (or to ``EcrFake``) is served without a change here:

* ``GET  /_ecrfake/v1/health``: ``{"status": "ok", "version": ...}``.
* ``GET  /_ecrfake/v1/fake``: ``{"methods": [...]}``, the ``EcrFake`` methods served.
* ``POST /_ecrfake/v1/fake/<method>``: calls ``EcrFake.<method>`` (``reset``, ``events``, ...).
* ``GET  /_ecrfake/v1/registry``: ``{"methods": [...], "attributes": [...], "settable": [...]}``.
* ``POST /_ecrfake/v1/registry/<method>``: calls that public ``Registry`` method on the registry the
  body's ``account_id`` / ``region`` name (defaults: the server's).
* ``POST /_ecrfake/v1/registry/set``: ``{"name", "value"}`` sets an attribute (``rescan_duration``
  in days, ``null`` for Inspector's ``LIFETIME``).
* ``POST /_ecrfake/v1/registry/state``: the registry as JSON (attributes, repositories, images).

Bodies are ``{"args": [...], "kwargs": {...}, "account_id": ..., "region": ...}``; answers are
``{"result": ...}`` (see :mod:`ecrfake.remote` for how values become JSON). Misuse is HTTP 400
``{"error": "EcrFakeError", "message": ...}``, exactly the message the in-process call raises;
arguments that do not fit the method's signature are 400 ``BadRequest``; an unknown control is 404
``NotFound``. Anything else a control raises is a bug in ecrfake: it propagates, and the app turns
it into a 500 with the traceback in the server log.
"""

from __future__ import annotations

import datetime
import inspect
import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ecrfake.exceptions import EcrFakeError
from ecrfake.remote import from_json, to_json

if TYPE_CHECKING:
    from ecrfake.fake import EcrFake

__all__ = ["PREFIX", "Controls", "public_members"]

PREFIX = "/_ecrfake/v1/"

Response = tuple[int, dict[str, str], bytes]

#: ``EcrFake`` methods that are about activation in a test process, not about the fake's state.
_NOT_FAKE_CONTROLS = frozenset({"start", "stop", "registry"})
#: Names the registry routes use themselves.
_RESERVED = frozenset({"set", "state"})
#: Attributes that are Python objects for in-process inspection, not state to serve.
_NOT_SERVED = frozenset({"model", "state"})


class _Misuse(Exception):
    """A request the control API refuses: (status, error name, message)."""

    def __init__(self, status: int, error: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.error = error
        self.message = message


Members = tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]
_members_cache: dict[type, Members] = {}


def public_members(cls: type) -> Members:
    """The public methods, readable properties and settable properties of ``cls``, sorted."""
    cached = _members_cache.get(cls)
    if cached is None:
        cached = _members_cache[cls] = _public_members(cls)
    return cached


def _public_members(cls: type) -> Members:
    methods: list[str] = []
    readable: list[str] = []
    settable: list[str] = []
    for name in dir(cls):
        if name.startswith("_"):
            continue
        attr = inspect.getattr_static(cls, name)
        if isinstance(attr, property):
            readable.append(name)
            if attr.fset is not None:
                settable.append(name)
        elif inspect.isfunction(attr):
            methods.append(name)
    return tuple(methods), tuple(readable), tuple(settable)


def _json_response(status: int, payload: Any) -> Response:
    body = json.dumps(payload, separators=(",", ":")).encode("utf-8")
    return status, {"Content-Type": "application/json", "Content-Length": str(len(body))}, body


def _error(status: int, error: str, message: str) -> Response:
    return _json_response(status, {"error": error, "message": message})


class Controls:
    """Answers ``/_ecrfake/v1/`` requests against one fake handle."""

    def __init__(self, fake: EcrFake, version: str) -> None:
        self.fake = fake
        self.version = version

    # -- what is served ---------------------------------------------------------------------------

    def fake_methods(self) -> tuple[str, ...]:
        methods, _, _ = public_members(type(self.fake))
        return tuple(m for m in methods if m not in _NOT_FAKE_CONTROLS)

    def registry_members(self) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
        methods, readable, settable = public_members(type(self.fake.registry()))
        return (
            tuple(m for m in methods if m not in _RESERVED),
            tuple(a for a in readable if a not in _NOT_SERVED),
            settable,
        )

    # -- requests ---------------------------------------------------------------------------------

    def handle(self, method: str, path: str, body: bytes) -> Response:
        """Answer one request whose path starts with :data:`PREFIX` (or is the bare prefix)."""
        route = path[len(PREFIX) :].strip("/") if path.startswith(PREFIX) else ""
        try:
            return self._route(method, route, body)
        except _Misuse as misuse:
            return _error(misuse.status, misuse.error, misuse.message)
        except EcrFakeError as error:
            return _error(400, "EcrFakeError", str(error))

    def _route(self, method: str, route: str, body: bytes) -> Response:
        parts = route.split("/") if route else []
        if parts == ["health"]:
            return _json_response(200, {"status": "ok", "version": self.version})
        if parts == ["fake"] and method in ("GET", "HEAD"):
            return _json_response(200, {"methods": list(self.fake_methods())})
        if parts == ["registry"] and method in ("GET", "HEAD"):
            methods, readable, settable = self.registry_members()
            return _json_response(
                200,
                {
                    "methods": list(methods),
                    "attributes": list(readable),
                    "settable": list(settable),
                },
            )
        if len(parts) == 2 and parts[0] in ("fake", "registry"):
            if method != "POST":
                raise _Misuse(405, "MethodNotAllowed", f"use POST for {PREFIX}{route}")
            request = _decode(body)
            if parts[0] == "fake":
                return self._call_fake(parts[1], request)
            return self._call_registry(parts[1], request)
        raise _Misuse(404, "NotFound", f"no control at {PREFIX}{route}")

    def _call_fake(self, name: str, request: dict[str, Any]) -> Response:
        if name not in self.fake_methods():
            raise _Misuse(
                404,
                "NotFound",
                f"EcrFake has no control named {name!r}; served: {', '.join(self.fake_methods())}",
            )
        args, kwargs = _arguments(request)
        return _json_response(
            200, {"result": to_json(_call(getattr(self.fake, name), args, kwargs))}
        )

    def _registry(self, request: dict[str, Any]) -> Any:
        account = request.get("account_id")
        region = request.get("region")
        for field, value in (("account_id", account), ("region", region)):
            if value is not None and not isinstance(value, str):
                raise _Misuse(400, "BadRequest", f"{field} must be a string or null, not {value!r}")
        return self.fake.registry(account, region)

    def _call_registry(self, name: str, request: dict[str, Any]) -> Response:
        methods, readable, settable = self.registry_members()
        registry = self._registry(request)
        if name == "state":
            return _json_response(200, {"result": registry_state(registry, readable)})
        if name == "set":
            attribute = request.get("name")
            if attribute not in settable:
                raise _Misuse(
                    400,
                    "BadRequest",
                    f"cannot set {attribute!r}: settable attributes are {', '.join(settable)}",
                )
            if "value" not in request:
                raise _Misuse(400, "BadRequest", "set needs a 'value' (null is a value)")
            value = _attribute_value(type(registry), attribute, request["value"])
            setattr(registry, attribute, value)
            return _json_response(200, {"result": to_json(getattr(registry, attribute))})
        if name not in methods:
            raise _Misuse(
                404,
                "NotFound",
                f"Registry has no control named {name!r}; served: {', '.join(methods)}",
            )
        args, kwargs = _arguments(request)
        return _json_response(
            200, {"result": to_json(_call(getattr(registry, name), args, kwargs))}
        )


def _decode(body: bytes) -> dict[str, Any]:
    if not body.strip():
        return {}
    try:
        value = json.loads(body)
    except (UnicodeError, ValueError):
        raise _Misuse(400, "BadRequest", "the request body is not valid JSON") from None
    if not isinstance(value, dict):
        raise _Misuse(400, "BadRequest", "the request body must be a JSON object")
    return value


def _arguments(request: dict[str, Any]) -> tuple[list[Any], dict[str, Any]]:
    args = request.get("args", [])
    kwargs = request.get("kwargs", {})
    if not isinstance(args, list):
        raise _Misuse(400, "BadRequest", f"'args' must be a JSON array, not {args!r}")
    if not isinstance(kwargs, dict):
        raise _Misuse(400, "BadRequest", f"'kwargs' must be a JSON object, not {kwargs!r}")
    return from_json(args), from_json(kwargs)


def _call(func: Callable[..., Any], args: list[Any], kwargs: dict[str, Any]) -> Any:
    """Call ``func`` after checking the arguments fit its signature (a misfit is the caller's)."""
    try:
        inspect.signature(func).bind(*args, **kwargs)
    except TypeError as error:
        raise _Misuse(400, "BadRequest", f"{func.__name__}(): {error}") from None
    return func(*args, **kwargs)


def _attribute_value(cls: type, name: str, value: Any) -> Any:
    """The Python value for ``set``: a number of days for a ``timedelta`` attribute."""
    prop = inspect.getattr_static(cls, name)
    annotation = str(inspect.signature(prop.fget).return_annotation) if prop.fget else ""
    if "timedelta" in annotation and value is not None:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise _Misuse(400, "BadRequest", f"{name} is a number of days (or null), not {value!r}")
        try:
            return datetime.timedelta(days=value)
        except OverflowError:
            raise EcrFakeError(f"{name} of {value!r} days is out of range") from None
    return from_json(value, name)


def registry_state(registry: Any, attributes: tuple[str, ...]) -> dict[str, Any]:
    """One registry as JSON: its identity, its public attributes, its repositories and images."""
    out: dict[str, Any] = {
        "account_id": registry.account_id,
        "region": registry.region,
    }
    values: dict[str, Any] = {}
    for name in attributes:
        if name in ("account_id", "region", "repositories"):
            continue
        value = getattr(registry, name)
        if callable(value):
            continue
        values[name] = to_json(value)
    out["attributes"] = values
    out["repositories"] = [_repository_state(r) for r in _repositories(registry)]
    return out


def _repositories(registry: Any) -> list[Any]:
    repositories = registry.repositories
    items = list(repositories() if callable(repositories) else repositories)
    return [registry.get_repository(item) if isinstance(item, str) else item for item in items]


def _repository_state(repository: Any) -> dict[str, Any]:
    out: dict[str, Any] = to_json(repository.to_api())
    images: Any = getattr(repository, "images", None) or {}
    found = [images.get(key) if isinstance(key, str) else key for key in images]
    out["images"] = [
        {
            "imageDigest": image.digest,
            "imageTags": list(image.tags),
            "imagePushedAt": to_json(image.pushed_at),
            "imageManifestMediaType": image.media_type,
            "imageSizeInBytes": image.size,
            "lastRecordedPullTime": to_json(image.last_recorded_pull_time),
        }
        for image in found
        if image is not None
    ]
    return out

"""``RemoteFake``: the Python client of a running ``ecrfake serve`` (its control API).

It gives a test the handle it would have in process, over HTTP and with the standard library only::

    from ecrfake import enhanced_finding
    from ecrfake.remote import RemoteFake

    fake = RemoteFake("http://127.0.0.1:8080")
    reg = fake.registry()                       # or registry(account_id=..., region=...)
    reg.seed_enhanced_findings("app", {"imageTag": "1.0"}, [enhanced_finding("CVE-2021-44228")])
    reg.rescan_duration = datetime.timedelta(days=7)
    fake.events(source="aws.ecr")
    fake.reset()

A registry control is any public method of ``ecrfake.Registry`` that the server serves (the list
comes from the server, so controls added in later releases work without a client change). Misuse
raises :class:`ecrfake.EcrFakeError` with the server's message, as the call would in process.
Results are JSON: timestamps are ISO 8601 strings and durations are numbers of days.

This module also defines the control API's JSON conventions, for the server and this client alike
(:func:`to_json`, :func:`from_json`). Out: timestamps become ISO 8601 strings, ``timedelta`` a
number of days (the unit ``rescan_duration`` is set in), dataclasses and model objects plain
objects, sets and tuples lists. In: a string under a key ending in ``At`` (the API's timestamp
members: ``firstObservedAt``, ``updatedAt``, ``imagePushedAt``...) that reads as an ISO 8601
date-time becomes an aware ``datetime``; everything else stays as JSON gave it. It imports nothing
beyond the standard library and ``ecrfake.exceptions``.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime
import enum
import inspect
import json
import urllib.error
import urllib.request
from collections.abc import Mapping
from typing import Any

from ecrfake.exceptions import EcrFakeError

__all__ = [
    "RemoteError",
    "RemoteFake",
    "RemoteRegistry",
    "days",
    "from_json",
    "parse_timestamp",
    "to_json",
]

_CONTROL = "/_ecrfake/v1"


# -- the control API's JSON ---------------------------------------------------------------------

_SECONDS_PER_DAY = 86400.0


def days(value: datetime.timedelta) -> float | int:
    """A duration as a number of days (an int when it is a whole number of days)."""
    count = value.total_seconds() / _SECONDS_PER_DAY
    return int(count) if count.is_integer() else count


def to_json(value: Any) -> Any:
    """``value`` as something ``json.dumps`` takes (see the module docstring for the rules)."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, datetime.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=datetime.timezone.utc)
        return value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, datetime.timedelta):
        return days(value)
    if isinstance(value, enum.Enum):
        return to_json(value.value)
    if isinstance(value, (bytes, bytearray, memoryview)):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, Mapping):
        return {str(k): to_json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [to_json(v) for v in value]
        return sorted(items, key=repr) if isinstance(value, (set, frozenset)) else items
    to_api = getattr(value, "to_api", None)
    if callable(to_api) and _takes_no_arguments(to_api):
        return to_json(to_api())
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: to_json(getattr(value, f.name))
            for f in dataclasses.fields(value)
            if not f.name.startswith("_")
        }
    raise TypeError(f"ecrfake's control API cannot encode {type(value).__name__} as JSON")


def _takes_no_arguments(func: Any) -> bool:
    try:
        params = inspect.signature(func).parameters.values()
    except (TypeError, ValueError):
        return False
    return all(
        p.default is not inspect.Parameter.empty
        or p.kind in (inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD)
        for p in params
    )


def parse_timestamp(text: str) -> datetime.datetime | None:
    """An ISO 8601 date-time (``Z`` or an offset; none means UTC) as an aware datetime, else None."""
    if len(text) < 16 or text[4:5] != "-" or "T" not in text.upper():
        return None
    candidate = text[:-1] + "+00:00" if text.endswith(("Z", "z")) else text
    try:
        parsed = datetime.datetime.fromisoformat(candidate)
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=datetime.timezone.utc)
    return parsed


def from_json(value: Any, key: str | None = None) -> Any:
    """A decoded JSON value ready for a control call: ISO strings under ``...At`` keys become datetimes."""
    if isinstance(value, str):
        if key is not None and key.endswith("At"):
            parsed = parse_timestamp(value)
            if parsed is not None:
                return parsed
        return value
    if isinstance(value, dict):
        return {k: from_json(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [from_json(v) for v in value]
    return value


# -- the client ---------------------------------------------------------------------------------


class RemoteError(RuntimeError):
    """The server could not answer a control call (not a misuse of the fake: see the status)."""

    def __init__(self, status: int, error: str, message: str) -> None:
        super().__init__(f"HTTP {status} {error}: {message}")
        self.status = status
        self.error = error
        self.message = message


class RemoteFake:
    """The handle of a fake served at ``url`` (``http://HOST:PORT``, as ``ecrfake serve`` prints)."""

    def __init__(self, url: str, *, timeout: float = 30.0) -> None:
        self.url = url.rstrip("/")
        self.timeout = timeout
        self._registry_members: dict[str, list[str]] | None = None

    def __repr__(self) -> str:
        return f"<RemoteFake {self.url}>"

    # -- transport --------------------------------------------------------------------------------

    def _request(self, method: str, path: str, payload: dict[str, Any] | None = None) -> Any:
        data = None if payload is None else json.dumps(to_json(payload)).encode("utf-8")
        request = urllib.request.Request(
            f"{self.url}{_CONTROL}/{path}",
            data=data,
            method=method,
            headers={"Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                body = response.read()
        except urllib.error.HTTPError as failure:
            raw = failure.read()
            try:
                answer = json.loads(raw)
            except ValueError:
                answer = {"error": "HTTPError", "message": raw.decode("utf-8", "replace")}
            error = str(answer.get("error", "HTTPError"))
            message = str(answer.get("message", ""))
            if failure.code == 400 and error == "EcrFakeError":
                raise EcrFakeError(message) from None
            raise RemoteError(failure.code, error, message) from None
        return json.loads(body)

    def _call(self, path: str, payload: dict[str, Any]) -> Any:
        return self._request("POST", path, payload)["result"]

    # -- the handle -------------------------------------------------------------------------------

    def health(self) -> dict[str, Any]:
        """``{"status": "ok", "version": ...}`` when the server answers."""
        answer: dict[str, Any] = self._request("GET", "health")
        return answer

    def registry(self, account_id: str | None = None, region: str | None = None) -> RemoteRegistry:
        """One registry (defaults: the server's ``--account`` and ``--region``)."""
        return RemoteRegistry(self, account_id, region)

    def reset(self) -> None:
        """Back to the empty state."""
        self.call("reset")

    def events(self, *, source: str | None = None, detail_type: str | None = None) -> Any:
        """The EventBridge events so far (see ``EcrFake.events``)."""
        kwargs = {k: v for k, v in (("source", source), ("detail_type", detail_type)) if v}
        return self.call("events", **kwargs)

    def call(self, method: str, *args: Any, **kwargs: Any) -> Any:
        """Call ``EcrFake.<method>`` on the server."""
        return self._call(f"fake/{method}", {"args": list(args), "kwargs": kwargs})

    def _members(self) -> dict[str, list[str]]:
        if self._registry_members is None:
            self._registry_members = self._request("GET", "registry")
        return self._registry_members


class RemoteRegistry:
    """One registry of a :class:`RemoteFake`: the same controls as ``ecrfake.Registry``.

    Methods are called on the server; attributes (``rescan_duration``...) read the server's value
    and assigning one sets it (a ``timedelta`` or a number of days; ``None`` for ``LIFETIME``).
    """

    def __init__(self, fake: RemoteFake, account_id: str | None, region: str | None) -> None:
        object.__setattr__(self, "_fake", fake)
        object.__setattr__(self, "_where", {"account_id": account_id, "region": region})

    def __repr__(self) -> str:
        where = self._where
        return f"<RemoteRegistry {where['account_id'] or 'default'} {where['region'] or 'default'}>"

    def call(self, method: str, *args: Any, **kwargs: Any) -> Any:
        """Call the ``Registry`` control ``method`` on the server."""
        payload = {"args": list(args), "kwargs": kwargs, **self._where}
        return self._fake._call(f"registry/{method}", payload)

    def state(self) -> dict[str, Any]:
        """The registry as JSON: attributes, repositories and their images."""
        answer: dict[str, Any] = self._fake._call("registry/state", dict(self._where))
        return answer

    def set(self, name: str, value: Any) -> Any:
        """Set the attribute ``name``; returns the value the server now holds."""
        if isinstance(value, datetime.timedelta):
            value = days(value)
        return self._fake._call("registry/set", {"name": name, "value": value, **self._where})

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        members = self._fake._members()
        if name in members["attributes"]:
            return self.state()["attributes"].get(name)
        if name in members["methods"]:

            def control(*args: Any, **kwargs: Any) -> Any:
                return self.call(name, *args, **kwargs)

            control.__name__ = name
            return control
        raise AttributeError(
            f"the server's Registry has no control {name!r}; it serves "
            f"{', '.join(members['methods'] + members['attributes'])}"
        )

    def __setattr__(self, name: str, value: Any) -> None:
        if name.startswith("_"):
            object.__setattr__(self, name, value)
            return
        self.set(name, value)

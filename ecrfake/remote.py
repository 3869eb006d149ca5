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
"""

from __future__ import annotations

import datetime
import json
import urllib.error
import urllib.request
from typing import Any

from ecrfake.exceptions import EcrFakeError
from ecrfake.server.codec import to_json

__all__ = ["RemoteError", "RemoteFake", "RemoteRegistry"]

_CONTROL = "/_ecrfake/v1"


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
            value = value.total_seconds() / 86400
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

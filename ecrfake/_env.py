"""Fake AWS credentials and a default region in the environment while a fake is active.

Each activation takes a snapshot of ``os.environ`` at start and, on stop, puts the whole environment
back as it was: keys added meanwhile are removed, keys removed or changed get their old values. (A
snapshot and a diff cost a fraction of ``unittest.mock.patch.dict``, which clears and refills the
whole environment on stop, and importing nothing keeps start-up cheap.)

The snapshot is a copy of the mapping ``os.environ`` keeps its encoded entries in (CPython's
``_Environ._data``), compared with set operations in C, so only the entries that changed are
decoded and written back through ``os.environ`` (which calls ``putenv``/``unsetenv``). Where that
mapping is not a dict, the snapshot is a decoded ``os.environ.copy()`` instead.
"""

from __future__ import annotations

import os
from typing import Any

__all__ = ["FAKE_ACCESS_KEY", "FAKE_SECRET_KEY", "FakeEnvironment"]

FAKE_ACCESS_KEY = "AKIAECRFAKE000000000"  # not a real key: 'ECRFAKE' marks it
FAKE_SECRET_KEY = "ecrfake-secret-key-not-used-by-anyone"

#: Taken out while fake keys are in: a profile makes botocore skip environment keys (and may reach
#: for SSO or STS over the network); a token or expiry would be paired with the wrong keys.
_CREDENTIAL_COMPANIONS = (
    "AWS_PROFILE",
    "AWS_DEFAULT_PROFILE",
    "AWS_SESSION_TOKEN",
    "AWS_SECURITY_TOKEN",
    "AWS_CREDENTIAL_EXPIRATION",
)


class FakeEnvironment:
    """The environment changes of one activation.

    The outermost activation puts fake keys in when the environment has no usable keys (both
    ``AWS_ACCESS_KEY_ID`` and ``AWS_SECRET_ACCESS_KEY``), and sets ``AWS_DEFAULT_REGION`` when
    neither it nor ``AWS_REGION`` is set. User-set keys and regions are left alone. A nested
    activation changes the region only when the region in the environment is the fake's own
    (``outer.owns_region``), so an inner ``region=`` wins over the outer fake's default but never
    over the user's.
    """

    def __init__(self, region: str, outer: FakeEnvironment | None = None) -> None:
        self.region = region
        self.outer = outer
        self.owns_region = False
        self._saved: tuple[bool, dict[Any, Any]] | None = None

    def start(self) -> None:
        env = os.environ
        values: dict[str, str] = {}
        remove: tuple[str, ...] = ()
        if self.outer is None:
            if not (env.get("AWS_ACCESS_KEY_ID") and env.get("AWS_SECRET_ACCESS_KEY")):
                values["AWS_ACCESS_KEY_ID"] = FAKE_ACCESS_KEY
                values["AWS_SECRET_ACCESS_KEY"] = FAKE_SECRET_KEY
                remove = _CREDENTIAL_COMPANIONS
            self.owns_region = not (env.get("AWS_DEFAULT_REGION") or env.get("AWS_REGION"))
        else:
            self.owns_region = self.outer.owns_region and (
                env.get("AWS_DEFAULT_REGION") == self.outer.region
            )
        if self.owns_region:
            values["AWS_DEFAULT_REGION"] = self.region
        self._saved = _snapshot()
        env.update(values)
        for key in remove:
            env.pop(key, None)

    def stop(self) -> None:
        """Put the environment back exactly as it was at :meth:`start`."""
        saved, self._saved = self._saved, None
        if saved is not None:
            _restore(saved)


def _encoded() -> dict[Any, Any] | None:
    data = getattr(os.environ, "_data", None)
    return data if type(data) is dict else None


def _snapshot() -> tuple[bool, dict[Any, Any]]:
    """``(encoded, entries)``: the encoded entries when CPython keeps them in a dict."""
    data = _encoded()
    if data is not None:
        return True, dict(data)
    return False, os.environ.copy()


def _restore(snapshot: tuple[bool, dict[Any, Any]]) -> None:
    encoded, saved = snapshot
    env = os.environ
    if encoded and (now := _encoded()) is not None:
        if now == saved:
            return
        decode_key = getattr(env, "decodekey", lambda key: key)
        decode_value = getattr(env, "decodevalue", lambda value: value)
        for key in now.keys() - saved.keys():
            del env[decode_key(key)]
        for key, value in saved.items() - now.items():
            env[decode_key(key)] = decode_value(value)
        return
    if encoded:  # the mapping changed kind meanwhile (never in practice): decode the snapshot
        decode_key = getattr(env, "decodekey", lambda key: key)
        decode_value = getattr(env, "decodevalue", lambda value: value)
        saved = {decode_key(k): decode_value(v) for k, v in saved.items()}
    for key in [key for key in env if key not in saved]:
        del env[key]
    for key, value in saved.items():
        if env.get(key) != value:
            env[key] = value

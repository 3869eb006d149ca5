"""``mock_ecr_scanning`` and the :class:`EcrFake` handle it returns.

One object serves every form: bare or called decorator on sync and async functions, class decorator
(``unittest.TestCase`` or a plain class), context manager (sync and async) and ``start()``/``stop()``.
Activations form a stack: the first one installs interception and owns a fresh state, nested ones
share it, and the last one to stop removes interception and restores the environment.
"""

from __future__ import annotations

import functools
import inspect
import threading
import unittest
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar, overload

from ecrfake import _env

if TYPE_CHECKING:
    from types import TracebackType

    from ecrfake.models.registry import Registry
    from ecrfake.models.state import FakeState

__all__ = ["EcrFake", "mock_ecr_scanning"]

P = ParamSpec("P")
R = TypeVar("R")
T = TypeVar("T")

_stack_lock = threading.Lock()
_stack: list[EcrFake] = []


class EcrFake:
    """An activation of the fake, and the handle tests use to reach its state.

    Create it with :func:`mock_ecr_scanning`. While started, every ECR API call made through
    botocore/boto3 (and ECR API calls made with ``requests``) is answered from memory.
    """

    def __init__(self, account_id: str | None = None, region: str | None = None) -> None:
        from ecrfake.models.state import DEFAULT_ACCOUNT_ID, DEFAULT_REGION

        self.account_id: str = account_id or DEFAULT_ACCOUNT_ID
        self.region: str = region or DEFAULT_REGION
        self._state: FakeState | None = None
        self._env: Any = None

    def __repr__(self) -> str:
        status = "active" if self.active else "stopped"
        return f"<EcrFake account={self.account_id} region={self.region} {status}>"

    # -- the handle -------------------------------------------------------------------------------

    @property
    def active(self) -> bool:
        """Whether this fake is started."""
        return self._state is not None

    @property
    def state(self) -> FakeState:
        if self._state is None:
            raise RuntimeError(
                "this EcrFake is not started: use it as a decorator or a with block, or call "
                "start()"
            )
        return self._state

    def registry(self, account_id: str | None = None, region: str | None = None) -> Registry:
        """The model of one private registry (one account in one region).

        Defaults: the fake's account (``123456789012`` unless ``mock_ecr_scanning(account_id=...)``
        said otherwise) and region (``us-east-1`` unless ``region=...`` was given).
        """
        return self.state.registry(account_id, region)

    def reset(self) -> None:
        """Forget every registry: back to the empty state."""
        self.state.reset()

    # -- start / stop -----------------------------------------------------------------------------

    def start(self) -> EcrFake:
        """Activate the fake. Returns ``self``."""
        from ecrfake import _patch
        from ecrfake.models.state import FakeState

        with _stack_lock:
            if self in _stack:
                raise RuntimeError(f"{self!r} is already started")
            if _stack:
                self._state = _stack[0]._state
            else:
                state = FakeState(self.account_id, self.region)
                env = _env.fake_credentials(self.region)
                env.start()
                try:
                    _env.drop_profile_vars()
                    _patch.activate(state)
                except BaseException:
                    env.stop()
                    raise
                self._env = env
                self._state = state
            _stack.append(self)
        return self

    def stop(self) -> None:
        """Deactivate the fake; the last active fake removes interception and restores the env."""
        from ecrfake import _patch

        with _stack_lock:
            if self not in _stack:
                raise RuntimeError(f"stop() called on {self!r}, which is not started")
            if _stack[-1] is not self:
                raise RuntimeError(
                    "stop() called on a fake that is not the innermost active one; stop nested "
                    "fakes in the reverse order of starting them"
                )
            _stack.pop()
            self._state = None
            if not _stack:
                env, self._env = self._env, None
                try:
                    _patch.deactivate()
                finally:
                    if env is not None:
                        env.stop()

    def __enter__(self) -> EcrFake:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    async def __aenter__(self) -> EcrFake:
        return self.start()

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # -- decorator --------------------------------------------------------------------------------

    @overload
    def __call__(self, func: type[T]) -> type[T]: ...  # type: ignore[overload-overlap]  # classes are callables too; this overload wins for them

    @overload
    def __call__(self, func: Callable[P, Awaitable[R]]) -> Callable[P, Awaitable[R]]: ...

    @overload
    def __call__(self, func: Callable[P, R]) -> Callable[P, R]: ...

    def __call__(self, func: Any) -> Any:
        if isinstance(func, type):
            return self._decorate_class(func)
        if inspect.iscoroutinefunction(func):
            return self._decorate_async(func)
        if callable(func):
            return self._decorate_sync(func)
        raise TypeError(f"mock_ecr_scanning cannot decorate {func!r}")

    def _fresh(self) -> EcrFake:
        return EcrFake(self.account_id, self.region)

    def _decorate_sync(self, func: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(func)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
            with self._fresh():
                return func(*args, **kwargs)

        return wrapper

    def _decorate_async(self, func: Callable[P, Awaitable[R]]) -> Callable[P, Awaitable[R]]:
        @functools.wraps(func)
        async def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
            async with self._fresh():
                return await func(*args, **kwargs)

        return wrapper

    def _decorate_class(self, cls: type[T]) -> type[T]:
        if issubclass(cls, unittest.TestCase):
            # setUp starts a fresh fake; addCleanup stops it after tearDown, even if setUp fails.
            orig_setup = cls.setUp
            template = self

            @functools.wraps(orig_setup)
            def setUp(tc: unittest.TestCase) -> None:
                fake = template._fresh()
                fake.start()
                tc.addCleanup(fake.stop)
                tc.ecr_fake = fake  # type: ignore[attr-defined]  # handy handle for tests
                orig_setup(tc)

            cls.setUp = setUp  # type: ignore[method-assign,assignment]  # the class-decorator hook
            return cls
        for name, attr in list(vars(cls).items()):
            if not name.startswith("test") or isinstance(attr, (staticmethod, classmethod)):
                continue
            if callable(attr):
                setattr(cls, name, self(attr))
        return cls


@overload
def mock_ecr_scanning(func: Callable[P, R], /) -> Callable[P, R]: ...


@overload
def mock_ecr_scanning(
    func: None = None, /, *, account_id: str | None = None, region: str | None = None
) -> EcrFake: ...


def mock_ecr_scanning(
    func: Callable[P, R] | None = None,
    /,
    *,
    account_id: str | None = None,
    region: str | None = None,
) -> Callable[P, R] | EcrFake:
    """Answer ECR's scanning and pull-through-cache APIs from memory.

    Use it bare (``@mock_ecr_scanning``), called (``@mock_ecr_scanning(account_id=..., region=...)``),
    on a class, as ``with mock_ecr_scanning() as fake:``, or with ``start()``/``stop()``. Each
    decorated call, ``with`` block or test method starts from empty state; nested activations share
    the outer one's state. ``account_id`` (default ``123456789012``) is the account requests act on
    when they name no ``registryId``; ``region`` (default ``us-east-1``) is the default region of
    ``fake.registry()`` and of the environment when none is set.
    """
    fake = EcrFake(account_id=account_id, region=region)
    if func is not None:
        return fake(func)
    return fake

"""``mock_ecr_scanning`` and the :class:`EcrFake` handle it returns.

One object serves every form: bare or called decorator on sync and async functions, class decorator
(``unittest.TestCase`` or a plain class), context manager (sync and async) and ``start()``/``stop()``.
Activations form a stack, the one record of what is active (time-machine's traveller stack): the
first one installs interception (``ecrfake._patch``, which only installs and uninstalls) and owns a
fresh state, nested ones share it, and the last one to stop removes interception and restores the
environment. :func:`active_fakes` reads the stack.

Importing this module imports nothing heavy (no botocore, no ``unittest.mock``): the pytest plugin
loads it in every pytest session.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Coroutine
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar, overload

from ecrfake._controls import check_account, check_region

if TYPE_CHECKING:
    from types import TracebackType

    from ecrfake._env import FakeEnvironment
    from ecrfake._patch import Interception
    from ecrfake.models.state import FakeState
    from ecrfake.registry import Registry

__all__ = ["EcrFake", "active_fakes", "mock_ecr_scanning"]

P = ParamSpec("P")
R = TypeVar("R")
T = TypeVar("T")

_stack_lock = threading.Lock()
#: The active fakes, outermost first: the only record of activation. The outermost one holds the
#: installed interception.
_stack: list[EcrFake] = []


def active_fakes() -> tuple[EcrFake, ...]:
    """The fakes active right now, outermost first (empty when none is).

    For fixtures and helpers that must leave the activation stack as they found it: take
    ``len(active_fakes())`` before, and stop what is above it afterwards, innermost first.
    """
    with _stack_lock:
        return tuple(_stack)


class EcrFake:
    """An activation of the fake, and the handle tests use to reach its state.

    Create it with :func:`mock_ecr_scanning`. While started, every ECR API call made through
    botocore/boto3 (and ECR API calls made with ``requests``) is answered from memory.

    ``account_id`` and ``region`` are the defaults of this activation: the account that requests
    without a ``registryId`` act on, and the region of :meth:`registry` (and of the environment when
    none is set). Left out, they are ``123456789012`` and ``us-east-1`` for an outermost activation,
    and the enclosing activation's for a nested one.
    """

    def __init__(self, account_id: str | None = None, region: str | None = None) -> None:
        from ecrfake.models.state import DEFAULT_ACCOUNT_ID, DEFAULT_REGION

        check_account(account_id, "mock_ecr_scanning")
        check_region(region, "mock_ecr_scanning")
        self._account_arg = account_id
        self._region_arg = region
        self._account = account_id or DEFAULT_ACCOUNT_ID
        self._region = region or DEFAULT_REGION
        self._state: FakeState | None = None
        #: The state of the last run, readable after stop() until the next start().
        self._last_state: FakeState | None = None
        self._env: FakeEnvironment | None = None
        self._outer_defaults: tuple[str, str] | None = None
        self._interception: Interception | None = None

    def __repr__(self) -> str:
        status = "active" if self.active else "stopped"
        stack = list(_stack)  # no lock: repr runs inside start()/stop(), which hold it
        if self in stack and len(stack) > 1:
            status += f", {stack.index(self) + 1} of {len(stack)} active"
        return f"<EcrFake account={self.account_id} region={self.region} {status}>"

    # -- the handle -------------------------------------------------------------------------------

    @property
    def active(self) -> bool:
        """Whether this fake is started."""
        return self._state is not None

    @property
    def account_id(self) -> str:
        """The default account of this activation (requests without ``registryId``)."""
        return self._account

    @property
    def region(self) -> str:
        """The default region of this activation (:meth:`registry`, the environment)."""
        return self._region

    @property
    def state(self) -> FakeState:
        """Every registry of this activation (shared with nested activations).

        After :meth:`stop` it is the state the fake stopped with, readable until the next start.
        """
        state = self._state or self._last_state
        if state is None:
            raise RuntimeError(
                f"{self!r} was never started: use it as a decorator or a with block, or call "
                "start()"
            )
        return state

    def registry(self, account_id: str | None = None, region: str | None = None) -> Registry:
        """The test controls of one private registry (one account in one region).

        Defaults: this fake's :attr:`account_id` (``123456789012`` unless
        ``mock_ecr_scanning(account_id=...)`` said otherwise) and :attr:`region` (``us-east-1``
        unless ``region=...`` was given). A bad account id or region raises
        :class:`~ecrfake.EcrFakeError`.
        """
        from ecrfake.registry import Registry

        check_account(account_id, "registry")
        check_region(region, "registry")
        state = self.state
        return Registry(
            state.registry(account_id or self._account, region or self._region), state.lock
        )

    def reset(self) -> None:
        """Forget every registry and every event: back to the empty state (shared by nested
        activations)."""
        self.state.reset()

    def events(
        self, *, source: str | None = None, detail_type: str | None = None
    ) -> list[dict[str, Any]]:
        """The Amazon EventBridge events AWS would have emitted so far, oldest first.

        Each is the full envelope (``version``, ``id``, ``detail-type``, ``source``, ``account``,
        ``time``, ``region``, ``resources``, ``detail``) as AWS documents it, from the fake's clock:
        ``aws.ecr`` "ECR Image Action", "ECR Image Scan", "ECR Scan Resource Change", "ECR Pull
        Through Cache Action", "ECR Replication Action"; ``aws.inspector2`` "Inspector2 Scan",
        "Inspector2 Finding", "Inspector2 Coverage". ``source`` / ``detail_type`` keep the events
        whose ``source`` / ``detail-type`` equal them. Each call returns fresh copies; ``reset()``
        empties the log. See docs/events.md.
        """
        state = self.state
        with state.lock:
            return state.events.events(source=source, detail_type=detail_type)

    # -- start / stop -----------------------------------------------------------------------------

    def start(self) -> EcrFake:
        """Activate the fake and return ``self``.

        The outermost activation installs interception, puts fake credentials in the environment
        (see :class:`ecrfake._env.FakeEnvironment`) and starts from empty state. A nested one shares
        that state; while it is the innermost, its ``account_id``/``region`` (or, left out, the
        enclosing ones) are the defaults of requests.
        """
        from ecrfake import _env, _patch
        from ecrfake.models.state import DEFAULT_ACCOUNT_ID, DEFAULT_REGION, FakeState

        with _stack_lock:
            if self in _stack:
                raise RuntimeError(f"{self!r} is already started")
            outer = _stack[-1] if _stack else None
            if outer is not None:
                self._account = self._account_arg or outer._account
                self._region = self._region_arg or outer._region
            else:
                self._account = self._account_arg or DEFAULT_ACCOUNT_ID
                self._region = self._region_arg or DEFAULT_REGION
            env = _env.FakeEnvironment(self._region, outer._env if outer is not None else None)
            env.start()
            try:
                if outer is None:
                    state = FakeState(self._account, self._region)
                    self._interception = _patch.install(state)
                else:
                    state = outer.state
                    self._outer_defaults = (state.default_account, state.default_region)
                    state.default_account, state.default_region = self._account, self._region
            except BaseException:
                env.stop()
                raise
            self._env = env
            self._state = state
            self._last_state = None
            _stack.append(self)
        return self

    def stop(self) -> None:
        """Deactivate the fake.

        Fakes stop in the reverse order of starting (``RuntimeError`` otherwise, and for a fake that
        is not started). Stopping a nested fake gives the enclosing one its defaults back; stopping
        the last one removes interception and restores the environment exactly, then gives one
        :class:`~ecrfake.exceptions.EcrFakeWarning` if seeds or scan plans remain for images that
        were never pushed (see ``Registry.unused_seeds()``).
        """
        from ecrfake import _patch

        with _stack_lock:
            if self not in _stack:
                raise RuntimeError(f"stop() called on {self!r}, which is not started")
            if _stack[-1] is not self:
                raise RuntimeError(
                    f"stop() called on {self!r}, which is not the innermost active fake "
                    f"({_stack[-1]!r}); stop nested fakes in the reverse order of starting them"
                )
            _stack.pop()
            outermost = not _stack
            state, self._state = self._state, None
            self._last_state = state
            env, self._env = self._env, None
            defaults, self._outer_defaults = self._outer_defaults, None
            interception, self._interception = self._interception, None
            try:
                if interception is not None:
                    _patch.uninstall(interception)
                elif state is not None and defaults is not None:
                    state.default_account, state.default_region = defaults
            finally:
                if env is not None:
                    env.stop()
        if outermost and state is not None:
            _warn_unused_seeds(state)

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
    def __call__(
        self, func: Callable[P, Coroutine[Any, Any, R]]
    ) -> Callable[P, Coroutine[Any, Any, R]]: ...

    @overload
    def __call__(self, func: Callable[P, R]) -> Callable[P, R]: ...

    def __call__(self, func: Any) -> Any:
        """Decorate a class, an ``async def`` or a plain function (see :func:`mock_ecr_scanning`)."""
        import inspect

        if isinstance(func, type):
            return self._decorate_class(func)
        if inspect.isgeneratorfunction(func) or inspect.isasyncgenfunction(func):
            raise TypeError(
                f"mock_ecr_scanning cannot decorate the generator function {func!r}: the fake "
                "would stop before it runs; use a with block inside it"
            )
        if inspect.iscoroutinefunction(func):
            return self._decorate_async(func)
        if callable(func):
            return self._decorate_sync(func)
        raise TypeError(
            f"mock_ecr_scanning decorates functions, async functions and classes, not {func!r}"
        )

    def _fresh(self) -> EcrFake:
        """A new activation with this one's arguments (each decorated call gets its own)."""
        return EcrFake(self._account_arg, self._region_arg)

    def _decorate_sync(self, func: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(func)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
            with self._fresh():
                return func(*args, **kwargs)

        return wrapper

    def _decorate_async(
        self, func: Callable[P, Coroutine[Any, Any, R]]
    ) -> Callable[P, Coroutine[Any, Any, R]]:
        @functools.wraps(func)
        async def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
            async with self._fresh():
                return await func(*args, **kwargs)

        return wrapper

    def _decorate_class(self, cls: type[T]) -> type[T]:
        import inspect
        import unittest

        if issubclass(cls, unittest.TestCase):
            # setUp starts a fresh fake; addCleanup stops it after tearDown, even if setUp fails.
            orig_setup = cls.setUp
            template = self

            @functools.wraps(orig_setup)
            def setUp(tc: unittest.TestCase) -> None:
                fake = template._fresh()
                fake.start()
                tc.addCleanup(fake.stop)
                tc.ecr_fake = fake  # type: ignore[attr-defined]  # the handle, for test methods
                orig_setup(tc)

            cls.setUp = setUp  # type: ignore[method-assign,assignment]  # the class-decorator hook
            return cls
        for name, attr in list(vars(cls).items()):
            if name.startswith("test") and inspect.isfunction(attr):
                setattr(cls, name, self(attr))
        return cls


def _warn_unused_seeds(state: FakeState) -> None:
    """Give one :class:`~ecrfake.exceptions.EcrFakeWarning` for seeds whose image never came."""
    import warnings

    from ecrfake.exceptions import EcrFakeWarning
    from ecrfake.registry import Registry, unused_seeds_warning

    text = unused_seeds_warning(Registry(model, state.lock) for model in state.registries())
    if text is not None:
        warnings.warn(text, EcrFakeWarning, stacklevel=4)


@overload
def mock_ecr_scanning(func: type[T], /) -> type[T]: ...


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
    on a class, as ``with mock_ecr_scanning() as fake:`` / ``async with``, or with
    ``start()``/``stop()``. Each decorated call, ``with`` block or test method starts from empty
    state; nested activations share the outer one's state.

    ``account_id`` (default ``123456789012``, a 12-digit string) is the account requests act on when
    they name no ``registryId``; ``region`` (default ``us-east-1``) is the default region of
    ``fake.registry()`` and of the environment when none is set. A nested activation that leaves
    them out uses the enclosing activation's. Bad values raise :class:`~ecrfake.EcrFakeError`.
    """
    fake = EcrFake(account_id=account_id, region=region)
    if func is not None:
        return fake(func)
    return fake

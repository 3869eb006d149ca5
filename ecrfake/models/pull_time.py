"""Pull-time update exclusions: IAM principals whose pulls leave ``lastRecordedPullTime`` unchanged.

ECR documents up to 100 exclusions per registry; a pull by an excluded role does not update the
image's pull time, every other pull does (User Guide, "Pull-time update exclusions"). A pull made
under an assumed role (``arn:aws:sts::<account>:assumed-role/<role>/<session>``) is the role's pull,
so it matches an exclusion of that role (``arn:aws:iam::<account>:role/[<path>/]<role>``).

Pure model: the registry asks :meth:`ExclusionStore.excludes` when it records a pull.
"""

from __future__ import annotations

import datetime
import re

from ecrfake.exceptions import (
    ExclusionAlreadyExistsException,
    ExclusionLimit,
    ExclusionNotFoundException,
)
from ecrfake.models import _paging
from ecrfake.models._collections import OrderedStore

__all__ = ["MAX_EXCLUSIONS", "ExclusionStore", "principal_identity"]

#: "You can configure up to 100 exclusions per account."
MAX_EXCLUSIONS = 100
_IAM = re.compile(r"arn:(?P<p>aws(?:-[a-z]+)*):iam::(?P<a>[0-9]{12}):(?P<k>role|user)/(?P<n>.+)")
_STS = re.compile(
    r"arn:(?P<p>aws(?:-[a-z]+)*):sts::(?P<a>[0-9]{12}):assumed-role/(?P<n>[^/]+)/[^/]+"
)


def principal_identity(arn: str) -> tuple[str, str, str, str] | None:
    """``(partition, account, kind, name)`` of an IAM user/role or assumed-role session ARN.

    The name is the last path segment (paths do not survive into a session ARN); ``None`` for an
    ARN of another form (the account root, a service).
    """
    found = _IAM.fullmatch(arn)
    if found is not None:
        return found["p"], found["a"], found["k"], found["n"].rsplit("/", 1)[-1]
    found = _STS.fullmatch(arn)
    if found is not None:
        return found["p"], found["a"], "role", found["n"]
    return None


class ExclusionStore:
    """The exclusions of one registry, in registration order."""

    def __init__(self, account_id: str, region: str) -> None:
        self.account_id = account_id
        self.region = region
        self._exclusions: OrderedStore[tuple[str, datetime.datetime]] = OrderedStore()
        self._identities: dict[tuple[str, str, str, str], int] = {}

    def __len__(self) -> int:
        return len(self._exclusions)

    def register(self, principal_arn: str, now: datetime.datetime) -> datetime.datetime:
        """RegisterPullTimeUpdateExclusion: returns the creation time."""
        if principal_arn in self._exclusions:
            raise ExclusionAlreadyExistsException(
                principal_arn=principal_arn, registry_id=self.account_id
            )
        if len(self._exclusions) >= MAX_EXCLUSIONS:
            raise ExclusionLimit(registry_id=self.account_id, limit=MAX_EXCLUSIONS)
        self._exclusions.add(principal_arn, (principal_arn, now))
        identity = principal_identity(principal_arn)
        if identity is not None:
            self._identities[identity] = self._identities.get(identity, 0) + 1
        return now

    def deregister(self, principal_arn: str) -> str:
        """DeregisterPullTimeUpdateExclusion."""
        if self._exclusions.remove(principal_arn) is None:
            raise ExclusionNotFoundException(
                principal_arn=principal_arn, registry_id=self.account_id
            )
        identity = principal_identity(principal_arn)
        if identity is not None:
            left = self._identities[identity] - 1
            if left:
                self._identities[identity] = left
            else:
                del self._identities[identity]
        return principal_arn

    def list_page(
        self, max_results: int | None, next_token: str | None
    ) -> tuple[list[str], str | None]:
        """ListPullTimeUpdateExclusions: one page of principal ARNs (default 100)."""
        scope = f"{self.account_id}/{self.region}"
        after = _paging.decode_token(next_token, "ListPullTimeUpdateExclusions", scope)
        page, last = self._exclusions.page(after, _paging.page_size(max_results))
        token = (
            None
            if last is None
            else _paging.encode_token("ListPullTimeUpdateExclusions", scope, last)
        )
        return [arn for arn, _ in page], token

    def excludes(self, principal_arn: str | None) -> bool:
        """Whether a pull by ``principal_arn`` leaves the pull time unchanged."""
        if principal_arn is None or not self._exclusions:
            return False
        if principal_arn in self._exclusions:
            return True
        identity = principal_identity(principal_arn)
        return identity is not None and identity in self._identities

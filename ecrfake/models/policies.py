"""Repository policies and the registry policy of one registry.

A policy is checked by :meth:`ecrfake.models.policy_document.PolicyDocument.parse` (JSON, statements
with an effect, actions and principals in IAM's forms) and answered re-serialised the way ECR writes
a stored policy back (:func:`ecrfake.models.policy_text.pretty`). The registry policy is kept parsed
(:attr:`PoliciesModel.registry_policy`): replication asks it whether another account may replicate
into this registry (``registry_policy.allows(account_id, "ecr:ReplicateImage")``).
"""

from __future__ import annotations

import json
from typing import Any

from ecrfake.exceptions import (
    NonEcrRegistryPolicyAction,
    RegistryPolicyNotFoundException,
    RepositoryPolicyLockout,
    RepositoryPolicyNotFoundException,
)
from ecrfake.models.policy_document import PolicyDocument
from ecrfake.models.policy_text import is_lockout, non_ecr_actions, pretty
from ecrfake.models.repository import Repositories, Repository

__all__ = ["PoliciesModel", "stored_policy_text"]


def stored_policy_text(document: PolicyDocument) -> str:
    """A valid policy's text as ECR answers it."""
    return pretty(json.loads(document.text))


class PoliciesModel:
    """SetRepositoryPolicy and friends, and the registry policy (they need only the repositories)."""

    def __init__(self, account_id: str, repositories: Repositories) -> None:
        self.account_id = account_id
        self.repositories = repositories
        #: PutRegistryPolicy's document (``None``: no registry policy).
        self.registry_policy: PolicyDocument | None = None

    # -- repository policies -------------------------------------------------------------------

    def _answer(self, repo: Repository, text: str) -> dict[str, Any]:
        return {"registryId": repo.registry_id, "repositoryName": repo.name, "policyText": text}

    def _with_policy(self, name: str) -> tuple[Repository, str]:
        repo = self.repositories.require(name)
        if repo.repository_policy_text is None:
            raise RepositoryPolicyNotFoundException(name=name, registry_id=repo.registry_id)
        return repo, repo.repository_policy_text

    def set_repository_policy(self, name: str, text: str, force: bool = False) -> dict[str, Any]:
        """SetRepositoryPolicy: a policy that locks the repository's policy needs ``force``."""
        repo = self.repositories.require(name)
        document = PolicyDocument.parse(text, "repository")
        if not force and is_lockout(json.loads(text)):
            raise RepositoryPolicyLockout()
        repo.repository_policy_text = stored_policy_text(document)
        return self._answer(repo, repo.repository_policy_text)

    def get_repository_policy(self, name: str) -> dict[str, Any]:
        """GetRepositoryPolicy."""
        repo, text = self._with_policy(name)
        return self._answer(repo, text)

    def delete_repository_policy(self, name: str) -> dict[str, Any]:
        """DeleteRepositoryPolicy: answer the policy, then remove it."""
        repo, text = self._with_policy(name)
        repo.repository_policy_text = None
        return self._answer(repo, text)

    # -- the registry policy -------------------------------------------------------------------

    def _registry_answer(self, document: PolicyDocument) -> dict[str, Any]:
        return {"registryId": self.account_id, "policyText": stored_policy_text(document)}

    def put_registry_policy(self, text: str) -> dict[str, Any]:
        """PutRegistryPolicy: under the V2 scope the policy may grant ECR actions only."""
        document = PolicyDocument.parse(text, "registry")
        if non_ecr_actions(json.loads(text)):
            raise NonEcrRegistryPolicyAction(kind="registry")
        self.registry_policy = document
        return self._registry_answer(document)

    def _require_registry_policy(self) -> PolicyDocument:
        if self.registry_policy is None:
            raise RegistryPolicyNotFoundException(registry_id=self.account_id)
        return self.registry_policy

    def get_registry_policy(self) -> dict[str, Any]:
        """GetRegistryPolicy."""
        return self._registry_answer(self._require_registry_policy())

    def delete_registry_policy(self) -> dict[str, Any]:
        """DeleteRegistryPolicy: answer the policy, then remove it."""
        out = self._registry_answer(self._require_registry_policy())
        self.registry_policy = None
        return out

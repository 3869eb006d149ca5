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
    InvalidPolicyText,
    NonEcrRegistryPolicyAction,
    RegistryPolicyNotFoundException,
    RepositoryPolicyLockout,
    RepositoryPolicyNotFoundException,
)
from ecrfake.models.policy_document import PolicyDocument
from ecrfake.models.policy_text import is_lockout, non_ecr_actions, pretty
from ecrfake.models.repository import Repositories, Repository

__all__ = ["PoliciesModel"]


def _checked(text: str, kind: str) -> tuple[PolicyDocument, Any]:
    """The parsed document and its JSON (``Invalid <kind> policy provided`` if not a policy)."""
    document = PolicyDocument.parse(text, kind)
    return document, json.loads(text)


def _written_back(doc: Any, kind: str) -> str:
    """``pretty(doc)``; a document nested too deep to write back is not a policy ECR keeps."""
    try:
        return pretty(doc)
    except RecursionError:
        raise InvalidPolicyText(kind=kind) from None


class PoliciesModel:
    """SetRepositoryPolicy and friends, and the registry policy (they need only the repositories)."""

    def __init__(self, account_id: str, repositories: Repositories) -> None:
        self.account_id = account_id
        self.repositories = repositories
        #: PutRegistryPolicy's document (``None``: no registry policy), and its text as answered.
        self.registry_policy: PolicyDocument | None = None
        self._registry_policy_text = ""
        self._registry_text_of: str | None = None

    # -- repository policies -------------------------------------------------------------------

    def _answer(self, repo: Repository, text: str) -> dict[str, Any]:
        return {"registryId": repo.registry_id, "repositoryName": repo.name, "policyText": text}

    def _with_policy(self, name: str) -> tuple[Repository, str]:
        repo = self.repositories.require(name)
        if repo.repository_policy_text is None:
            raise RepositoryPolicyNotFoundException(name=name, registry_id=repo.registry_id)
        return repo, repo.repository_policy_text

    @staticmethod
    def store(repo: Repository, text: str, force: bool = False) -> str:
        """Give ``repo`` the policy ``text`` (checked, written back as ECR does); the stored text.

        A policy that would lock the repository's policy needs ``force``.
        """
        _, doc = _checked(text, "repository")
        if not force and is_lockout(doc):
            raise RepositoryPolicyLockout()
        repo.repository_policy_text = _written_back(doc, "repository")
        return repo.repository_policy_text

    def set_repository_policy(self, name: str, text: str, force: bool = False) -> dict[str, Any]:
        """SetRepositoryPolicy."""
        repo = self.repositories.require(name)
        return self._answer(repo, self.store(repo, text, force))

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

    def put_registry_policy(self, text: str) -> dict[str, Any]:
        """PutRegistryPolicy: under the V2 scope the policy may grant ECR actions only."""
        document, doc = _checked(text, "registry")
        if non_ecr_actions(doc):
            raise NonEcrRegistryPolicyAction(kind="registry")
        self.registry_policy = document
        self._registry_policy_text = _written_back(doc, "registry")
        self._registry_text_of = document.text
        return self.get_registry_policy()

    def get_registry_policy(self) -> dict[str, Any]:
        """GetRegistryPolicy."""
        document = self.registry_policy
        if document is None:
            raise RegistryPolicyNotFoundException(registry_id=self.account_id)
        if document.text != self._registry_text_of:
            # Set directly (a test, a creation template): written back from its own text.
            self._registry_policy_text = pretty(json.loads(document.text))
            self._registry_text_of = document.text
        return {"registryId": self.account_id, "policyText": self._registry_policy_text}

    def delete_registry_policy(self) -> dict[str, Any]:
        """DeleteRegistryPolicy: answer the policy, then remove it."""
        out = self.get_registry_policy()
        self.registry_policy = None
        return out

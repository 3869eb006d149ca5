"""Consistency checks on the fake's state, run after every fuzzed request.

A request that fails must not leave half its write behind; one that succeeds must leave indexes
that agree with each other. These checks read the models directly (they are test code).
"""

from __future__ import annotations

import hashlib
import itertools
import json
from typing import Any

from ecrfake.models.lifecycle_rules import PolicyTextError, parse_policy

__all__ = ["state_problems"]


def _store_problems(store: Any, what: str) -> list[str]:
    """An OrderedStore's three indexes agree and its sequence numbers are increasing."""
    items, seqs, seq_of = store._items, store._seqs, store._seq_of
    problems = []
    if not (len(items) == len(seqs) == len(seq_of)):
        problems.append(f"{what}: {len(items)} items, {len(seqs)} seqs, {len(seq_of)} seq keys")
    if any(a >= b for a, b in itertools.pairwise(seqs)):
        problems.append(f"{what}: sequence numbers out of order")
    for key, (seq, _) in items.items():
        if seq_of.get(seq) != key:
            problems.append(f"{what}: {key!r} has sequence {seq} that maps elsewhere")
    return problems


def _repository_problems(name: str, repo: Any) -> list[str]:
    problems = _store_problems(repo.images, f"repository {name!r} images")
    if repo.name != name:
        problems.append(f"repository stored under {name!r} is named {repo.name!r}")
    for digest in list(repo.images.keys()):
        image = repo.images.get(digest)
        if image.digest != digest:
            problems.append(f"{name}: image stored under {digest} has digest {image.digest}")
        actual = "sha256:" + hashlib.sha256(image.manifest.encode()).hexdigest()
        if actual != digest:
            problems.append(f"{name}: image {digest} has a manifest whose digest is {actual}")
        if len(set(image.tags)) != len(image.tags):
            problems.append(f"{name}: image {digest} has repeated tags {image.tags}")
        for tag in image.tags:
            if repo.tag_index.get(tag) != digest:
                problems.append(
                    f"{name}: tag {tag!r} of {digest} indexed to {repo.tag_index.get(tag)}"
                )
    for tag, digest in repo.tag_index.items():
        image = repo.images.get(digest)
        if image is None or tag not in image.tags:
            problems.append(f"{name}: tag index {tag!r} -> {digest} has no such tagged image")
    archived = sum(1 for image in repo.images.values() if image.image_status != "ACTIVE")
    if archived != repo.archived_images:
        problems.append(f"{name}: {archived} archived images, counted {repo.archived_images}")
    if repo.lifecycle_policy_text is not None:
        try:
            parse_policy(repo.lifecycle_policy_text)
        except PolicyTextError as error:
            problems.append(f"{name}: stored lifecycle policy is invalid: {error.reason}")
    if repo.repository_policy_text is not None:
        try:
            json.loads(repo.repository_policy_text)
        except ValueError:
            problems.append(f"{name}: stored repository policy is not JSON")
    return problems


def state_problems(state: Any) -> list[str]:
    """Every inconsistency found in a FakeState (empty when all is well)."""
    problems: list[str] = []
    for (account, region), registry in list(state._registries.items()):
        if (registry.account_id, registry.region) != (account, region):
            problems.append(f"registry keyed {(account, region)} is {registry!r}")
        if not isinstance(account, str) or not isinstance(region, str):
            problems.append(f"registry key {(account, region)!r} is not two strings")
        problems += _store_problems(registry.repositories, f"registry {account} repositories")
        for name in list(registry.repositories.keys()):
            problems += _repository_problems(name, registry.repositories.get(name))
    return problems

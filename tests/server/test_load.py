"""16 clients x 500 mixed operations against one server: nothing lost, no 5xx, no deadlock.

Loopback only and bounded: every client makes exactly 500 calls with a per-call timeout, and the
test joins every thread with a deadline, so a deadlock fails the test instead of hanging it.
"""

from __future__ import annotations

import threading
from collections import Counter
from typing import Any

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

from ecrfake.server import Server
from tests.conftest import make_manifest

from .conftest import CREDENTIALS

CLIENTS = 16
CALLS = 500


def _client(server: Server) -> Any:
    return boto3.client(
        "ecr",
        endpoint_url=server.url,
        region_name="us-east-1",
        config=Config(retries={"max_attempts": 1}, connect_timeout=30, read_timeout=30),
        **CREDENTIALS,
    )


def _work(server: Server, n: int, record: dict[str, Any]) -> None:
    ecr = _client(server)
    own = f"load/client-{n:02d}"
    ecr.create_repository(repositoryName=own)
    repositories = [own]
    pushed: list[str] = []
    statuses: Counter[int] = Counter()
    for i in range(1, CALLS):
        kind = i % 5
        try:
            if kind == 0:
                name = f"{own}/r{i:04d}"
                ecr.create_repository(repositoryName=name)
                repositories.append(name)
            elif kind in (1, 2):
                tag = f"t{i:04d}"
                ecr.put_image(
                    repositoryName=own, imageTag=tag, imageManifest=make_manifest(f"{n}/{i}")
                )
                pushed.append(tag)
            elif kind == 3:
                ecr.describe_images(repositoryName=own, maxResults=5)
            else:  # an ECR error, counted like the rest
                ecr.describe_repositories(repositoryNames=[f"{own}/missing"])
            statuses[200] += 1
        except ClientError as error:
            statuses[error.response["ResponseMetadata"]["HTTPStatusCode"]] += 1
    record[own] = {"repositories": repositories, "tags": pushed, "statuses": statuses}


def test_sixteen_clients_five_hundred_calls_every_write_accounted_for() -> None:
    record: dict[str, Any] = {}
    with Server() as server:
        threads = [
            threading.Thread(target=_work, args=(server, n, record), daemon=True)
            for n in range(CLIENTS)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=240)
        assert not any(t.is_alive() for t in threads), "a client is stuck: deadlock or hang"
        assert len(record) == CLIENTS, "a client thread died"
        ecr = _client(server)
        listed = {
            r["repositoryName"]
            for page in ecr.get_paginator("describe_repositories").paginate()
            for r in page["repositories"]
        }
        for own, mine in record.items():
            errors = sum(1 for i in range(1, CALLS) if i % 5 == 4)
            # No 5xx and nothing else unexpected: only the deliberate RepositoryNotFound 400s.
            assert mine["statuses"] == Counter({200: CALLS - 1 - errors, 400: errors}), own
            assert set(mine["repositories"]) <= listed
            tags = {
                tag
                for page in ecr.get_paginator("list_images").paginate(repositoryName=own)
                for image in page["imageIds"]
                if (tag := image.get("imageTag"))
            }
            assert tags == set(mine["tags"])
        assert len(listed) == sum(len(m["repositories"]) for m in record.values())

"""Many threads pushing, seeding, scanning and reading at once lose nothing."""

from __future__ import annotations

import threading

import boto3

from ecrfake import basic_finding
from tests.conftest import make_manifest

THREADS = 6
IMAGES_PER_THREAD = 4


def test_start_image_scan_from_many_threads_loses_nothing(ecr, ecr_fake):
    # given: one client per thread, made up front (client creation shares a session)
    ecr.create_repository(repositoryName="app")
    clients = [
        boto3.session.Session().client("ecr", region_name="us-east-1") for _ in range(THREADS)
    ]
    reg = ecr_fake.registry()
    errors: list[BaseException] = []
    seen_statuses: list[str] = []
    barrier = threading.Barrier(THREADS + 2, timeout=30)  # workers, the reader, and this thread

    def worker(n: int, client) -> None:
        try:
            barrier.wait()
            for i in range(IMAGES_PER_THREAD):
                tag = f"t{n}-{i}"
                reg.seed_basic_findings(
                    "app",
                    {"imageTag": tag},
                    [basic_finding(f"CVE-{n}-{i}-{k}", severity="LOW") for k in range(n + 1)],
                )
                client.put_image(
                    repositoryName="app", imageManifest=make_manifest(tag), imageTag=tag
                )
                client.start_image_scan(repositoryName="app", imageId={"imageTag": tag})
                out = client.describe_image_scan_findings(
                    repositoryName="app", imageId={"imageTag": tag}
                )
                seen_statuses.append(out["imageScanStatus"]["status"])
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    def reader(client) -> None:
        try:
            barrier.wait()
            for _ in range(10):
                client.describe_images(repositoryName="app")
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(n, c)) for n, c in enumerate(clients)]
    threads.append(threading.Thread(target=reader, args=(clients[0],)))
    # when
    for t in threads:
        t.start()
    barrier.wait()
    for t in threads:
        t.join(timeout=60)
    # then
    assert errors == []
    assert seen_statuses == ["COMPLETE"] * (THREADS * IMAGES_PER_THREAD)
    paginator = ecr.get_paginator("describe_images")
    details = [d for page in paginator.paginate(repositoryName="app") for d in page["imageDetails"]]
    assert len(details) == THREADS * IMAGES_PER_THREAD
    for detail in details:
        n = int(detail["imageTags"][0][1:].split("-")[0])
        assert detail["imageScanStatus"]["status"] == "COMPLETE"
        assert detail["imageScanFindingsSummary"]["findingSeverityCounts"] == {"LOW": n + 1}

"""Several threads pushing through /v2/ and the layer API at once: nothing is lost."""

from __future__ import annotations

import threading

import requests

from ._data_path import (
    BASE,
    OCI_MANIFEST,
    auth,
    manifest_over,
    put_blob,
    put_manifest,
    sha,
    upload_layer,
)


def test_concurrent_pushes_over_v2_and_the_api_lose_nothing(ecr, repo):
    h = auth(ecr)
    config = b'{"os":"linux"}'
    put_blob(h, repo, config)
    errors: list[BaseException] = []

    def worker(i: int) -> None:
        try:
            layer = f"layer {i}".encode() * 100
            if i % 2:
                upload_layer(ecr, repo, layer)
            else:
                assert put_blob(h, repo, layer).status_code == 201
            manifest = manifest_over(config, [layer])
            assert put_manifest(h, repo, f"t{i}", manifest, OCI_MANIFEST).status_code == 201
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []
    tags = requests.get(f"{BASE}/v2/{repo}/tags/list", headers=h, timeout=5).json()["tags"]
    assert sorted(tags) == sorted(f"t{i}" for i in range(12))
    layers = [sha(f"layer {i}".encode() * 100) for i in range(12)]
    out = ecr.batch_check_layer_availability(repositoryName=repo, layerDigests=layers)
    assert {entry["layerAvailability"] for entry in out["layers"]} == {"AVAILABLE"}

"""The data path: a 10 MB blob uploaded and downloaded through ``/v2/``, against a bare ``responses``
callback answering the same ``requests`` calls with the same bytes, in the same run.

``python -m benchmarks.data_path [--quick]``. Each round, in an order rotated from round to round:

* **fake, monolithic**: ``POST /v2/<repo>/blobs/uploads/?digest=`` with the 10 MB body (ecrfake
  hashes it and stores it), then ``GET /v2/<repo>/blobs/<digest>`` (ECR's 307 to the presigned S3
  URL, which answers the bytes);
* **fake, chunked**: ``POST`` to open an upload, a ``PATCH`` chunk of 5 MiB and the final ``PUT`` with the
  rest, then the same ``GET``;
* **bare responses**: the same calls (monolithic, and chunked) answered by ``responses`` callbacks
  that accept the upload (201) and return the same bytes (200), with no fake active.

The figure is the median fake time over the median bare time (target <= 1.5x). The memory figure is
``tracemalloc``'s traced memory held after a 10 MB blob was uploaded (monolithic, and through the
layer API in two parts) and the client dropped its copy, per stored byte (target <= 1.1x).
"""

from __future__ import annotations

import gc
import hashlib
import sys
import time
import tracemalloc
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # python benchmarks/data_path.py
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._common import Section, Target, median, ratio, rotated

SIZE = 10 * 1000 * 1000
MIB = 1024 * 1024
HOST = "https://123456789012.dkr.ecr.us-east-1.amazonaws.com"


def _blob(seed: int) -> bytes:
    block = hashlib.sha256(str(seed).encode()).digest() * (1 << 15)  # 1 MiB of varied bytes
    return (block * (SIZE // len(block) + 1))[:SIZE]


def _digest(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


def _fake_monolithic(
    requests: Any, headers: dict[str, str], repo: str, data: bytes, d: str
) -> None:
    up = requests.post(f"{HOST}/v2/{repo}/blobs/uploads/?digest={d}", data=data, headers=headers)
    assert up.status_code == 201, up.text
    got = requests.get(f"{HOST}/v2/{repo}/blobs/{d}", headers=headers)
    assert len(got.content) == SIZE


def _fake_chunked(requests: Any, headers: dict[str, str], repo: str, data: bytes, d: str) -> None:
    location = requests.post(f"{HOST}/v2/{repo}/blobs/uploads/", headers=headers).headers[
        "Location"
    ]
    offset = 0
    for size in (5 * MIB,):
        chunk = data[offset : offset + size]
        range_ = f"{offset}-{offset + size - 1}"
        r = requests.patch(
            HOST + location, data=chunk, headers={**headers, "Content-Range": range_}
        )
        location = r.headers["Location"]
        offset += size
    done = requests.put(f"{HOST}{location}?digest={d}", data=data[offset:], headers=headers)
    assert done.status_code == 201, done.text
    got = requests.get(f"{HOST}/v2/{repo}/blobs/{d}", headers=headers)
    assert len(got.content) == SIZE


def _fake_chunked_upload(
    requests: Any, headers: dict[str, str], repo: str, data: bytes, d: str
) -> None:
    location = requests.post(f"{HOST}/v2/{repo}/blobs/uploads/", headers=headers).headers[
        "Location"
    ]
    first = data[: 5 * MIB]
    r = requests.patch(
        HOST + location, data=first, headers={**headers, "Content-Range": f"0-{len(first) - 1}"}
    )
    del first
    done = requests.put(
        f"{HOST}{r.headers['Location']}?digest={d}", data=data[5 * MIB :], headers=headers
    )
    assert done.status_code == 201, done.text


def _bare(requests: Any, responses: Any, data: bytes) -> Any:
    mock = responses.RequestsMock(assert_all_requests_are_fired=False)
    location = {"Location": "/v2/app/blobs/uploads/u"}
    mock.add_callback(
        "POST", f"{HOST}/v2/app/blobs/uploads/", callback=lambda r: (201, location, b"")
    )
    for method in ("PATCH", "PUT"):
        mock.add_callback(
            method, f"{HOST}/v2/app/blobs/uploads/u", callback=lambda r: (201, location, b"")
        )
    mock.add_callback(
        "GET", f"{HOST}/v2/app/blobs/{_digest(data)}", callback=lambda r: (200, {}, data)
    )
    return mock


def measure_time(rounds: int) -> dict[str, float]:
    import boto3
    import requests
    import responses

    from ecrfake import mock_ecr_scanning

    data = _blob(0)
    d = _digest(data)  # the client knows its blob's digest before it pushes (untimed, both sides)
    times: dict[str, list[float]] = {"fake": [], "chunked": [], "bare": [], "bare_chunked": []}
    for n in range(rounds):
        for kind in rotated(["fake", "chunked", "bare", "bare_chunked"], n):
            gc.collect()
            if kind.startswith("bare"):
                with _bare(requests, responses, data):
                    start = time.process_time()
                    if kind == "bare":
                        _fake_monolithic(requests, {}, "app", data, d)
                    else:
                        _fake_chunked(requests, {}, "app", data, d)
                    times[kind].append(time.process_time() - start)
                continue
            with mock_ecr_scanning() as fake:
                ecr = boto3.client("ecr", region_name="us-east-1")
                ecr.create_repository(repositoryName="app")
                token = ecr.get_authorization_token()["authorizationData"][0]["authorizationToken"]
                headers = {"Authorization": f"Basic {token}"}
                start = time.process_time()
                if kind == "fake":
                    _fake_monolithic(requests, headers, "app", data, d)
                else:
                    _fake_chunked(requests, headers, "app", data, d)
                times[kind].append(time.process_time() - start)
                assert fake.registry().model.blobs.size("app", d) == SIZE
    return {k: median(v) for k, v in times.items()}


def measure_memory() -> dict[str, float]:
    """Traced memory held per stored byte after 10 MB blobs were stored and the client let go."""
    import boto3
    import requests

    from ecrfake import mock_ecr_scanning

    out: dict[str, float] = {}
    with mock_ecr_scanning() as fake:
        ecr = boto3.client("ecr", region_name="us-east-1")
        ecr.create_repository(repositoryName="app")
        token = ecr.get_authorization_token()["authorizationData"][0]["authorizationToken"]
        headers = {"Authorization": f"Basic {token}"}
        blobs = fake.registry().model.blobs
        for kind in ("v2", "chunked", "api"):
            gc.collect()
            tracemalloc.start()
            try:
                before = tracemalloc.get_traced_memory()[0]
                data = _blob({"v2": 1, "chunked": 3, "api": 2}[kind])
                d = _digest(data)
                if kind == "chunked":
                    _fake_chunked_upload(requests, headers, "app", data, d)
                    # responses keeps the last call it answered until the next one
                    requests.get(f"{HOST}/v2/", headers=headers)
                elif kind == "v2":
                    up = requests.post(
                        f"{HOST}/v2/app/blobs/uploads/?digest={d}", data=data, headers=headers
                    )
                    assert up.status_code == 201
                    del up
                else:
                    upload_id = ecr.initiate_layer_upload(repositoryName="app")["uploadId"]
                    for first in (0, 5 * MIB):
                        part = data[first : first + 5 * MIB] if first == 0 else data[first:]
                        ecr.upload_layer_part(
                            repositoryName="app",
                            uploadId=upload_id,
                            partFirstByte=first,
                            partLastByte=first + len(part) - 1,
                            layerPartBlob=part,
                        )
                        del part
                    ecr.complete_layer_upload(
                        repositoryName="app", uploadId=upload_id, layerDigests=[d]
                    )
                del data
                gc.collect()
                held = tracemalloc.get_traced_memory()[0] - before
            finally:
                tracemalloc.stop()
            assert blobs.size("app", d) == SIZE
            out[kind] = held / SIZE
    return out


def run(quick: bool = False) -> Section:
    started = time.perf_counter()
    section = Section(
        "data path: 10 MB blob up and down through /v2/ vs a bare responses callback",
        ["case", "median_ms", "vs_bare"],
    )
    times = measure_time(5 if quick else 15)
    cases = (
        ("fake", "fake, monolithic", "bare"),
        ("bare", "bare, monolithic", "bare"),
        ("chunked", "fake, chunked", "bare_chunked"),
        ("bare_chunked", "bare, chunked", "bare_chunked"),
    )
    for kind, label, against in cases:
        section.rows.append(
            {
                "case": label,
                "median_ms": times[kind] * 1000,
                "vs_bare": ratio(times[kind], times[against]),
            }
        )
    memory = measure_memory()
    for kind, label in (
        ("v2", "held per byte, /v2/ upload"),
        ("chunked", "held per byte, /v2/ chunked"),
        ("api", "held per byte, layer API"),
    ):
        section.rows.append({"case": label, "median_ms": None, "vs_bare": memory[kind]})
    section.targets.append(
        Target("upload+download vs bare responses", ratio(times["fake"], times["bare"]), 1.5)
    )
    section.targets.append(
        Target(
            "chunked upload+download vs bare responses, same calls",
            ratio(times["chunked"], times["bare_chunked"]),
            1.5,
        )
    )
    section.targets.append(Target("memory per stored byte (/v2/)", memory["v2"], 1.1))
    section.targets.append(Target("memory per stored byte (/v2/ chunked)", memory["chunked"], 1.1))
    section.targets.append(Target("memory per stored byte (layer API)", memory["api"], 1.1))
    section.seconds = time.perf_counter() - started
    return section


if __name__ == "__main__":
    from benchmarks._common import render

    print(render(run("--quick" in sys.argv)))

"""Lifecycle policies over 10,000 images, against paging DescribeImages over the same images.

Each round starts a fresh fake, pushes the same 10,000 images into one repository and dates them
over 200 days (untimed), then times, in an order rotated from round to round:

* **describe**: paging ``describe_images`` over all 10,000 images (``maxResults=1000``);
* **preview**: ``start_lifecycle_policy_preview`` of a 5-rule policy, then paging
  ``get_lifecycle_policy_preview`` over every result (``maxResults=100``, the operation's largest);
* **apply**: ``Registry.apply_lifecycle_policies()``, ECR's daily pass, acting on those images.

``apply`` changes the repository, so it is always timed last in its round. Figures are CPU medians
(``time.process_time``) of the rounds, so a busy shared machine does not count against ecrfake.
"""

from __future__ import annotations

import gc
import json
import time
from typing import Any

from benchmarks._common import Section, Target, client, fmt, manifest, median, ratio

IMAGES = 10_000

POLICY = json.dumps(
    {
        "rules": [
            {
                "rulePriority": 1,
                "description": "keep the 500 newest release images",
                "selection": {
                    "tagStatus": "tagged",
                    "tagPatternList": ["release-*"],
                    "countType": "imageCountMoreThan",
                    "countNumber": 500,
                },
                "action": {"type": "expire"},
            },
            {
                "rulePriority": 2,
                "description": "feature builds go after 30 days",
                "selection": {
                    "tagStatus": "tagged",
                    "tagPrefixList": ["feature"],
                    "countType": "sinceImagePushed",
                    "countUnit": "days",
                    "countNumber": 30,
                },
                "action": {"type": "expire"},
            },
            {
                "rulePriority": 3,
                "description": "archive release candidates nobody pulled for 90 days",
                "selection": {
                    "tagStatus": "tagged",
                    "tagPatternList": ["rc-*"],
                    "countType": "sinceImagePulled",
                    "countUnit": "days",
                    "countNumber": 90,
                },
                "action": {"type": "transition", "targetStorageClass": "archive"},
            },
            {
                "rulePriority": 4,
                "description": "keep 100 untagged images",
                "selection": {
                    "tagStatus": "untagged",
                    "countType": "imageCountMoreThan",
                    "countNumber": 100,
                },
                "action": {"type": "expire"},
            },
            {
                "rulePriority": 5,
                "description": "cap the repository at 6,000 images",
                "selection": {
                    "tagStatus": "any",
                    "countType": "imageCountMoreThan",
                    "countNumber": 6000,
                },
                "action": {"type": "expire"},
            },
        ]
    }
)

_FAMILIES = ("release-", "feature-", "rc-", "dev-", None)


def _tag(i: int) -> str | None:
    family = _FAMILIES[i % len(_FAMILIES)]
    return None if family is None else f"{family}{i}"


def _fill(ecr: Any, fake: Any, count: int) -> None:
    """Push ``count`` images, then date them evenly over the last 200 days (untimed set-up).

    The push times are set on the model directly, so the benchmark needs no clock library.
    """
    import datetime

    ecr.create_repository(repositoryName="lifecycle")
    for i in range(count):
        params: dict[str, Any] = {
            "repositoryName": "lifecycle",
            "imageManifest": manifest(f"lc/{i}"),
        }
        tag = _tag(i)
        if tag is not None:
            params["imageTag"] = tag
        ecr.put_image(**params)
    start = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(days=200)
    step = datetime.timedelta(days=200) / count
    repo = fake.registry().model.get_repository("lifecycle")
    for i, image in enumerate(repo.images.values()):
        image.pushed_at = start + i * step


def _describe(ecr: Any) -> int:
    seen = 0
    token = None
    while True:
        req: dict[str, Any] = {"repositoryName": "lifecycle", "maxResults": 1000}
        if token:
            req["nextToken"] = token
        page = ecr.describe_images(**req)
        seen += len(page["imageDetails"])
        token = page.get("nextToken")
        if not token:
            return seen


def _preview(ecr: Any) -> int:
    ecr.start_lifecycle_policy_preview(repositoryName="lifecycle", lifecyclePolicyText=POLICY)
    seen = 0
    token = None
    while True:
        req: dict[str, Any] = {"repositoryName": "lifecycle", "maxResults": 100}
        if token:
            req["nextToken"] = token
        page = ecr.get_lifecycle_policy_preview(**req)
        seen += len(page["previewResults"])
        token = page.get("nextToken")
        if not token:
            return seen


def _timed(work: Any) -> tuple[float, Any]:
    gc.collect()
    cpu = time.process_time()
    out = work()
    return time.process_time() - cpu, out


def run(quick: bool = False) -> Section:
    from ecrfake import mock_ecr_scanning

    started = time.perf_counter()
    rounds = 2 if quick else 5
    count = 2_000 if quick else IMAGES
    section = Section(
        f"lifecycle policy over {count:,} images, 5 rules (CPU ms, same run)",
        ["figure", "ecrfake", "reference", "ratio", "note"],
    )
    ecr = client()
    times: dict[str, list[float]] = {"describe": [], "preview": [], "apply": []}
    acted = results = described = 0
    for r in range(rounds):
        with mock_ecr_scanning() as fake:
            _fill(ecr, fake, count)
            ecr.put_lifecycle_policy(repositoryName="lifecycle", lifecyclePolicyText=POLICY)
            reg = fake.registry()
            first, second = ("describe", "preview") if r % 2 == 0 else ("preview", "describe")
            for name in (first, second):
                seconds, n = _timed(
                    lambda name=name: (_describe if name == "describe" else _preview)(ecr)
                )
                times[name].append(seconds)
                if name == "describe":
                    described = n
                else:
                    results = n
            seconds, done = _timed(reg.apply_lifecycle_policies)
            times["apply"].append(seconds)
            acted = len(done)
    describe = median(times["describe"]) * 1000
    preview = median(times["preview"]) * 1000
    apply = median(times["apply"]) * 1000
    section.rows += [
        {"figure": f"describe_images, {described:,} images, pages of 1000", "ecrfake": describe},
        {
            "figure": f"preview: start + {results:,} results in pages of 100",
            "ecrfake": preview,
            "reference": describe,
            "ratio": ratio(preview, describe),
        },
        {
            "figure": f"apply_lifecycle_policies: {acted:,} images acted on",
            "ecrfake": apply,
            "reference": describe,
            "ratio": ratio(apply, describe),
        },
        {
            "figure": "preview + apply",
            "ecrfake": preview + apply,
            "reference": describe,
            "ratio": ratio(preview + apply, describe),
        },
    ]
    section.targets.append(
        Target(
            "lifecycle preview + application vs paging describe_images",
            ratio(preview + apply, describe),
            1.5,
            note=f"preview {fmt(ratio(preview, describe))} x, application "
            f"{fmt(ratio(apply, describe))} x",
        )
    )
    section.notes.append(f"{rounds} rounds; medians of CPU time (time.process_time)")
    section.seconds = time.perf_counter() - started
    return section

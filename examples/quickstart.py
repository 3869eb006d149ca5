"""ecrfake in thirty lines: scan an image and read its findings, with no AWS account.

Run from the repository root after ``pip install -e .``::

    python examples/quickstart.py
"""

from __future__ import annotations

import json

import boto3

from ecrfake import basic_finding, mock_ecr_scanning

# Any image manifest will do; its sha256 becomes the image digest.
MANIFEST = json.dumps(
    {
        "schemaVersion": 2,
        "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
        "config": {
            "mediaType": "application/vnd.docker.container.image.v1+json",
            "size": 7023,
            "digest": "sha256:" + "1" * 64,
        },
        "layers": [
            {
                "mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip",
                "size": 32654,
                "digest": "sha256:" + "2" * 64,
            }
        ],
    }
)


def main() -> None:
    with mock_ecr_scanning() as fake:
        ecr = boto3.client("ecr", region_name="us-east-1")
        ecr.create_repository(repositoryName="app")
        ecr.put_image(repositoryName="app", imageManifest=MANIFEST, imageTag="1.0")

        # What the scanner will report for app:1.0 (ecrfake never invents findings).
        fake.registry().seed_basic_findings(
            "app",
            {"imageTag": "1.0"},
            [
                basic_finding(
                    "CVE-2019-5021",
                    severity="HIGH",
                    package_name="alpine-baselayout",
                    package_version="3.1.0-r3",
                )
            ],
        )

        image = {"imageTag": "1.0"}
        print(ecr.start_image_scan(repositoryName="app", imageId=image)["imageScanStatus"])
        ecr.get_waiter("image_scan_complete").wait(repositoryName="app", imageId=image)
        result = ecr.describe_image_scan_findings(repositoryName="app", imageId=image)
        print(result["imageScanStatus"])
        print(result["imageScanFindings"]["findingSeverityCounts"])
        for finding in result["imageScanFindings"]["findings"]:
            print(f"{finding['severity']:8} {finding['name']}")


if __name__ == "__main__":
    main()

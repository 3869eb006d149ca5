"""Findings as a test writes them: the public builders for seeds, their shapes and their checks.

:func:`enhanced_finding` builds an ``EnhancedImageScanFinding`` (Amazon Inspector's shape) and
:func:`basic_finding` an ``ImageScanFinding`` (basic scanning's shape), both as plain dicts ready to
hand to ``Registry.seed_enhanced_findings`` / ``seed_basic_findings``. Fields of an enhanced finding
that depend on the image it is reported for (account, finding ARN, the ``AWS_ECR_CONTAINER_IMAGE``
resource, observed-at times) are left out by the builder and filled in each time the finding is
served (:func:`ecrfake.models.served_findings.serve_enhanced`), unless the test set them itself.

ecrfake never invents a vulnerability: a scan reports exactly the findings seeded for the image.
"""

from __future__ import annotations

import copy
import datetime
from collections.abc import Iterable, Mapping
from typing import Any, TypedDict, cast

from ecrfake import _service
from ecrfake.exceptions import EcrFakeError

__all__ = [
    "BASIC_SEVERITIES",
    "ENHANCED_SEVERITIES",
    "INSPECTOR_ONLY_MEMBERS",
    "EnhancedImageScanFinding",
    "ImageIdentifier",
    "ImageScanFinding",
    "basic_finding",
    "check_findings",
    "enhanced_finding",
]


class ImageIdentifier(TypedDict, total=False):
    """The API's ``ImageIdentifier``: a test names an image by exactly one of the two."""

    imageDigest: str
    imageTag: str


class Attribute(TypedDict, total=False):
    key: str
    value: str


class ImageScanFinding(TypedDict, total=False):
    """The API's ``ImageScanFinding`` (a basic-scan finding), as :func:`basic_finding` builds it."""

    name: str
    description: str
    uri: str
    severity: str
    attributes: list[Attribute]


class EnhancedImageScanFinding(TypedDict, total=False):
    """The API's ``EnhancedImageScanFinding`` (an Amazon Inspector finding), as
    :func:`enhanced_finding` builds it. Nested members are plain dicts shaped as the API's."""

    awsAccountId: str
    description: str
    findingArn: str
    firstObservedAt: datetime.datetime
    lastObservedAt: datetime.datetime
    packageVulnerabilityDetails: dict[str, Any]
    remediation: dict[str, Any]
    resources: list[dict[str, Any]]
    score: float
    scoreDetails: dict[str, Any]
    severity: str
    status: str
    title: str
    type: str
    updatedAt: datetime.datetime
    fixAvailable: str
    exploitAvailable: str
    epss: dict[str, float]
    exploitabilityDetails: dict[str, Any]


#: ``FindingSeverity`` of the ECR model: what a basic finding's ``severity`` may be.
BASIC_SEVERITIES = ("INFORMATIONAL", "LOW", "MEDIUM", "HIGH", "CRITICAL", "UNDEFINED")
#: Amazon Inspector's ``Severity``: what an enhanced finding's ``severity`` may be (decision 14).
ENHANCED_SEVERITIES = ("INFORMATIONAL", "LOW", "MEDIUM", "HIGH", "CRITICAL", "UNTRIAGED")

#: Members of Amazon Inspector's ``Finding`` that ECR's ``EnhancedImageScanFinding`` lacks. A seed
#: may carry them (``enhanced_finding(epss=...)``); Inspector2's responses and events show them,
#: ECR's leave them out.
INSPECTOR_ONLY_MEMBERS = ("epss", "exploitabilityDetails")

#: A representative CVSS 3.1 vector per band of base score, for a seed that gives a score but no
#: vector (Inspector requires one); not computed from the score.
_BAND_VECTORS = (
    (9.0, "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"),
    (7.0, "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N"),
    (4.0, "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:N"),
    (0.1, "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:L/I:N/A:N"),
    (0.0, "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N"),
)


def _band_vector(score: float) -> str:
    return next(vector for floor, vector in _BAND_VECTORS if score >= floor)


#: What ecrfake reports as an image's architecture when the finding does not say (the image
#: config blob, where ECR reads it from, is not part of what a test pushes).
DEFAULT_ARCHITECTURE = "amd64"


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def _apply_overrides(
    finding: dict[str, Any], overrides: Mapping[str, Any], shape_name: str, builder: str
) -> None:
    members = _shape(shape_name).members
    extra = INSPECTOR_ONLY_MEMBERS if shape_name == "EnhancedImageScanFinding" else ()
    for key, value in overrides.items():
        member = key if key in members else _camel(key)
        if member not in members and member not in extra:
            import botocore

            raise EcrFakeError(
                f"{builder}() got an unknown field {key!r}; {shape_name} has the fields "
                f"{', '.join((*members, *extra))} (camelCase or snake_case) in the ECR model of the "
                f"installed botocore {botocore.__version__}"
            )
        if value is None:
            finding.pop(member, None)
        else:
            finding[member] = value


def _shape(name: str) -> Any:
    return _service.shape(name)


def enhanced_finding(
    vulnerability_id: str,
    *,
    severity: str,
    package_name: str | None = None,
    package_version: str | None = None,
    fixed_in_version: str | None = None,
    score: float | None = None,
    scoring_vector: str | None = None,
    epss: float | None = None,
    **overrides: Any,
) -> EnhancedImageScanFinding:
    """An ``EnhancedImageScanFinding`` (an Amazon Inspector package vulnerability) to seed.

    ``severity`` is one of Inspector's severities (``CRITICAL``, ``HIGH``, ``MEDIUM``, ``LOW``,
    ``INFORMATIONAL``, ``UNTRIAGED``). ``package_name``/``package_version``/``fixed_in_version``
    describe the one vulnerable package; ``score`` is the CVSS base score (``score``,
    ``scoreDetails`` and ``packageVulnerabilityDetails.cvss`` when given). ``fixAvailable`` is
    ``YES`` when ``fixed_in_version`` is given, else ``NO``. ``scoring_vector`` is the CVSS vector
    of that score (default: a representative CVSS 3.1 vector of the score's severity band, not one
    computed from it). ``epss`` is the EPSS probability (0 to 1), an Amazon Inspector member
    (``epss.score``) that Inspector2's responses and events show and ECR's leave out, like
    ``exploitabilityDetails`` (settable as an override).

    Any member of the shape can be set or replaced with a keyword override, in camelCase or
    snake_case (``exploit_available="YES"``, ``title="..."``); ``None`` removes a member. Members
    that depend on the image (``awsAccountId``, ``findingArn``, ``resources``, ``firstObservedAt``,
    ``lastObservedAt``, ``updatedAt``) are filled in from the image when served unless given here.
    Raises :class:`~ecrfake.EcrFakeError` for an unknown field or a value the API could not carry.
    """
    if severity not in ENHANCED_SEVERITIES:
        raise EcrFakeError(
            f"enhanced_finding() severity {severity!r} is not an Amazon Inspector severity; "
            f"use one of {', '.join(ENHANCED_SEVERITIES)}"
        )
    package: dict[str, Any] = {}
    if package_name is not None:
        package["name"] = package_name
    if package_version is not None:
        package["version"] = package_version
    if fixed_in_version is not None:
        package["fixedInVersion"] = fixed_in_version
    details: dict[str, Any] = {
        "vulnerabilityId": vulnerability_id,
        "source": "NVD",
        "vendorSeverity": severity,
        "referenceUrls": [],
        "relatedVulnerabilities": [],
        "vulnerablePackages": [package] if package else [],
    }
    if vulnerability_id.startswith("CVE-"):
        details["sourceUrl"] = f"https://nvd.nist.gov/vuln/detail/{vulnerability_id}"
    title = vulnerability_id if package_name is None else f"{vulnerability_id} - {package_name}"
    affected = " ".join(p for p in (package_name, package_version) if p)
    finding: dict[str, Any] = {
        "description": f"{vulnerability_id} affects {affected}." if affected else vulnerability_id,
        "packageVulnerabilityDetails": details,
        "remediation": {
            "recommendation": {
                "text": (
                    f"Upgrade {package_name or 'the package'} to {fixed_in_version} or later."
                    if fixed_in_version
                    else "None Provided"
                )
            }
        },
        "severity": severity,
        "status": "ACTIVE",
        "title": title,
        "type": "PACKAGE_VULNERABILITY",
        "fixAvailable": "YES" if fixed_in_version else "NO",
    }
    if score is not None:
        if isinstance(score, bool) or not isinstance(score, (int, float)) or not 0 <= score <= 10:
            raise EcrFakeError(
                f"enhanced_finding() score must be a number from 0 to 10, not {score!r}"
            )
        vector = scoring_vector or _band_vector(float(score))
        finding["score"] = float(score)
        finding["scoreDetails"] = {
            "cvss": {
                "score": float(score),
                "scoreSource": "NVD",
                "scoringVector": vector,
                "version": "3.1",
                "adjustments": [],
            }
        }
        details["cvss"] = [
            {"baseScore": float(score), "scoringVector": vector, "source": "NVD", "version": "3.1"}
        ]
    if epss is not None:
        if isinstance(epss, bool) or not isinstance(epss, (int, float)) or not 0 <= epss <= 1:
            raise EcrFakeError(
                f"enhanced_finding() epss must be a number from 0 to 1, not {epss!r}"
            )
        finding["epss"] = {"score": float(epss)}
    # Members newer than the installed botocore's model (fixAvailable, say) are left out by
    # default: that client could not read them. Given explicitly they are refused, naming the model.
    known = _shape("EnhancedImageScanFinding").members
    for member in [m for m in finding if m not in known and m not in INSPECTOR_ONLY_MEMBERS]:
        del finding[member]
    _apply_overrides(finding, overrides, "EnhancedImageScanFinding", "enhanced_finding")
    check_findings([finding], enhanced=True)
    return cast("EnhancedImageScanFinding", finding)


def basic_finding(
    name: str,
    *,
    severity: str,
    description: str | None = None,
    uri: str | None = None,
    package_name: str | None = None,
    package_version: str | None = None,
    **overrides: Any,
) -> ImageScanFinding:
    """An ``ImageScanFinding`` (a basic-scan finding) to seed.

    ``severity`` is one of ``INFORMATIONAL``, ``LOW``, ``MEDIUM``, ``HIGH``, ``CRITICAL``,
    ``UNDEFINED``. The package goes into ``attributes`` as ECR writes them: key/value pairs
    ``package_version`` then ``package_name``. Keyword overrides set or replace any member
    (``attributes=[{"key": "CVSS2_SCORE", "value": "7.5"}]``); ``None`` removes one.
    """
    if severity not in BASIC_SEVERITIES:
        raise EcrFakeError(
            f"basic_finding() severity {severity!r} is not a basic-scan severity; use one of "
            f"{', '.join(BASIC_SEVERITIES)}"
        )
    finding: dict[str, Any] = {"name": name}
    if description is not None:
        finding["description"] = description
    if uri is not None:
        finding["uri"] = uri
    finding["severity"] = severity
    attributes = []
    if package_version is not None:
        attributes.append({"key": "package_version", "value": package_version})
    if package_name is not None:
        attributes.append({"key": "package_name", "value": package_name})
    finding["attributes"] = attributes
    _apply_overrides(finding, overrides, "ImageScanFinding", "basic_finding")
    check_findings([finding], enhanced=False)
    return cast("ImageScanFinding", finding)


def check_findings(findings: Any, *, enhanced: bool) -> list[dict[str, Any]]:
    """Check seeded findings against the API shape; returns a private deep copy.

    Raises :class:`~ecrfake.EcrFakeError` naming the first problem.
    """
    from botocore.validate import ParamValidator

    kind = "enhanced" if enhanced else "basic"
    if isinstance(findings, (str, bytes, Mapping)) or not isinstance(findings, Iterable):
        raise EcrFakeError(f"{kind} findings must be a list of finding dicts, not {findings!r}")
    shape_name = "EnhancedImageScanFinding" if enhanced else "ImageScanFinding"
    shape = _shape(shape_name)
    allowed = ENHANCED_SEVERITIES if enhanced else BASIC_SEVERITIES
    builder = "enhanced_finding" if enhanced else "basic_finding"
    out = []
    for i, finding in enumerate(findings):
        if not isinstance(finding, Mapping):
            raise EcrFakeError(
                f"{kind} finding #{i} must be a dict (use {builder}()), not {finding!r}"
            )
        ecr_part = {k: v for k, v in finding.items() if k not in INSPECTOR_ONLY_MEMBERS}
        report = ParamValidator().validate(ecr_part, shape)
        if report.has_errors():
            raise EcrFakeError(
                f"{kind} finding #{i} is not a valid {shape_name}:\n{report.generate_report()}"
            )
        if enhanced:
            _check_inspector_only(finding, i)
        severity = finding.get("severity")
        if severity not in allowed:
            has = "has no severity" if severity is None else f"has severity {severity!r}"
            raise EcrFakeError(
                f"{kind} finding #{i} {has}; every finding needs one of {', '.join(allowed)}"
            )
        out.append(copy.deepcopy(dict(finding)))
    return out


def _check_inspector_only(finding: Mapping[str, Any], index: int) -> None:
    from botocore.validate import ParamValidator

    shapes = {"epss": "EpssDetails", "exploitabilityDetails": "ExploitabilityDetails"}
    for member, shape_name in shapes.items():
        if member not in finding:
            continue
        shape = _service.shape(shape_name, _service.INSPECTOR2)
        if shape is None:
            continue
        report = ParamValidator().validate(finding[member], shape)
        if report.has_errors():
            raise EcrFakeError(
                f"enhanced finding #{index} has an invalid {member} (Inspector's {shape_name}):\n"
                f"{report.generate_report()}"
            )

"""Per-call cost of a typical mix of ECR calls: the wire floor, Stubber, moto and ecrfake.

Every round runs the same calls (same parameters) under each contender in turn, with the order of
the contenders rotated from round to round (ABCD, BCDA, ...), and each contender starts the round
from fresh state (``with mock_ecr_scanning()`` / ``with mock_aws()``), so drift on a shared machine
hits them alike. Only the one API call is timed; its set-up (a push before a scan, say) is not.

An operation that ecrfake (or moto) does not implement is reported as n/a; it is measured as soon
as it answers. The floor and Stubber replay ecrfake's own responses, so they are n/a wherever
ecrfake is: call ``k`` of a round gets ecrfake's answer to call ``k`` of a round, so an answer that
grows within a round (DescribePullThroughCacheRules lists the rules CreatePullThroughCacheRule made
before it) costs every contender the same parse.
"""

from __future__ import annotations

import collections
import gc
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from benchmarks._common import (
    Floor,
    Recorded,
    Recorder,
    Section,
    Target,
    client,
    geomean,
    manifest,
    median,
    moto_client,
    now_ns,
    ratio,
    rotated,
    short_error,
    strip_metadata,
)

Setup = Callable[[Any, Any], None]


def _none(*_: Any) -> None:
    return None


def _repo(ecr: Any, name: str) -> None:
    ecr.create_repository(repositoryName=name)


SCANNING_RULES = [
    {
        "scanFrequency": "SCAN_ON_PUSH",
        "repositoryFilters": [{"filter": "bench/scan-on-push-*", "filterType": "WILDCARD"}],
    }
]


@dataclass(frozen=True)
class Op:
    """One operation of the mix: its parameters for call ``i`` and its untimed set-up."""

    method: str
    params: Callable[[int], dict[str, Any]]
    #: Once per round, for contenders with state: (client, ecrfake handle or None).
    prepare: Setup = _none
    #: Before each timed call, for contenders with state: (client, i).
    before: Callable[[Any, int], None] = _none


def _prepare_described(ecr: Any, fake: Any) -> None:
    _repo(ecr, "bench/described")
    for n in range(10):
        ecr.put_image(
            repositoryName="bench/described", imageManifest=manifest(f"d{n}"), imageTag=f"t{n}"
        )


def _prepare_findings(ecr: Any, fake: Any) -> None:
    _repo(ecr, "bench/findings")
    if fake is not None:
        from ecrfake import basic_finding

        # moto answers every scan with one made-up finding; give ecrfake's scan one as well.
        fake.registry().seed_basic_findings(
            "bench/findings", {"imageTag": "v1"}, [basic_finding("CVE-2019-5021", severity="HIGH")]
        )
    ecr.put_image(repositoryName="bench/findings", imageManifest=manifest("f"), imageTag="v1")
    ecr.start_image_scan(repositoryName="bench/findings", imageId={"imageTag": "v1"})


def _prepare_batch_get(ecr: Any, fake: Any) -> None:
    for name in ("bench/batch-a", "bench/batch-b", "bench/scan-on-push-c"):
        _repo(ecr, name)
    ecr.put_registry_scanning_configuration(scanType="BASIC", rules=SCANNING_RULES)


def _prepare_rules(ecr: Any, fake: Any) -> None:
    for prefix, url in (
        ("quay", "quay.io"),
        ("k8s", "registry.k8s.io"),
        ("public", "public.ecr.aws"),
    ):
        ecr.create_pull_through_cache_rule(ecrRepositoryPrefix=prefix, upstreamRegistryUrl=url)


def _push_for_scan(ecr: Any, i: int) -> None:
    ecr.put_image(repositoryName="bench/scans", imageManifest=manifest(f"s{i}"), imageTag=f"s{i}")


OPS: list[Op] = [
    Op("create_repository", lambda i: {"repositoryName": f"bench/repo-{i:06d}"}),
    Op(
        "put_image",
        lambda i: {
            "repositoryName": "bench/app",
            "imageManifest": manifest(i),
            "imageTag": f"v{i}",
        },
        prepare=lambda ecr, fake: _repo(ecr, "bench/app"),
    ),
    Op(
        "describe_images",
        lambda i: {"repositoryName": "bench/described"},
        prepare=_prepare_described,
    ),
    Op(
        "put_registry_scanning_configuration",
        lambda i: {"scanType": "BASIC", "rules": SCANNING_RULES},
    ),
    Op(
        "get_registry_scanning_configuration",
        lambda i: {},
        prepare=lambda ecr, fake: ecr.put_registry_scanning_configuration(
            scanType="BASIC", rules=SCANNING_RULES
        ),
    ),
    Op(
        "batch_get_repository_scanning_configuration",
        lambda i: {"repositoryNames": ["bench/batch-a", "bench/batch-b", "bench/scan-on-push-c"]},
        prepare=_prepare_batch_get,
    ),
    Op(
        "start_image_scan",
        lambda i: {"repositoryName": "bench/scans", "imageId": {"imageTag": f"s{i}"}},
        prepare=lambda ecr, fake: _repo(ecr, "bench/scans"),
        before=_push_for_scan,
    ),
    Op(
        "describe_image_scan_findings",
        lambda i: {"repositoryName": "bench/findings", "imageId": {"imageTag": "v1"}},
        prepare=_prepare_findings,
    ),
    Op(
        "create_pull_through_cache_rule",
        lambda i: {"ecrRepositoryPrefix": f"cache{i:05d}", "upstreamRegistryUrl": "public.ecr.aws"},
    ),
    Op("describe_pull_through_cache_rules", lambda i: {}, prepare=_prepare_rules),
]


class Contender:
    """Something that answers the mix's calls; ``stateful`` ones run the set-up."""

    name = ""
    stateful = True

    def __init__(self) -> None:
        self.client: Any = None
        self.samples: dict[str, list[float]] = collections.defaultdict(list)
        self.unavailable: dict[str, str] = {}
        self._counts: dict[str, int] = {}

    def session(self) -> Any:
        """A context manager for one round (fresh state)."""
        raise NotImplementedError

    def handle(self, ctx: Any) -> Any:
        return None

    def before_call(self, op: Op) -> None:
        return None

    def call_index(self, op: Op) -> int:
        """How many calls of ``op`` this round has made so far (then counts this one)."""
        n = self._counts.get(op.method, 0)
        self._counts[op.method] = n + 1
        return n

    def new_round(self) -> None:
        self._counts = {}


class EcrFakeContender(Contender):
    name = "ecrfake"

    def __init__(self) -> None:
        super().__init__()
        self.client = client()
        #: The parsed responses of the warm-up round's timed calls, per operation (what Stubber
        #: replays), and their raw form (what the floor replays) while ``recorder`` records.
        self.parsed: dict[str, list[dict[str, Any]]] = collections.defaultdict(list)
        self.raw: dict[str, list[Recorded]] = collections.defaultdict(list)
        self.recorder: Recorder | None = None

    def session(self) -> Any:
        from ecrfake import mock_ecr_scanning

        return mock_ecr_scanning()

    def handle(self, ctx: Any) -> Any:
        return ctx


class MotoContender(Contender):
    name = "moto"

    def __init__(self) -> None:
        super().__init__()
        self.client = moto_client()

    def session(self) -> Any:
        from moto import mock_aws

        return mock_aws()


class _Nothing:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None


class FloorContender(Contender):
    name = "floor"
    stateful = False

    def __init__(self) -> None:
        super().__init__()
        self.floor = Floor(client())
        self.client = self.floor.client

    def session(self) -> Any:
        self.floor.rewind()
        return _Nothing()


class StubberContender(Contender):
    name = "stubber"
    stateful = False

    def __init__(self) -> None:
        super().__init__()
        from botocore.stub import Stubber

        self.client = client()
        self.stubber = Stubber(self.client)
        self.stubber.activate()
        self.parsed: dict[str, list[dict[str, Any]]] = {}

    def session(self) -> Any:
        return _Nothing()

    def before_call(self, op: Op) -> None:
        sequence = self.parsed[op.method]
        k = self.call_index(op)
        self.stubber.add_response(op.method, sequence[min(k, len(sequence) - 1)])


def _wire_name(ecr: Any, method: str) -> str:
    return str(ecr.meta.method_to_api_mapping[method])


def _round(
    contender: Contender, calls: int, first: int, record: bool, mix: list[Op] | None = None
) -> None:
    """One round: fresh state, set-up, then ``calls`` timed calls of every available operation."""
    ecr = contender.client
    ops = [op for op in (OPS if mix is None else mix) if op.method not in contender.unavailable]
    contender.new_round()
    with contender.session() as ctx:
        if contender.stateful:
            for op in ops:
                try:
                    op.prepare(ecr, contender.handle(ctx))
                except Exception as exc:
                    if not record:
                        raise
                    contender.unavailable[op.method] = "set-up: " + short_error(exc)
            ops = [op for op in ops if op.method not in contender.unavailable]
        methods = {op.method: getattr(ecr, op.method) for op in ops}
        for k in range(calls):
            i = first + k
            for op in list(ops):
                if contender.stateful:
                    op.before(ecr, i)
                contender.before_call(op)
                params = op.params(i)
                t0 = now_ns()
                try:
                    response = methods[op.method](**params)
                except Exception as exc:
                    if not record:
                        raise
                    contender.unavailable[op.method] = short_error(exc)
                    ops.remove(op)
                    continue
                elapsed = now_ns() - t0
                if record:
                    if isinstance(contender, EcrFakeContender):
                        contender.parsed[op.method].append(strip_metadata(response))
                        if contender.recorder is not None:
                            wire = _wire_name(ecr, op.method)
                            contender.raw[op.method].append(contender.recorder.last[wire])
                else:
                    contender.samples[op.method].append(elapsed / 1000)


def run(quick: bool = False) -> Section:
    # Issue #9: <= 1.12x the floor (geometric mean) and no operation above 1.30x; issue #6:
    # <= 0.35x moto.
    return measure(
        OPS,
        "per-call median, us (same calls, contenders interleaved)",
        "the mix",
        1.12,
        0.35,
        quick,
        worst_limit=1.30,
    )


def measure(
    mix: list[Op],
    title: str,
    label: str,
    floor_limit: float,
    moto_limit: float | None,
    quick: bool = False,
    worst_limit: float | None = None,
) -> Section:
    """Time ``mix`` under every contender; targets: ecrfake / floor (the geometric mean, and the
    worst operation when ``worst_limit`` is given) and ecrfake / moto."""
    OPS = mix  # the operations of this measurement
    started = time.perf_counter()
    rounds, calls = (12, 3) if quick else (50, 4)
    section = Section(
        title,
        ["operation", "floor", "stubber", "moto", "ecrfake", "x floor", "x moto"],
    )
    fake = EcrFakeContender()
    floor = FloorContender()
    stub = StubberContender()
    contenders: list[Contender] = [fake, floor, stub]
    try:
        contenders.append(MotoContender())
    except ImportError:
        section.notes.append("moto is not installed (pip install -e '.[bench]'): moto column n/a")

    # Warm-up round: ecrfake first, recording its responses to a whole round of calls for the
    # floor and Stubber, which replay them call by call.
    with Recorder(fake.client) as fake.recorder:
        _round(fake, calls, 0, record=True, mix=OPS)
    fake.recorder = None
    for op in OPS:
        wire = _wire_name(fake.client, op.method)
        if op.method in fake.unavailable:
            floor.unavailable[op.method] = stub.unavailable[op.method] = "ecrfake n/a"
            continue
        floor.floor.sequences[wire] = fake.raw[op.method]
        stub.parsed[op.method] = fake.parsed[op.method]
    for other in contenders[1:]:
        _round(other, calls, 0, record=True, mix=OPS)

    gc.collect()
    for r in range(rounds):
        for turn in rotated(contenders, r):
            _round(turn, calls, (r + 1) * 1000, record=False, mix=OPS)
        gc.collect()

    vs_floor: list[float] = []
    vs_moto: list[float] = []
    floor_vs_moto: list[float] = []
    by_name = {c.name: c for c in contenders}
    for op in OPS:
        row: dict[str, Any] = {"operation": op.method}
        for name in ("floor", "stubber", "moto", "ecrfake"):
            who = by_name.get(name)
            samples = who.samples[op.method] if who is not None else []
            row[name] = median(samples) if samples else None
            if who is not None and op.method in who.unavailable:
                row[f"{name}_why"] = who.unavailable[op.method]
        row["x floor"] = ratio(row["ecrfake"], row["floor"])
        row["x moto"] = ratio(row["ecrfake"], row["moto"])
        if row["x floor"] is not None:
            vs_floor.append(row["x floor"])
        if row["x moto"] is not None:
            vs_moto.append(row["x moto"])
            floor_vs_moto.append(row["floor"] / row["moto"])
        section.rows.append(row)
    missing = [op.method for op in OPS if op.method in fake.unavailable]
    section.targets.append(
        Target(
            f"ecrfake / floor, geometric mean over {label}",
            geomean(vs_floor) if vs_floor else None,
            floor_limit,
            note=f"{len(vs_floor)} of {len(OPS)} operations",
        )
    )
    if worst_limit is not None and vs_floor:
        worst = max(
            (row for row in section.rows if row["x floor"] is not None),
            key=lambda row: row["x floor"],
        )
        section.targets.append(
            Target(
                f"ecrfake / floor, worst operation of {label}",
                worst["x floor"],
                worst_limit,
                note=worst["operation"],
            )
        )
    if moto_limit is not None:
        section.targets.append(
            Target(
                f"ecrfake / moto, geometric mean over {label}",
                geomean(vs_moto) if vs_moto else None,
                moto_limit,
                note=f"{len(vs_moto)} operations moto implements",
            )
        )
    if floor_vs_moto:
        section.notes.append(
            f"the floor itself is {geomean(floor_vs_moto):.2f} x moto (geometric mean): the best "
            "ratio to moto any HTTP-layer fake can reach"
        )
    if missing:
        section.notes.append("ecrfake n/a (not implemented yet?): " + ", ".join(missing))
    for who in contenders:
        for method, why in who.unavailable.items():
            if who.name in ("ecrfake", "moto"):
                section.notes.append(f"{who.name} {method}: {why}")
    section.notes.append(
        f"{rounds} rounds x {calls} calls per operation per contender; floor answered "
        f"{floor.floor.calls} calls"
    )
    section.seconds = time.perf_counter() - started
    return section

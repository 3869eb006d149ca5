"""ecrfake's benchmarks: same-run ratios against the wire floor, botocore's Stubber and moto.

Run ``python -m benchmarks.run`` (``--quick`` for a ~30 s run) from the repository root. See
``docs/performance.md`` for what each figure means and the targets.
"""

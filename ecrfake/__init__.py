"""ecrfake: an in-memory fake of Amazon ECR's image-scanning and pull-through-cache APIs."""

from ecrfake._version import __version__ as __version__
from ecrfake.exceptions import EcrFakeError as EcrFakeError
from ecrfake.fake import EcrFake as EcrFake
from ecrfake.fake import mock_ecr_scanning as mock_ecr_scanning
from ecrfake.findings import EnhancedImageScanFinding as EnhancedImageScanFinding
from ecrfake.findings import ImageIdentifier as ImageIdentifier
from ecrfake.findings import ImageScanFinding as ImageScanFinding
from ecrfake.findings import basic_finding as basic_finding
from ecrfake.findings import enhanced_finding as enhanced_finding
from ecrfake.registry import Registry as Registry

__all__ = [
    "EcrFake",
    "EcrFakeError",
    "EnhancedImageScanFinding",
    "ImageIdentifier",
    "ImageScanFinding",
    "Registry",
    "__version__",
    "basic_finding",
    "enhanced_finding",
    "mock_ecr_scanning",
]

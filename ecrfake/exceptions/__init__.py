"""Errors.

Two families, never mixed:

* :class:`EcrError` and its subclasses are *wire* errors: each class is named exactly like the ECR
  error shape it stands for (``ScanNotFoundException``), so its ``code`` is its class name. The wire
  layer turns them into ``{"__type": code, "message": message}`` with HTTP 400.
* :class:`EcrFakeError` is raised in the test process for misuse of the fake itself (a bad seed, an
  unknown image id form). It never crosses the wire.

The classes live in one module per family (``_wire``, ``_repositories``, ``_scanning``, ...); this
package re-exports them all, so ``ecrfake.exceptions.<Name>`` is where to import them from.
"""

from ecrfake.exceptions._base import EcrError as EcrError
from ecrfake.exceptions._base import EcrFakeError as EcrFakeError
from ecrfake.exceptions._base import EcrFakeNetworkError as EcrFakeNetworkError
from ecrfake.exceptions._base import EcrFakeWarning as EcrFakeWarning
from ecrfake.exceptions._base import OperationNotImplementedError as OperationNotImplementedError
from ecrfake.exceptions._base import image_id_text as image_id_text
from ecrfake.exceptions._data_path import BadTagKeyCharacters as BadTagKeyCharacters
from ecrfake.exceptions._data_path import BadTagKeyLength as BadTagKeyLength
from ecrfake.exceptions._data_path import BadTagValueCharacters as BadTagValueCharacters
from ecrfake.exceptions._data_path import BadTagValueLength as BadTagValueLength
from ecrfake.exceptions._data_path import EmptyUploadException as EmptyUploadException
from ecrfake.exceptions._data_path import ImageArchivedException as ImageArchivedException
from ecrfake.exceptions._data_path import (
    ImageStorageClassUpdateNotSupportedException as ImageStorageClassUpdateNotSupportedException,
)
from ecrfake.exceptions._data_path import InvalidLayerException as InvalidLayerException
from ecrfake.exceptions._data_path import InvalidLayerPartException as InvalidLayerPartException
from ecrfake.exceptions._data_path import (
    InvalidTagParameterException as InvalidTagParameterException,
)
from ecrfake.exceptions._data_path import LayerAlreadyExistsException as LayerAlreadyExistsException
from ecrfake.exceptions._data_path import LayerInaccessibleException as LayerInaccessibleException
from ecrfake.exceptions._data_path import LayerNotInRepository as LayerNotInRepository
from ecrfake.exceptions._data_path import LayerPartTooSmallException as LayerPartTooSmallException
from ecrfake.exceptions._data_path import LayersMissingForPush as LayersMissingForPush
from ecrfake.exceptions._data_path import (
    ReferencedImagesNotFoundException as ReferencedImagesNotFoundException,
)
from ecrfake.exceptions._data_path import ReservedTagKey as ReservedTagKey
from ecrfake.exceptions._data_path import (
    SigningConfigurationNotFoundException as SigningConfigurationNotFoundException,
)
from ecrfake.exceptions._data_path import TooManyTagsException as TooManyTagsException
from ecrfake.exceptions._data_path import UploadNotFoundException as UploadNotFoundException
from ecrfake.exceptions._policies import InvalidAccountSettingName as InvalidAccountSettingName
from ecrfake.exceptions._policies import InvalidAccountSettingValue as InvalidAccountSettingValue
from ecrfake.exceptions._policies import (
    LifecyclePolicyNotFoundException as LifecyclePolicyNotFoundException,
)
from ecrfake.exceptions._policies import (
    LifecyclePolicyPreviewInProgressException as LifecyclePolicyPreviewInProgressException,
)
from ecrfake.exceptions._policies import (
    LifecyclePolicyPreviewNotFoundException as LifecyclePolicyPreviewNotFoundException,
)
from ecrfake.exceptions._policies import NonEcrRegistryPolicyAction as NonEcrRegistryPolicyAction
from ecrfake.exceptions._policies import (
    RegistryPolicyNotFoundException as RegistryPolicyNotFoundException,
)
from ecrfake.exceptions._policies import (
    RepositoryPolicyNotFoundException as RepositoryPolicyNotFoundException,
)
from ecrfake.exceptions._pull_through import CredentialNotUsed as CredentialNotUsed
from ecrfake.exceptions._pull_through import CredentialRequired as CredentialRequired
from ecrfake.exceptions._pull_through import ForeignCredentialArn as ForeignCredentialArn
from ecrfake.exceptions._pull_through import ForeignRoleArn as ForeignRoleArn
from ecrfake.exceptions._pull_through import MalformedCredentialArn as MalformedCredentialArn
from ecrfake.exceptions._pull_through import MalformedRoleArn as MalformedRoleArn
from ecrfake.exceptions._pull_through import (
    PullThroughCacheRuleAlreadyExistsException as PullThroughCacheRuleAlreadyExistsException,
)
from ecrfake.exceptions._pull_through import (
    PullThroughCacheRuleNotFoundException as PullThroughCacheRuleNotFoundException,
)
from ecrfake.exceptions._pull_through import PullThroughRuleLimit as PullThroughRuleLimit
from ecrfake.exceptions._pull_through import RoleNotUsed as RoleNotUsed
from ecrfake.exceptions._pull_through import RoleRequired as RoleRequired
from ecrfake.exceptions._pull_through import SecretNotFoundException as SecretNotFoundException
from ecrfake.exceptions._pull_through import (
    UnsupportedUpstreamRegistryException as UnsupportedUpstreamRegistryException,
)
from ecrfake.exceptions._pull_through import UpstreamMismatch as UpstreamMismatch
from ecrfake.exceptions._pull_through import UpstreamPrefixWithRoot as UpstreamPrefixWithRoot
from ecrfake.exceptions._replication import AppliedForEmpty as AppliedForEmpty
from ecrfake.exceptions._replication import (
    BackfillDestinationNotConfigured as BackfillDestinationNotConfigured,
)
from ecrfake.exceptions._replication import BackfillLimit as BackfillLimit
from ecrfake.exceptions._replication import (
    ExclusionAlreadyExistsException as ExclusionAlreadyExistsException,
)
from ecrfake.exceptions._replication import ExclusionLimit as ExclusionLimit
from ecrfake.exceptions._replication import ExclusionNotFoundException as ExclusionNotFoundException
from ecrfake.exceptions._replication import (
    ReplicationAcrossPartitions as ReplicationAcrossPartitions,
)
from ecrfake.exceptions._replication import (
    ReplicationBackfillInProgressException as ReplicationBackfillInProgressException,
)
from ecrfake.exceptions._replication import (
    ReplicationBackfillInvalidStatusException as ReplicationBackfillInvalidStatusException,
)
from ecrfake.exceptions._replication import (
    ReplicationBackfillNotFoundException as ReplicationBackfillNotFoundException,
)
from ecrfake.exceptions._replication import (
    ReplicationDestinationIsSource as ReplicationDestinationIsSource,
)
from ecrfake.exceptions._replication import (
    TemplateAlreadyExistsException as TemplateAlreadyExistsException,
)
from ecrfake.exceptions._replication import TemplateNotFoundException as TemplateNotFoundException
from ecrfake.exceptions._repositories import (
    ImageAlreadyExistsException as ImageAlreadyExistsException,
)
from ecrfake.exceptions._repositories import (
    ImageDigestDoesNotMatchException as ImageDigestDoesNotMatchException,
)
from ecrfake.exceptions._repositories import ImageNotFoundException as ImageNotFoundException
from ecrfake.exceptions._repositories import (
    ImageTagAlreadyExistsException as ImageTagAlreadyExistsException,
)
from ecrfake.exceptions._repositories import LayersNotFoundException as LayersNotFoundException
from ecrfake.exceptions._repositories import (
    RepositoryAlreadyExistsException as RepositoryAlreadyExistsException,
)
from ecrfake.exceptions._repositories import (
    RepositoryNotEmptyException as RepositoryNotEmptyException,
)
from ecrfake.exceptions._repositories import (
    RepositoryNotFoundException as RepositoryNotFoundException,
)
from ecrfake.exceptions._scanning import FrequencyNotAllowed as FrequencyNotAllowed
from ecrfake.exceptions._scanning import InvalidScanType as InvalidScanType
from ecrfake.exceptions._scanning import LimitExceededException as LimitExceededException
from ecrfake.exceptions._scanning import ManualScanUnderEnhanced as ManualScanUnderEnhanced
from ecrfake.exceptions._scanning import ScanNotFoundException as ScanNotFoundException
from ecrfake.exceptions._scanning import ScanQuotaExceeded as ScanQuotaExceeded
from ecrfake.exceptions._scanning import (
    UnsupportedImageTypeException as UnsupportedImageTypeException,
)
from ecrfake.exceptions._wire import AggregationRequestMismatch as AggregationRequestMismatch
from ecrfake.exceptions._wire import BodyNotAnObject as BodyNotAnObject
from ecrfake.exceptions._wire import ExclusionFiltersNotAllowed as ExclusionFiltersNotAllowed
from ecrfake.exceptions._wire import ExclusionFiltersRequired as ExclusionFiltersRequired
from ecrfake.exceptions._wire import InspectorConstraint as InspectorConstraint
from ecrfake.exceptions._wire import InspectorUnparsable as InspectorUnparsable
from ecrfake.exceptions._wire import InvalidLifecyclePolicy as InvalidLifecyclePolicy
from ecrfake.exceptions._wire import InvalidManifestJson as InvalidManifestJson
from ecrfake.exceptions._wire import InvalidPageToken as InvalidPageToken
from ecrfake.exceptions._wire import InvalidParameterException as InvalidParameterException
from ecrfake.exceptions._wire import InvalidPolicyText as InvalidPolicyText
from ecrfake.exceptions._wire import KmsKeyWithAes256 as KmsKeyWithAes256
from ecrfake.exceptions._wire import ManifestMediaTypeMismatch as ManifestMediaTypeMismatch
from ecrfake.exceptions._wire import MissingTarget as MissingTarget
from ecrfake.exceptions._wire import OperationNotInInstalledModel as OperationNotInInstalledModel
from ecrfake.exceptions._wire import RepositoryPolicyLockout as RepositoryPolicyLockout
from ecrfake.exceptions._wire import SerializationException as SerializationException
from ecrfake.exceptions._wire import UnknownOperationException as UnknownOperationException
from ecrfake.exceptions._wire import ValidationException as ValidationException

__all__ = [
    "AggregationRequestMismatch",
    "AppliedForEmpty",
    "BackfillDestinationNotConfigured",
    "BackfillLimit",
    "BadTagKeyCharacters",
    "BadTagKeyLength",
    "BadTagValueCharacters",
    "BadTagValueLength",
    "BodyNotAnObject",
    "CredentialNotUsed",
    "CredentialRequired",
    "EcrError",
    "EcrFakeError",
    "EcrFakeNetworkError",
    "EcrFakeWarning",
    "EmptyUploadException",
    "ExclusionAlreadyExistsException",
    "ExclusionFiltersNotAllowed",
    "ExclusionFiltersRequired",
    "ExclusionLimit",
    "ExclusionNotFoundException",
    "ForeignCredentialArn",
    "ForeignRoleArn",
    "FrequencyNotAllowed",
    "ImageAlreadyExistsException",
    "ImageArchivedException",
    "ImageDigestDoesNotMatchException",
    "ImageNotFoundException",
    "ImageStorageClassUpdateNotSupportedException",
    "ImageTagAlreadyExistsException",
    "InspectorConstraint",
    "InspectorUnparsable",
    "InvalidAccountSettingName",
    "InvalidAccountSettingValue",
    "InvalidLayerException",
    "InvalidLayerPartException",
    "InvalidLifecyclePolicy",
    "InvalidManifestJson",
    "InvalidPageToken",
    "InvalidParameterException",
    "InvalidPolicyText",
    "InvalidScanType",
    "InvalidTagParameterException",
    "KmsKeyWithAes256",
    "LayerAlreadyExistsException",
    "LayerInaccessibleException",
    "LayerNotInRepository",
    "LayerPartTooSmallException",
    "LayersMissingForPush",
    "LayersNotFoundException",
    "LifecyclePolicyNotFoundException",
    "LifecyclePolicyPreviewInProgressException",
    "LifecyclePolicyPreviewNotFoundException",
    "LimitExceededException",
    "MalformedCredentialArn",
    "MalformedRoleArn",
    "ManifestMediaTypeMismatch",
    "ManualScanUnderEnhanced",
    "MissingTarget",
    "NonEcrRegistryPolicyAction",
    "OperationNotImplementedError",
    "OperationNotInInstalledModel",
    "PullThroughCacheRuleAlreadyExistsException",
    "PullThroughCacheRuleNotFoundException",
    "PullThroughRuleLimit",
    "ReferencedImagesNotFoundException",
    "RegistryPolicyNotFoundException",
    "ReplicationAcrossPartitions",
    "ReplicationBackfillInProgressException",
    "ReplicationBackfillInvalidStatusException",
    "ReplicationBackfillNotFoundException",
    "ReplicationDestinationIsSource",
    "RepositoryAlreadyExistsException",
    "RepositoryNotEmptyException",
    "RepositoryNotFoundException",
    "RepositoryPolicyLockout",
    "RepositoryPolicyNotFoundException",
    "ReservedTagKey",
    "RoleNotUsed",
    "RoleRequired",
    "ScanNotFoundException",
    "ScanQuotaExceeded",
    "SecretNotFoundException",
    "SerializationException",
    "SigningConfigurationNotFoundException",
    "TemplateAlreadyExistsException",
    "TemplateNotFoundException",
    "TooManyTagsException",
    "UnknownOperationException",
    "UnsupportedImageTypeException",
    "UnsupportedUpstreamRegistryException",
    "UploadNotFoundException",
    "UpstreamMismatch",
    "UpstreamPrefixWithRoot",
    "ValidationException",
    "image_id_text",
]

"""Credential data models as pure functions over parsed JSON: validation and fact extraction.

VCDM 1.1/2.0 credentials and presentations (`vc`), Open Badges 3.0 and CLR 2.0
(`openbadges3`), Open Badges 2.0 (`openbadges2`, `recipient`), dates (`dates`) and the facts a
credential states about itself (`facts`). No network, no cryptography, no database.
"""

from __future__ import annotations

from hrkit.verify.datamodel.dates import parse_datetime, parse_ob2_datetime
from hrkit.verify.datamodel.errors import DataModelError
from hrkit.verify.datamodel.facts import achievement_kind, credential_facts, ob2_facts
from hrkit.verify.datamodel.openbadges2 import (
    hosted_origin_problems,
    validate_ob2_assertion,
    validate_ob2_badge_class,
    validate_ob2_graph,
    validate_ob2_issuer,
    validate_ob2_node,
)
from hrkit.verify.datamodel.openbadges3 import is_open_badge, validate_ob3
from hrkit.verify.datamodel.recipient import recipient_matches
from hrkit.verify.datamodel.vc import (
    self_asserted_problems,
    validate_credential,
    validate_presentation,
)

__all__ = [
    "DataModelError",
    "achievement_kind",
    "credential_facts",
    "hosted_origin_problems",
    "is_open_badge",
    "ob2_facts",
    "parse_datetime",
    "parse_ob2_datetime",
    "recipient_matches",
    "self_asserted_problems",
    "validate_credential",
    "validate_ob2_assertion",
    "validate_ob2_badge_class",
    "validate_ob2_graph",
    "validate_ob2_issuer",
    "validate_ob2_node",
    "validate_ob3",
    "validate_presentation",
]

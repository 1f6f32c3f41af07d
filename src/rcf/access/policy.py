"""The sharing policy: who may see and change which record, decided inside the SQL query.

Every capability's records carry the columns of ``SharedRecord`` and are read only through
``scope()`` (lists) or ``get_visible()`` (one record). The rules, documented in
docs/permissions.md:

* the owner member always sees its records;
* ``members`` visibility: also the members listed in ``record_shares`` (an explicit bilateral
  choice of the owner, so reciprocity does not apply);
* ``regional`` visibility: every member that meets reciprocity for that capability, i.e.
  contributed at least ``reciprocity_min_records`` live *regional* records of it within the
  window (national or bilateral records share nothing with the region, so they do not count);
  the RSO, which contributes none of its own, sees regional records as the framework's
  analytical hub;
* ``national`` visibility: the owner only. The RSO administrator sees nothing more than the
  RSO member does: national data not shared with the RSO stays invisible to the platform admin.

Outside scope a record answers exactly like a missing one (``NotFound``).

This module is the one entry point: routes and services import every access decision from
here (``from rcf.access.policy import scope``), never from the modules beside it, so that the
policy has one place to read and audit (a test holds the rest of ``rcf`` to this). The
decisions themselves live in these modules of ``rcf.access``:

* ``actor``: ``Actor`` (who is asking), ``require()`` (the permission check every rule starts
  with) and ``own_member_clause()``;
* ``shared_records``: the sharing metadata of every capability's records (``SharedRecord``,
  ``Visibility``, the handling codes and grades) and the share list (``RecordShare``);
* ``reciprocity``: ``Reciprocity`` and ``meets_reciprocity()``;
* ``sharing_rule``: the rule above inside queries: ``scope()``, ``get_visible()``,
  ``get_editable()``, ``group_visibility()`` (rollups), ``can()``, ``can_pass_on()``;
* stricter rules of single capabilities, each stated at the top of its section:
  ``trafficking_rules`` (cases, referrals, attachments), ``register_rules`` (the document
  register and hits), ``watchlist_rules`` (the watchlist, screening and what a hit discloses),
  ``admin_rules`` (users, API tokens, audit entries, granting roles).

A new capability's rule goes into a sibling module of the same shape and is exported here.
The other modules of ``rcf.access`` hold values, not decisions: ``permissions`` and ``roles``
(what each role grants), ``schemas`` and ``sharing`` (the sharing form and writing it).
"""

from __future__ import annotations

from rcf.access.actor import (
    Actor,
    own_member_clause,
    require,
)
from rcf.access.admin_rules import (
    audit_changes_visible,
    audit_clause,
    may_grant,
    token_clause,
    user_clause,
)
from rcf.access.reciprocity import (
    Reciprocity,
    meets_reciprocity,
)
from rcf.access.register_rules import (
    hit_clause,
    may_change_register_record,
    may_report_document,
    register_list_clause,
    register_record_clause,
)
from rcf.access.shared_records import (
    SHARING_FIELDS,
    HandlingCode,
    InformationAccuracy,
    R,
    RecordShare,
    SharedRecord,
    SourceReliability,
    Visibility,
    shares_with,
)
from rcf.access.sharing_rule import (
    GroupClause,
    can,
    can_pass_on,
    get_editable,
    get_visible,
    group_visibility,
    scope,
    visible_clause,
)
from rcf.access.trafficking_rules import (
    attachment_clause,
    case_clause,
    get_editable_case,
    get_visible_case,
    get_visible_referral,
    is_focal_point,
    is_receiving_case_worker,
    is_referral_party,
    is_sender_case_worker,
    may_see_identity,
    may_see_referral_identity,
    referral_clause,
    require_referral_actor,
    scope_cases,
)
from rcf.access.watchlist_rules import (
    OWN_ENTRY_DISCLOSURE,
    SCREENING_DISCLOSURE,
    network_person_clause,
    screening_clause,
    screening_disclosure,
    screening_hit_clause,
    watchlist_clause,
)

__all__ = [
    "OWN_ENTRY_DISCLOSURE",
    "SCREENING_DISCLOSURE",
    "SHARING_FIELDS",
    "Actor",
    "GroupClause",
    "HandlingCode",
    "InformationAccuracy",
    "R",
    "Reciprocity",
    "RecordShare",
    "SharedRecord",
    "SourceReliability",
    "Visibility",
    "attachment_clause",
    "audit_changes_visible",
    "audit_clause",
    "can",
    "can_pass_on",
    "case_clause",
    "get_editable",
    "get_editable_case",
    "get_visible",
    "get_visible_case",
    "get_visible_referral",
    "group_visibility",
    "hit_clause",
    "is_focal_point",
    "is_receiving_case_worker",
    "is_referral_party",
    "is_sender_case_worker",
    "may_change_register_record",
    "may_grant",
    "may_report_document",
    "may_see_identity",
    "may_see_referral_identity",
    "meets_reciprocity",
    "network_person_clause",
    "own_member_clause",
    "referral_clause",
    "register_list_clause",
    "register_record_clause",
    "require",
    "require_referral_actor",
    "scope",
    "scope_cases",
    "screening_clause",
    "screening_disclosure",
    "screening_hit_clause",
    "shares_with",
    "token_clause",
    "user_clause",
    "visible_clause",
    "watchlist_clause",
]

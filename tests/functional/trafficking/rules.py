"""Authorization-matrix rules (C9) for the trafficking routes; see matrix_support.

Case routes check the permission before the lookup (a role without it learns nothing from any
id), so no rule here is ``lookup_first``."""

from __future__ import annotations

from sqlalchemy.orm import Session

from rcf.access.roles import Role
from rcf.accounts.auth import actor_for_user
from rcf.runtime import Runtime
from rcf.trafficking import referral_service
from rcf.trafficking.referral_attachments import attach
from rcf.trafficking.referral_models import TraffickingReferral
from rcf.trafficking.referrals import ReferralPurpose
from tests.factories import World, make_case
from tests.functional.matrix_support import (
    ALL,
    CASE,
    CASE_READERS,
    CASE_WORKERS,
    REFERRAL_PARTIES,
    Relation,
    Rule,
    Target,
    api,
    web,
)

REFERRAL = Target.REFERRAL
ANALYSTS = frozenset({Role.ANALYST})
ATTACHMENT = Target.ATTACHMENT

RULES: dict[tuple[str, str], Rule] = {
    # Pages
    ("GET", "/trafficking/cases"): web(CASE_READERS),
    ("GET", "/trafficking/cases/new"): web(CASE_WORKERS),
    ("POST", "/trafficking/cases"): web(CASE_WORKERS, 400),
    ("GET", "/trafficking/cases/{case_id}"): web(CASE_READERS, target=CASE),
    ("GET", "/trafficking/cases/{case_id}/edit"): web(CASE_WORKERS, target=CASE),
    ("POST", "/trafficking/cases/{case_id}"): web(CASE_WORKERS, 400, target=CASE),
    ("POST", "/trafficking/cases/{case_id}/consent-withdrawal"): web(
        CASE_WORKERS, 303, target=CASE
    ),
    ("GET", "/trafficking/dashboard"): web(CASE_READERS),
    # The screening stores nothing: every signed-in role may assess; saving opens a case.
    ("GET", "/trafficking/screening"): web(ALL),
    ("POST", "/trafficking/screening"): web(ALL),
    ("POST", "/trafficking/screening/case"): web(CASE_WORKERS, 303),
    # API
    ("GET", "/api/v1/trafficking/cases"): api(CASE_READERS),
    ("GET", "/api/v1/trafficking/cases/{case_id}"): api(CASE_READERS, target=CASE),
    ("POST", "/api/v1/trafficking/cases"): api(CASE_WORKERS, 422),
    ("PUT", "/api/v1/trafficking/cases/{case_id}"): api(CASE_WORKERS, 422, target=CASE),
    ("POST", "/api/v1/trafficking/cases/{case_id}/consent-withdrawal"): api(
        CASE_WORKERS, 200, target=CASE
    ),
    # Referral pages: refusals after authorization come back as a message on the page (303).
    ("GET", "/trafficking/referrals"): web(CASE_READERS),
    ("GET", "/trafficking/referrals/new"): web(CASE_WORKERS),
    ("POST", "/trafficking/referrals"): web(CASE_WORKERS, 400),
    ("GET", "/trafficking/referrals/{referral_id}"): web(CASE_READERS, target=REFERRAL),
    ("POST", "/trafficking/referrals/{referral_id}/approval"): web(
        CASE_WORKERS, 303, target=REFERRAL
    ),
    ("POST", "/trafficking/referrals/{referral_id}/transitions"): web(
        REFERRAL_PARTIES, 303, target=REFERRAL
    ),
    ("POST", "/trafficking/referrals/{referral_id}/messages"): web(
        CASE_WORKERS, 303, target=REFERRAL
    ),
    # Referrals. Allowed callers are answered after authorization: the probe names an unknown
    # member (422), a referral without identity has nothing to approve (409), and "closed" is
    # never a legal move from "requested" (409).
    ("GET", "/api/v1/trafficking/referrals"): api(CASE_READERS),
    ("POST", "/api/v1/trafficking/referrals"): api(CASE_WORKERS, 422),
    ("GET", "/api/v1/trafficking/referrals/{referral_id}"): api(CASE_READERS, target=REFERRAL),
    ("POST", "/api/v1/trafficking/referrals/{referral_id}/approval"): api(
        CASE_WORKERS, 409, target=REFERRAL
    ),
    ("POST", "/api/v1/trafficking/referrals/{referral_id}/transitions"): api(
        REFERRAL_PARTIES, 409, target=REFERRAL
    ),
    # Messages may name the person: case workers who may open the identity sent (the focal
    # points decide on the coded fields alone).
    ("GET", "/api/v1/trafficking/referrals/{referral_id}/messages"): api(
        CASE_WORKERS, target=REFERRAL
    ),
    ("POST", "/api/v1/trafficking/referrals/{referral_id}/messages"): api(
        CASE_WORKERS, 201, target=REFERRAL
    ),
    # Attachments: an empty upload form is refused after authorization (a message, 303); the
    # API probe is JSON, not multipart (422). Files are opened only by case workers who may see
    # the identity sent; for everyone else a file answers like a missing one.
    ("POST", "/trafficking/referrals/{referral_id}/attachments"): web(
        CASE_WORKERS, 303, target=REFERRAL
    ),
    ("GET", "/trafficking/attachments/{attachment_id}"): web(
        CASE_WORKERS, target=ATTACHMENT, lookup_first=True
    ),
    ("POST", "/api/v1/trafficking/referrals/{referral_id}/attachments"): api(
        CASE_WORKERS, 422, target=REFERRAL
    ),
    ("GET", "/api/v1/trafficking/referrals/{referral_id}/attachments"): api(
        CASE_READERS, target=REFERRAL
    ),
    ("GET", "/api/v1/trafficking/attachments/{attachment_id}"): api(
        CASE_WORKERS, target=ATTACHMENT, lookup_first=True
    ),
    # The de-identified release page: analysts; an empty form is refused (400).
    ("GET", "/trafficking/release"): web(ANALYSTS),
    ("POST", "/trafficking/release"): web(ANALYSTS, 400),
    # Identity-number look-up (an empty number is refused after authorization) and withdrawal.
    ("GET", "/trafficking/identity-lookup"): web(CASE_WORKERS),
    ("POST", "/trafficking/identity-lookup"): web(CASE_WORKERS, 400),
    ("POST", "/api/v1/trafficking/identity-lookup"): api(CASE_WORKERS, 422),
    ("POST", "/trafficking/cases/{case_id}/withdraw"): web(CASE_WORKERS, 303, target=CASE),
    ("DELETE", "/api/v1/trafficking/cases/{case_id}"): api(CASE_WORKERS, 204, target=CASE),
    # HTCDS exchange: the probe body is not multipart, so an allowed import answers 422.
    ("GET", "/api/v1/trafficking/htcds/export.xlsx"): api(CASE_READERS),
    ("POST", "/api/v1/trafficking/htcds/import"): api(CASE_WORKERS, 422),
    # The same as pages: no file chosen is refused after authorization (400).
    ("GET", "/trafficking/htcds/import"): web(CASE_WORKERS),
    ("POST", "/trafficking/htcds/import"): web(CASE_WORKERS, 400),
    ("GET", "/trafficking/htcds/export.xlsx"): web(CASE_READERS),
}
# Bodies for the API calls (matched on the URL's end before its start; "/messages" is the
# documents' probe, valid here too).
PROBES: dict[str, object] = {
    "/transitions": {"to": "closed"},
    "/api/v1/trafficking/referrals": {
        "case_id": 1,
        "receiver": "ZZZ",
        "purpose": "services",
        "fields": ["gender"],
    },
}


def make_referral(
    db: Session, runtime: Runtime, world: World, relation: Relation, caller: str
) -> int:
    """Own: A's case referred to B (to the RSO when the RSO calls); other member: B's case
    referred to C (A's to B for the RSO); non-contributor: A's case referred to B. No identity
    travels, so no approval is pending and the receiver sees it."""
    sender, receiver = "A", "B"
    if relation is Relation.OWN and caller == "RSO":
        receiver = "RSO"
    elif relation is Relation.OTHER and caller != "RSO":
        sender, receiver = "B", "C"
    author = world.persona(sender, Role.CASE_WORKER)
    case = make_case(db, runtime, author)
    referral = referral_service.create_referral(
        db,
        runtime,
        actor_for_user(author.user),
        case_id=case.id,
        receiver=MEMBER_CODES[receiver],
        purpose=ReferralPurpose.SERVICES,
        fields=["gender", "age_band"],
    )
    db.commit()
    return int(referral.id)


MEMBER_CODES = {"A": "THA", "B": "IDN", "C": "MYS", "RSO": "RSO"}


def make_attachment(
    db: Session, runtime: Runtime, world: World, relation: Relation, caller: str
) -> str:
    """A text file attached by the sender's case worker to ``make_referral``'s referral."""
    referral = db.get(TraffickingReferral, make_referral(db, runtime, world, relation, caller))
    assert referral is not None
    sender = "B" if referral.sender_member_id == world.members["B"].id else "A"
    actor = actor_for_user(world.persona(sender, Role.CASE_WORKER).user)
    item = attach(db, runtime, actor, referral, "note.txt", b"Synthetic note.")
    db.commit()
    return str(item.id)

"""C9: every route x every role x {own member, other member, non-contributor}, over HTTP.

``MATRIX`` says, for each (method, path template) of ``create_app()``'s route table, who may call
it and what an allowed call answers. ``test_matrix_covers_the_route_table`` fails when a route is
added without a rule (or a rule outlives its route), so a new route cannot ship unexamined.

The callers: for "own member" and "other member" a user of member A (THA), for "non-contributor"
a user of member C (MYS, no records of its own); rso_admin is always the RSO's administrator.
Path parameters are filled with a fresh object that belongs to
* own member: the caller's member (for the RSO, a bulletin A shared with the RSO);
* other member: member B (A for the RSO), hidden from the caller where the policy hides it,
  which must answer exactly like a missing id (same status, byte-identical body);
* non-contributor: a regional bulletin of A (hidden from C until C contributes; visible to the
  RSO) and C's own users, tokens and member entry.
Expected: allowed roles get ``rule.ok`` (an empty but CSRF-valid form answers 400 and a JSON body
that only the service refuses answers 422: both prove authorization passed); lower roles 403,
or 404 where the record lookup comes first and the record is hidden; anonymous callers are sent
to /login (web) or get 401 (API).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field

import httpx2 as httpx
import pytest
from fastapi import FastAPI
from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session
from starlette.routing import Mount

from rcf.access.policy import Actor, Visibility
from rcf.access.roles import Role
from rcf.accounts.schemas import TokenCreate
from rcf.accounts.service import create_token
from rcf.runtime import Runtime
from tests.factories import (
    Persona,
    World,
    api_token,
    case_data,
    csrf_from,
    incident_data,
    make_bulletin,
    make_case,
    make_incident,
    make_user,
    sign_in,
)
from tests.functional.documents import rules as document_rules
from tests.functional.incidents import (
    rules_export,
    rules_import,
    rules_links,
    rules_pages,
    rules_summary,
)
from tests.functional.matrix_support import (
    ADMINS,
    ALL,
    FOCAL,
    RSO,
    WRITERS,
    B,
    Kind,
    M,
    Relation,
    Rule,
    T,
    Target,
    U,
    api,
    pending,
    public,
    web,
)
from tests.functional.network import rules as network_rules
from tests.functional.screening import rules as screening_rules
from tests.functional.trafficking import rules as trafficking_rules

INCIDENT_RULES = {
    **rules_pages.RULES,
    **rules_import.RULES,
    **rules_export.RULES,
    **rules_summary.RULES,
    **rules_links.RULES,
}


CORE_RULES: dict[tuple[str, str], Rule] = {
    # Public
    ("GET", "/api/openapi.json"): public(200),
    ("GET", "/healthz"): public(200),
    ("GET", "/favicon.ico"): public(303),
    ("GET", "/login"): public(200, 303),  # signed-in users are sent on
    ("POST", "/login"): public(400),  # empty form: sign-in refused
    # Second-factor steps: only for a session whose password step is done
    ("GET", "/login/second-factor"): pending(),
    ("POST", "/login/second-factor"): pending(),
    ("GET", "/login/enrol"): pending(),
    ("POST", "/login/enrol"): pending(),
    # One's own account
    ("GET", "/"): web(ALL),
    ("POST", "/logout"): web(ALL, 303, ends_session=True),
    ("GET", "/account"): web(ALL),
    ("POST", "/account/sign-out-everywhere"): web(ALL, 303, ends_session=True),
    ("GET", "/account/password"): web(ALL),
    ("POST", "/account/password"): web(ALL, 400),
    ("POST", "/account/two-factor"): web(ALL, 303),  # wrong password: back to /account
    ("POST", "/account/two-factor/confirm"): web(ALL, 303),  # nothing to confirm: /account
    ("POST", "/account/recovery-codes"): web(ALL, 303),  # wrong password: back to /account
    # Users: focal points their member's, the RSO administrator everyone's
    ("GET", "/admin/users"): web(ADMINS),
    ("GET", "/admin/users/new"): web(ADMINS),
    ("POST", "/admin/users"): web(ADMINS, 400),
    ("GET", "/admin/users/{user_id}"): web(ADMINS, target=U),
    ("POST", "/admin/users/{user_id}"): web(ADMINS, 400, target=U),
    ("POST", "/admin/users/{user_id}/disable"): web(ADMINS, 303, target=U),
    ("POST", "/admin/users/{user_id}/enable"): web(ADMINS, 303, target=U),
    ("POST", "/admin/users/{user_id}/reset-2fa"): web(ADMINS, 303, target=U),
    ("POST", "/admin/users/{user_id}/reset-password"): web(ADMINS, 200, target=U),
    # API tokens: focal points only, for their own member
    ("GET", "/admin/tokens"): web(FOCAL),
    ("GET", "/admin/tokens/new"): web(FOCAL),
    ("POST", "/admin/tokens"): web(FOCAL, 400),
    ("POST", "/admin/tokens/{token_id}/revoke"): web(FOCAL, 303, target=T),
    # Members directory: everyone reads, the RSO administrator edits
    ("GET", "/members"): web(ALL),
    ("GET", "/members/{code}"): web(ALL, target=M),
    ("POST", "/members/{code}"): web(RSO, 400, target=M),
    ("POST", "/members/{code}/agencies"): web(RSO, 400, target=M),
    ("GET", "/audit"): web(ADMINS),
    # Bulletins
    ("GET", "/bulletins"): web(ALL),
    ("GET", "/bulletins/new"): web(WRITERS),
    ("POST", "/bulletins"): web(WRITERS, 400),
    ("GET", "/bulletins/{bulletin_id}"): web(ALL, target=B),
    ("GET", "/bulletins/{bulletin_id}/edit"): web(WRITERS, target=B, lookup_first=True),
    ("POST", "/bulletins/{bulletin_id}"): web(WRITERS, 400, target=B, lookup_first=True),
    ("POST", "/bulletins/{bulletin_id}/withdraw"): web(WRITERS, 303, target=B, lookup_first=True),
    # API (token with every scope the persona's role can use)
    ("GET", "/api/v1/me"): api(ALL),
    ("GET", "/api/v1/members"): api(ALL),
    ("GET", "/api/v1/members/{code}"): api(ALL, target=M),
    ("GET", "/api/v1/bulletins"): api(ALL),
    ("GET", "/api/v1/bulletins/{bulletin_id}"): api(ALL, target=B),
    ("POST", "/api/v1/bulletins"): api(WRITERS, 422),
    ("PUT", "/api/v1/bulletins/{bulletin_id}"): api(WRITERS, 422, target=B, lookup_first=True),
    ("DELETE", "/api/v1/bulletins/{bulletin_id}"): api(WRITERS, 204, target=B, lookup_first=True),
}

MATRIX: dict[tuple[str, str], Rule] = {
    **CORE_RULES,
    **INCIDENT_RULES,
    **document_rules.RULES,
    **trafficking_rules.RULES,
    **screening_rules.RULES,
    **network_rules.RULES,
}

# A valid bulletin whose share list names a member that does not exist: the schema accepts it,
# so only a caller that passed the authorization checks reaches the service's 422.
PROBE_BULLETIN = {
    "title": "Matrix probe",
    "category": "alert",
    "body": "Refused by the service after authorization.",
    "sharing": {"visibility": "members", "shared_with": ["ZZZ"]},
}
# The same for incidents: valid in form, refused by the service (unknown member to share with).
PROBE_INCIDENT = incident_data(
    reference="MATRIX-PROBE", sharing={"visibility": "members", "shared_with": ["ZZZ"]}
)
# The ICAO Doc 9303 TD3 specimen: a valid request, answered 200 to every authenticated caller.
PROBE_MRZ = {
    "lines": [
        "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
        "L898902C36UTO7408122F1204159ZE184226B<<<<<10",
    ]
}
# A valid case shared with a member that does not exist: only the service refuses it.
PROBE_CASE = case_data(
    sharing={"visibility": "members", "shared_with": ["ZZZ"]},
)
PROBES = {
    "/api/v1/trafficking/cases": PROBE_CASE,
    "/api/v1/bulletins": PROBE_BULLETIN,
    "/api/v1/incidents": PROBE_INCIDENT,
    "/api/v1/documents/mrz": PROBE_MRZ,
    **document_rules.PROBES,
    **trafficking_rules.PROBES,
    **screening_rules.PROBES,
}
TOKEN_SCOPES = [
    "bulletin:write",
    "incident:write",
    "member:write",
    "document:write",
    "trafficking:write",
    "screening:write",
]
MISSING_ID = "987654"
MEMBER_CODES = {"A": "THA", "B": "IDN", "C": "MYS", "RSO": "RSO"}


def live_routes(app: FastAPI) -> set[tuple[str, str]]:
    """(method, path template) of every route; HEAD rides along with GET."""
    found: set[tuple[str, str]] = set()
    for route in iter_route_contexts(app.routes):
        if isinstance(route.original_route, Mount):
            continue
        for method in (route.methods or set()) - {"HEAD"}:
            found.add((method, str(route.path)))
    return found


def test_matrix_covers_the_route_table(app: FastAPI) -> None:
    live = live_routes(app)
    without_rule = sorted(live - set(MATRIX))
    stale = sorted(set(MATRIX) - live)
    assert not without_rule, f"routes without a MATRIX rule: {without_rule}"
    assert not stale, f"MATRIX rules for routes that no longer exist: {stale}"


def test_the_matrix_sees_routes_behind_included_routers(app: FastAPI) -> None:
    """Guard against a vacuous walk (``app.routes`` alone holds router wrappers)."""
    live = live_routes(app)
    assert ("GET", "/healthz") in live
    assert ("POST", "/admin/users/{user_id}/disable") in live
    assert ("DELETE", "/api/v1/bulletins/{bulletin_id}") in live  # prefix of the include kept


# --- Who calls, and on what ---------------------------------------------------------------------


def caller_member(role: Role, relation: Relation) -> str:
    if role is Role.RSO_ADMIN:
        return "RSO"
    return "C" if relation is Relation.NON_CONTRIBUTOR else "A"


def is_hidden(target: Target, relation: Relation, role: Role) -> bool:
    """Whether the target object is outside the caller's scope (the policy's answer, by hand)."""
    if target is Target.ATTACHMENT:
        # Files hold identity: only the sending agency's case workers (and the receiving
        # agency's, after acceptance) open them; everyone else gets the missing file's 404.
        return not (relation is Relation.OWN and role is Role.CASE_WORKER)
    if relation is Relation.OWN:
        return False
    if target is Target.MEMBER:
        return False  # the directory is open to every signed-in user
    if target in (Target.CASE, Target.REFERRAL):
        return True  # never regional: only the owner's, or the RSO's when A shares with it
    if target in (Target.BULLETIN, Target.INCIDENT, Target.LINK_PROPOSAL):
        # other member: a national record; non-contributor: a regional one, which C may not
        # see until it contributes but the RSO, the framework's hub, may.
        return relation is Relation.OTHER or role is not Role.RSO_ADMIN
    if target is Target.DOCUMENT_RECORD:
        # Only the issuing member's people open its records, and the RSO administrator (to
        # correct them); a hit on a record is the only way anyone else hears of it.
        return role is not Role.RSO_ADMIN
    if target is Target.DOCUMENT_HIT:
        return True  # only the two members of a hit see it
    if target in (Target.WATCHLIST_PERSON, Target.SCREENING_HIT, Target.NETWORK_PERSON):
        # Entries are listed and opened by their own member only; a hit by its two members;
        # a network meets another member's entry only through a hit or a confirmed link.
        return True
    if target is Target.USER:
        # B's users are the RSO administrator's to manage; C's own are C's focal point's.
        return relation is Relation.OTHER and role is not Role.RSO_ADMIN
    return relation is Relation.OTHER  # tokens: only one's own member's


@dataclass
class Objects:
    """Makes a fresh object per request, so a state change cannot leak into the next check."""

    db: Session
    runtime: Runtime
    world: World
    serial: Iterator[int] = field(default_factory=lambda: itertools.count(1))

    def param(self, target: Target, relation: Relation, caller: str) -> str:
        owner = {Relation.OWN: caller, Relation.OTHER: "B", Relation.NON_CONTRIBUTOR: "C"}[relation]
        if target is Target.MEMBER:
            return MEMBER_CODES[owner]
        if target is Target.BULLETIN:
            return str(self.bulletin(relation, caller))
        if target is Target.INCIDENT:
            return str(self.incident(relation, caller))
        if target is Target.DOCUMENT_RECORD:
            return str(document_rules.make_record(self.db, self.world, relation, caller))
        if target is Target.DOCUMENT_HIT:
            return document_rules.make_hit(self.db, self.world, relation, caller)
        if target is Target.CASE:
            return str(self.case(relation, caller))
        if target is Target.WATCHLIST_PERSON:
            return str(
                screening_rules.make_person(self.db, self.runtime, self.world, relation, caller)
            )
        if target is Target.NETWORK_PERSON:
            return str(network_rules.make_watchlist_person(self.db, self.world, relation, caller))
        if target is Target.SCREENING_HIT:
            return screening_rules.make_hit(self.db, self.runtime, self.world, relation, caller)
        if target is Target.LINK_PROPOSAL:
            return str(network_rules.make_proposal(self.db, self.world, relation, caller))
        if target is Target.REFERRAL:
            return str(
                trafficking_rules.make_referral(self.db, self.runtime, self.world, relation, caller)
            )
        if target is Target.ATTACHMENT:
            return trafficking_rules.make_attachment(
                self.db, self.runtime, self.world, relation, caller
            )
        user = self.user(owner)
        if target is Target.USER:
            return str(user.user.id)
        return str(self.token(user))

    def bulletin(self, relation: Relation, caller: str) -> int:
        author = self.world.persona("A", Role.CONTRIBUTOR)
        if relation is Relation.OWN and caller == "RSO":
            made = make_bulletin(self.db, author, Visibility.MEMBERS, ["RSO"], title="A to RSO")
        elif relation is Relation.OWN:
            made = make_bulletin(self.db, author, Visibility.NATIONAL, title="A own")
        elif relation is Relation.OTHER and caller == "RSO":
            made = make_bulletin(self.db, author, Visibility.NATIONAL, title="A national")
        elif relation is Relation.OTHER:
            b = self.world.persona("B", Role.CONTRIBUTOR)
            made = make_bulletin(self.db, b, Visibility.NATIONAL, title="B national")
        else:
            made = make_bulletin(self.db, author, Visibility.REGIONAL, title="A regional")
        self.db.commit()
        return made.id

    def incident(self, relation: Relation, caller: str) -> int:
        """Same shapes as ``bulletin``: own / other member's national / A's regional."""
        author = self.world.persona("A", Role.CONTRIBUTOR)
        reference = f"MATRIX-{next(self.serial)}"
        visibility: dict[str, object] = {"visibility": "national"}
        if relation is Relation.OWN and caller == "RSO":
            visibility = {"visibility": "members", "shared_with": ["RSO"]}
        elif relation is Relation.OTHER and caller != "RSO":
            author = self.world.persona("B", Role.CONTRIBUTOR)
        elif relation is Relation.NON_CONTRIBUTOR:
            visibility = {"visibility": "regional"}
        made = make_incident(self.db, author, reference=reference, sharing=visibility)
        self.db.commit()
        return int(made.id)  # type: ignore[attr-defined]

    def case(self, relation: Relation, caller: str) -> int:
        """Own: A's case (shared with the RSO when the RSO calls); other member: B's national
        case (A's for the RSO); non-contributor: A's national case."""
        author = self.world.persona("A", Role.CASE_WORKER)
        sharing: dict[str, object] = {"visibility": "national"}
        if relation is Relation.OWN and caller == "RSO":
            sharing = {"visibility": "members", "shared_with": ["RSO"]}
        elif relation is Relation.OTHER and caller != "RSO":
            author = self.world.persona("B", Role.CASE_WORKER)
        made = make_case(self.db, self.runtime, author, sharing=sharing)
        self.db.commit()
        return int(made.id)

    def user(self, member: str) -> Persona:
        agency = self.world.agencies[member]
        email = f"target{next(self.serial)}@{MEMBER_CODES[member].lower()}.test"
        persona = make_user(self.db, self.runtime, agency, Role.VIEWER, email=email)
        self.db.commit()
        return persona

    def token(self, owner: Persona) -> int:
        created = create_token(
            self.db,
            self.runtime,
            Actor.system(member_id=owner.user.member_id),
            TokenCreate(name="target", user_id=owner.user.id, scopes=["bulletin:read"]),
        )
        self.db.commit()
        return created.token.id


# --- Calling a route and judging the answer -----------------------------------------------------


@dataclass
class Caller:
    client: TestClient
    persona: Persona | None  # None: anonymous
    csrf: str
    token: str | None

    def sign_in_again(self) -> None:
        assert self.persona is not None
        self.csrf = sign_in(self.client, self.persona)


def signed_in_caller(
    client: TestClient, db: Session, runtime: Runtime, world: World, role: Role, member: str
) -> Caller:
    """Sign in once through the real forms (TOTP included) and make a token with every scope."""
    persona = world.persona(member, role)
    csrf = sign_in(client, persona)
    return Caller(client, persona, csrf, api_token(db, runtime, persona, TOKEN_SCOPES))


def send(caller: Caller, method: str, url: str, rule: Rule) -> httpx.Response:
    if rule.kind is Kind.API:
        headers = {"Authorization": f"Bearer {caller.token}"} if caller.token else {}
        probe = next(
            (
                body
                for start, body in PROBES.items()
                if url.startswith(start) or url.endswith(start)
            ),
            None,
        )
        body = probe if method in ("POST", "PUT") else None
        return caller.client.request(method, url, headers=headers, json=body)
    if method == "POST":
        return caller.client.post(url, data={"csrf_token": caller.csrf})
    return caller.client.request(method, url)


def expected_status(rule: Rule, role: Role | None, hidden: bool) -> frozenset[int]:
    if rule.kind is Kind.PUBLIC:
        return rule.ok
    if role is None or rule.kind is Kind.PENDING:
        return frozenset({401 if rule.kind is Kind.API else 303})
    if rule.lookup_first and hidden:
        return frozenset({404})
    if role not in rule.allowed:
        return frozenset({403})
    return frozenset({404}) if hidden else rule.ok


def judge(response: httpx.Response, rule: Rule, role: Role | None, hidden: bool) -> str | None:
    """A description of what is wrong with the response, or None."""
    want = expected_status(rule, role, hidden)
    got = response.status_code
    if got not in want:
        return f"expected {sorted(want)}, got {got}: {response.text[:120]!r}"
    location = response.headers.get("location", "")
    sent_to_sign_in = location.startswith("/login?next=")
    if rule.kind is Kind.PENDING or (role is None and rule.kind is Kind.WEB):
        return None if sent_to_sign_in else f"expected a redirect to /login, got {location!r}"
    if rule.kind is Kind.WEB and got in (301, 302, 303, 307) and sent_to_sign_in:
        return f"an allowed call was sent to sign in: {location!r}"
    if rule.kind is Kind.WEB and location == "/account/password":
        return "an allowed call was sent to change password"
    return None


def url_for(path: str, value: str | None) -> str:
    if value is None:
        return path
    name = path[path.index("{") + 1 : path.index("}")]
    return path.replace("{" + name + "}", value)


def compare_with_missing(
    caller: Caller, method: str, path: str, rule: Rule, hidden_url: str
) -> str | None:
    """The hidden record's 404 must be the missing id's 404, byte for byte."""
    if rule.kind is Kind.WEB:
        caller.client.get("/account")  # show any pending flash message now, not on the 404s
    hidden = send(caller, method, hidden_url, rule)
    missing = send(caller, method, url_for(path, MISSING_ID), rule)
    if (hidden.status_code, hidden.content) != (missing.status_code, missing.content):
        return (
            f"hidden answers {hidden.status_code} {hidden.text[:200]!r}, "
            f"missing answers {missing.status_code} {missing.text[:200]!r}"
        )
    return None


def run_matrix(
    caller: Caller, objects: Objects, role: Role | None, relation: Relation
) -> list[str]:
    """Call every route once; routes that end the session go last, each after a fresh sign-in."""
    failures: list[str] = []
    member = caller_member(role, relation) if role else "A"
    ordered = sorted(MATRIX.items(), key=lambda item: item[1].ends_session)
    session_ended = False
    for (method, path), rule in ordered:
        if session_ended and caller.persona is not None:
            caller.sign_in_again()
        value = hidden = None
        if rule.target is not None:
            value = objects.param(rule.target, relation, member)
            hidden = role is not None and is_hidden(rule.target, relation, role)
        url = url_for(path, value)
        try:
            response = send(caller, method, url, rule)
        except Exception as error:  # a 500: the test client re-raises the server's exception
            problem: str | None = f"server error {type(error).__name__}: {error}"
        else:
            problem = judge(response, rule, role, bool(hidden))
            if problem is None and hidden and response.status_code == 404:
                problem = compare_with_missing(caller, method, path, rule, url)
        if problem:
            who = f"{role or 'anonymous'} ({relation})"
            failures.append(f"{method} {url} [{path}] as {who}: {problem}")
        session_ended = rule.ends_session
    return failures


CASES = [(role, relation) for role in Role for relation in Relation]


@pytest.mark.parametrize(("role", "relation"), CASES, ids=[f"{r}-{rel}" for r, rel in CASES])
def test_route_matrix(
    role: Role,
    relation: Relation,
    client: TestClient,
    db: Session,
    runtime: Runtime,
    world: World,
) -> None:
    caller = signed_in_caller(client, db, runtime, world, role, caller_member(role, relation))
    failures = run_matrix(caller, Objects(db, runtime, world), role, relation)
    assert not failures, f"{len(failures)} route(s) answered wrongly:\n" + "\n".join(failures)


def test_route_matrix_anonymous(
    client: TestClient, db: Session, runtime: Runtime, world: World
) -> None:
    """Without a session pages send to /login and the API answers 401; CSRF is valid throughout,
    so the redirect is the authentication's answer, not the anti-forgery check's."""
    caller = Caller(client, None, csrf_from(client, "/login"), None)
    failures = run_matrix(caller, Objects(db, runtime, world), None, Relation.OWN)
    assert not failures, f"{len(failures)} route(s) answered wrongly:\n" + "\n".join(failures)


def test_api_with_an_unknown_token_is_401_everywhere(
    client: TestClient, db: Session, runtime: Runtime, world: World
) -> None:
    caller = Caller(client, None, "", "rcf_" + "x" * 40)
    objects = Objects(db, runtime, world)
    failures = []
    for (method, path), rule in MATRIX.items():
        if rule.kind is not Kind.API:
            continue
        value = objects.param(rule.target, Relation.OWN, "A") if rule.target else None
        response = send(caller, method, url_for(path, value), rule)
        if response.status_code != 401 or response.headers.get("www-authenticate") != "Bearer":
            failures.append(f"{method} {path}: {response.status_code}")
    assert not failures, failures

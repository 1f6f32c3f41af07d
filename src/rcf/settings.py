"""One settings object for the server, the CLI and the tests (environment prefix ``RCF_``).

Every field has a default and a description; ``docs/settings.md`` lists them all and a test checks
that the two agree. Secrets can be given as files (``RCF_SECRET_KEY_FILE``) so they stay out of the
process environment.
"""

from __future__ import annotations

import base64
import os
import secrets
from collections.abc import Callable
from enum import StrEnum
from functools import cached_property
from pathlib import Path

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_SECRET_MARKERS = frozenset({"", "change-me", "changeme", "secret", "dev", "insecure"})
SECRET_KEY_FILENAME = "secret_key"
TRAFFICKING_KEY_FILENAME = "trafficking_keys"


class Environment(StrEnum):
    DEVELOPMENT = "development"
    DEMO = "demo"
    TEST = "test"
    PRODUCTION = "production"


class SettingsError(RuntimeError):
    """The configuration cannot be used; the message says which variable to fix."""


class Settings(BaseSettings):
    """Runtime configuration, read from ``RCF_*`` environment variables."""

    model_config = SettingsConfigDict(env_prefix="RCF_", extra="ignore", frozen=True)

    environment: Environment = Field(
        Environment.DEVELOPMENT,
        description="development, demo, test or production. Production refuses default secrets "
        "and hides /api/openapi.json.",
    )
    data_dir: Path = Field(
        Path("data"),
        description="Directory for the SQLite database and the generated secret key.",
    )
    database_url: str = Field(
        "",
        description="SQLAlchemy URL. Empty means SQLite at DATA_DIR/rcf.sqlite3; for PostgreSQL "
        "use postgresql+psycopg://user:password@host/dbname.",
    )
    secret_key: str = Field(
        "",
        description="Key for signing, for deriving encryption keys and for sealing the audit "
        "chain. Empty: read SECRET_KEY_FILE, else (outside production) generate "
        "DATA_DIR/secret_key with mode 0600.",
        repr=False,
    )
    secret_key_file: Path | None = Field(
        None, description="File holding the secret key (e.g. a Docker or systemd secret)."
    )
    trafficking_key_file: Path | None = Field(
        None,
        description="File holding the keys that encrypt victims' identity fields (one "
        "'<key id> <base64 key>' line per key, the first one current). Empty: (outside "
        "production) generate DATA_DIR/trafficking_keys with mode 0600; in production the "
        "server refuses to start without a readable, well-formed one.",
    )
    trafficking_attachment_max_bytes: int = Field(
        1_500_000,
        ge=1024,
        description="Largest file that can be attached to a trafficking referral (PDF, PNG, "
        "JPEG or plain text); the request limit MAX_REQUEST_BYTES applies too.",
    )
    session_idle_minutes: int = Field(
        30, ge=1, description="A web session ends after this many minutes without a request."
    )
    session_absolute_hours: int = Field(
        12, ge=1, description="A web session ends this many hours after sign-in, whatever happens."
    )
    require_2fa_for_all: bool = Field(
        False,
        description="Require a TOTP second factor for every role (focal_point and rso_admin "
        "always need one).",
    )
    reciprocity_min_records: int = Field(
        1,
        ge=0,
        description="Records of a capability a member must have contributed within the window "
        "to see other members' regional records of that capability (0 turns reciprocity off).",
    )
    reciprocity_window_days: int = Field(
        365, ge=1, description="The reciprocity window, in days (12 months by default)."
    )
    password_min_length: int = Field(12, ge=8, description="Shortest password accepted.")
    login_max_failures: int = Field(
        5,
        ge=1,
        description="Failed sign-ins for one account within an hour before each further try "
        "must wait (the wait doubles with every failure, up to 15 minutes).",
    )
    login_max_failures_per_client: int = Field(
        50,
        ge=1,
        description="Failed sign-ins from one client address within an hour, across all "
        "accounts, before that client is refused for the rest of the hour.",
    )
    api_rate_limit_per_minute: int = Field(
        600,
        ge=1,
        description="API requests one token may make per minute (429 beyond), counted by each "
        "server process; also the document checks, screenings and network views one user may "
        "make through the pages.",
    )
    api_max_page_size: int = Field(200, ge=1, description="Largest page an API list returns.")
    token_max_days: int = Field(365, ge=1, description="Longest lifetime of an API token.")
    argon2_time_cost: int = Field(3, ge=1, description="argon2id iterations.")
    argon2_memory_kib: int = Field(65536, ge=8, description="argon2id memory, in KiB.")
    max_request_bytes: int = Field(
        2_000_000, ge=1024, description="Largest request body accepted (413 beyond)."
    )
    document_review_years: int = Field(
        10,
        ge=1,
        le=50,
        description="Years after which a document register record reaches its review date and "
        "is removed (SLTD's default is 10), unless the issuing member sets an earlier date.",
    )
    document_webhook_timeout_seconds: float = Field(
        3.0,
        gt=0,
        le=30,
        description="How long a member's hit webhook (document checks and watchlist screening "
        "alike) may take to answer before the delivery is logged as failed (the check itself "
        "never waits for it to succeed).",
    )
    document_offline_hmac_key_file: Path | None = Field(
        None,
        description="HMAC key (hex) of offline snapshots, given to authorised members with the "
        "snapshot's public key. Empty: DATA_DIR/offline-hmac.key, made on first export (0600).",
    )
    document_offline_signing_key_file: Path | None = Field(
        None,
        description="Ed25519 private key (PEM) that signs offline snapshots. Empty: "
        "DATA_DIR/offline-signing.pem, made on first export (0600).",
    )
    log_level: str = Field(
        "INFO", description="Python logging level of the server (JSON lines on standard error)."
    )

    @model_validator(mode="after")
    def _refuse_weak_production(self) -> Settings:
        if self.environment is Environment.PRODUCTION:
            key = self.resolved_secret_key
            if key.lower() in DEFAULT_SECRET_MARKERS or len(key) < 32:
                raise SettingsError(
                    "RCF_SECRET_KEY (or RCF_SECRET_KEY_FILE) must hold a random key of at least "
                    "32 characters in production."
                )
        return self

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'rcf.sqlite3').resolve()}"

    @cached_property
    def resolved_secret_key(self) -> str:
        if self.secret_key:
            return self.secret_key
        if self.secret_key_file is not None:
            return self.secret_key_file.read_text(encoding="utf-8").strip()
        if self.environment is Environment.PRODUCTION:
            return ""
        return _generated_secret_key(self.data_dir)

    @cached_property
    def resolved_trafficking_key_file(self) -> Path:
        """The key file of trafficking identity fields; generated outside production."""
        if self.trafficking_key_file is not None:
            return self.trafficking_key_file
        if self.environment is Environment.PRODUCTION:
            raise SettingsError(
                "RCF_TRAFFICKING_KEY_FILE must name the file of trafficking encryption keys in "
                "production (create one with `rcf trafficking new-key PATH`)."
            )
        return _generated_file(self.data_dir / TRAFFICKING_KEY_FILENAME, _new_trafficking_key)

    @property
    def is_production(self) -> bool:
        return self.environment is Environment.PRODUCTION


def _generated_secret_key(data_dir: Path) -> str:
    """Read the key generated on first run, creating it (mode 0600) if it is not there yet."""
    path = _generated_file(data_dir / SECRET_KEY_FILENAME, lambda: secrets.token_urlsafe(48))
    return path.read_text(encoding="utf-8").strip()


def _generated_file(path: Path, make_content: Callable[[], str]) -> Path:
    """``path``, created with mode 0600 and ``make_content()`` if it is not there yet."""
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(make_content() + "\n")
    return path


def _new_trafficking_key() -> str:
    # The same line format rcf.trafficking.crypto reads (kept here so settings import nothing).
    return f"{secrets.token_hex(4)} {base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()}"


def load_settings(**overrides: object) -> Settings:
    """Build settings from the environment, with explicit overrides taking precedence."""
    return Settings(**overrides)  # type: ignore[arg-type]

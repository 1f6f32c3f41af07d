"""What the server and the CLI share at run time: settings, database and password hasher."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from rcf.access.policy import Reciprocity
from rcf.accounts.credentials import Passwords
from rcf.audit.group_commit import GroupCommitLog
from rcf.db import make_engine, make_session_factory
from rcf.settings import Settings


@dataclass
class Runtime:
    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    passwords: Passwords = field(repr=False)

    @classmethod
    def from_settings(cls, settings: Settings) -> Runtime:
        engine = make_engine(settings.resolved_database_url)
        return cls(
            settings=settings,
            engine=engine,
            sessions=make_session_factory(engine, secret_key=settings.resolved_secret_key),
            passwords=Passwords(settings.argon2_time_cost, settings.argon2_memory_kib),
        )

    @cached_property
    def audit_group(self) -> GroupCommitLog:
        """Audit entries of actions that change nothing else, committed in groups."""
        return GroupCommitLog(self.sessions)

    @property
    def reciprocity(self) -> Reciprocity:
        return Reciprocity(
            min_records=self.settings.reciprocity_min_records,
            window_days=self.settings.reciprocity_window_days,
        )

    @property
    def secret_key(self) -> str:
        return self.settings.resolved_secret_key

"""Test set-up: a real database per test session (SQLite, or PostgreSQL when
RCF_TEST_DATABASE_URL names a server), built by the real migrations and emptied after each test.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from rcf.app import create_app
from rcf.cli.database import alembic_config
from rcf.models import Base
from rcf.runtime import Runtime
from rcf.settings import Settings
from tests.factories import World, build_world

# A member's system receiving hit webhooks (documents and screening share it).
pytest_plugins = ["tests.functional.webhook_receiver"]
TEST_SECRET = secrets.token_urlsafe(48)


def _postgres_database(server_url: str, name: str) -> Iterator[str]:
    url = make_url(server_url)
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    server = os.environ.get("RCF_TEST_DATABASE_URL", "")
    if not server:
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'rcf-test.sqlite3'}"
        return
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    yield from _postgres_database(server, f"rcf_test_{worker}_{os.getpid()}")


@pytest.fixture(scope="session")
def test_settings(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return Settings(
        environment="test",
        database_url=database_url,
        secret_key=TEST_SECRET,
        data_dir=tmp_path_factory.mktemp("data"),
        argon2_time_cost=1,
        argon2_memory_kib=64,
    )


@pytest.fixture(scope="session")
def runtime(test_settings: Settings) -> Iterator[Runtime]:
    command.upgrade(alembic_config(test_settings.resolved_database_url), "head")
    rt = Runtime.from_settings(test_settings)
    yield rt
    rt.engine.dispose()


def _empty_all_tables(runtime: Runtime) -> None:
    tables = list(reversed(Base.metadata.sorted_tables))
    with runtime.engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            names = ", ".join(f'"{t.name}"' for t in tables)
            connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in tables:
                connection.execute(table.delete())


@pytest.fixture
def db(runtime: Runtime) -> Iterator[Session]:
    session = runtime.sessions()
    try:
        yield session
    finally:
        session.close()
        _empty_all_tables(runtime)


@pytest.fixture
def app(runtime: Runtime, db: Session) -> FastAPI:
    return create_app(runtime=runtime)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, base_url="https://testserver", follow_redirects=False) as test_client:
        yield test_client


@pytest.fixture
def world(db: Session, runtime: Runtime) -> World:
    """Members A (THA) and B (IDN) that contribute, C (MYS) that has not, and the RSO, each
    with a user of every role it may hold."""
    world = build_world(db, runtime)
    db.commit()
    return world


@pytest.fixture
def data_dir() -> Path:
    return Path(os.environ.get("RCF_DATA_DIR", "data"))

"""Running the storage, service and CLI tests on PostgreSQL as well as SQLite.

`make test` starts a throw-away PostgreSQL server (scripts/test-postgres) and exports
PARTNERDESK_TEST_POSTGRES_URL. Each test then gets its own database, cloned from a
migrated template (fast). Without the variable, the PostgreSQL variants are skipped.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
import sqlalchemy as sa

from partnerdesk.core.platform.db import DatabaseLocation, open_database

POSTGRES_URL = os.environ.get("PARTNERDESK_TEST_POSTGRES_URL")
# One template per test run, so that two runs on the same server do not trip over each other.
TEMPLATE = f"partnerdesk_template_{os.getpid()}"
BACKENDS = ("sqlite", "postgresql")


def _admin_engine() -> sa.Engine:
    assert POSTGRES_URL is not None
    return sa.create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT", poolclass=sa.NullPool)


def _url_for(name: str) -> str:
    assert POSTGRES_URL is not None
    return sa.make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def postgres_template() -> Iterator[str]:
    """A database at the current schema that every test database is cloned from."""
    if POSTGRES_URL is None:
        pytest.skip(
            "no PostgreSQL test server (run `make test`, or set PARTNERDESK_TEST_POSTGRES_URL)"
        )
    engine = _admin_engine()
    with engine.connect() as connection:
        connection.execute(sa.text(f"DROP DATABASE IF EXISTS {TEMPLATE} WITH (FORCE)"))
        connection.execute(sa.text(f"CREATE DATABASE {TEMPLATE}"))
    open_database(DatabaseLocation.for_url(_url_for(TEMPLATE))).close()
    yield TEMPLATE
    with engine.connect() as connection:
        connection.execute(sa.text(f"DROP DATABASE IF EXISTS {TEMPLATE} WITH (FORCE)"))
    engine.dispose()


@pytest.fixture
def postgres_location(postgres_template: str) -> Iterator[DatabaseLocation]:
    """A fresh, migrated, empty PostgreSQL database for one test; dropped afterwards."""
    name = f"pd_test_{uuid.uuid4().hex[:12]}"
    engine = _admin_engine()
    with engine.connect() as connection:
        connection.execute(sa.text(f"CREATE DATABASE {name} TEMPLATE {postgres_template}"))
    try:
        yield DatabaseLocation.for_url(_url_for(name))
    finally:
        with engine.connect() as connection:
            connection.execute(sa.text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        engine.dispose()


class DroppingProxy:
    """A TCP relay to the test server that can drop every connection at once, without a
    word, as a server that is killed does: each side gets a reset mid-conversation. (Killing
    the shared test server itself would break every other test using it.)"""

    def __init__(self, target_port: int, host: str = "127.0.0.1") -> None:
        import socket
        import threading

        self.target = (host, target_port)
        self.listener = socket.create_server((host, 0))
        self.port: int = self.listener.getsockname()[1]
        self.bytes_sent = 0  # from PartnerDesk to the server: how far the work has gone
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._dropped = False
        threading.Thread(target=self._accept, daemon=True).start()

    def url(self, url: str) -> str:
        return sa.make_url(url).set(port=self.port).render_as_string(hide_password=False)

    def _accept(self) -> None:
        import socket
        import threading

        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if self._dropped:
                client.close()
                continue
            server = socket.create_connection(self.target)
            with self._lock:
                self._sockets += [client, server]
            for source, sink, upstream in ((client, server, True), (server, client, False)):
                threading.Thread(
                    target=self._relay, args=(source, sink, upstream), daemon=True
                ).start()

    def _relay(self, source: Any, sink: Any, upstream: bool) -> None:
        try:
            while data := source.recv(65536):
                if upstream:
                    self.bytes_sent += len(data)
                sink.sendall(data)
        except OSError:
            pass

    def drop(self) -> None:
        import socket
        import struct

        self._dropped = True
        self.listener.close()
        with self._lock:
            for sock in self._sockets:
                try:  # linger 0: close with a reset, as a dead peer's kernel would
                    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                    sock.close()
                except OSError:
                    pass

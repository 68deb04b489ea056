"""A throw-away PostgreSQL cluster for the tests: initdb and pg_ctl on a free port, removed after.

Run as the ``postgres`` user when the tests run as root (PostgreSQL refuses to run as root).
fsync and full-page writes are off: a crash loses the cluster, which the tests throw away anyway.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

# Debian installs the server programs outside PATH, one folder per major version.
_DEBIAN_BINDIRS = "/usr/lib/postgresql/*/bin"


class ClusterError(RuntimeError):
    """The server cannot be set up or started on this machine."""


def _bindir() -> Path:
    found = shutil.which("initdb")
    if found:
        return Path(os.path.realpath(found)).parent
    candidates = sorted(glob.glob(_DEBIAN_BINDIRS), key=lambda p: int(Path(p).parent.name))
    for candidate in reversed(candidates):
        if (Path(candidate) / "initdb").exists():
            return Path(candidate)
    raise ClusterError(
        "initdb not found: install PostgreSQL (Debian: apt-get install postgresql-15-postgis-3)"
    )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Cluster:
    """One PostgreSQL server in a temporary folder; ``url(name)`` for a database of it."""

    def __init__(self) -> None:
        self.bindir = _bindir()
        self.port = _free_port()
        self.root = Path(tempfile.mkdtemp(prefix="eventlens-pg-"))
        self.data = self.root / "data"
        self._user = None
        if os.geteuid() == 0:
            try:
                self._user = pwd.getpwnam("postgres")
            except KeyError:
                raise ClusterError("running as root, and no 'postgres' user to run the server") from None
            os.chown(self.root, self._user.pw_uid, self._user.pw_gid)
        self._databases = 0
        self.store_database: str | None = None  # URL of the database the store tests share

    def _run(self, *args: str) -> None:
        command = [str(self.bindir / args[0]), *args[1:]]
        if self._user is not None:
            command = ["runuser", "-u", "postgres", "--", *command]
        done = subprocess.run(command, capture_output=True, text=True, cwd=self.root, timeout=120)
        if done.returncode != 0:
            raise ClusterError(f"{args[0]} failed: {done.stderr.strip() or done.stdout.strip()}")

    def start(self) -> Cluster:
        self._run(
            "initdb",
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "--auth=trust",
            "--encoding=UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        )
        options = (
            f"-c port={self.port} -c listen_addresses=127.0.0.1 "
            f"-c unix_socket_directories={self.root} "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
        )
        self._run(
            "pg_ctl",
            "-D",
            str(self.data),
            "-l",
            str(self.root / "server.log"),
            "-w",
            "-t",
            "60",
            "-o",
            options,
            "start",
        )
        return self

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def new_database(self, template: str = "template1") -> str:
        """A new, empty database; its URL."""
        import psycopg

        self._databases += 1
        name = f"test_{os.getpid()}_{self._databases}"
        with psycopg.connect(self.url(), autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}" TEMPLATE {template}')
        return self.url(name)

    def install_postgis(self) -> bool:
        """PostGIS in template1, so every new database has it; False when it is not installed."""
        import psycopg

        with psycopg.connect(self.url("template1"), autocommit=True) as connection:
            available = connection.execute(
                "SELECT 1 FROM pg_available_extensions WHERE name = 'postgis'"
            ).fetchone()
            if available:
                connection.execute("CREATE EXTENSION IF NOT EXISTS postgis")
        return available is not None

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        except ClusterError:
            pass  # never started, or already gone: the folder goes all the same
        shutil.rmtree(self.root, ignore_errors=True)

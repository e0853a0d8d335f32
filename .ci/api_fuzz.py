"""The schemathesis gate: fuzz the served API of a demo company against its own OpenAPI.

    python .ci/api_fuzz.py [--database-url URL] [--smoke] [--max-examples N] [--seed S] [--report DIR]

Builds a throw-away demo company (SQLite in a temporary folder, or a fresh schema of the
PostgreSQL database given by --database-url), enables every installed plugin for it, serves it
with `kontor serve` on a free loopback port and runs schemathesis with every check, a fixed
seed and a bounded number of examples per operation. Exits with schemathesis's code: non-zero
on any server error, response-schema violation, undocumented status or other failed check.

Routes that change credentials or roles are fuzzed too, but never against the acting admin:
their path parameters are pinned to a throw-away user and role made for the run (see
schemathesis.toml beside this file), so the run cannot lock itself out.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

HERE = Path(__file__).resolve().parent
THROWAWAY_USER = "fuzz-throwaway"
THROWAWAY_ROLE = "fuzz-throwaway-role"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def call(base: str, method: str, path: str, body: dict | None = None, token: str | None = None) -> tuple[int, object]:
    request = urllib.request.Request(base + path, method=method,
                                     data=json.dumps(body).encode() if body is not None else None)
    request.add_header("content-type", "application/json")
    if token:
        request.add_header("authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            raw = answer.read()
            return answer.status, json.loads(raw) if raw else None
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace")


@contextmanager
def postgres_schema(url: str):
    """A fresh schema of the PostgreSQL database for this run, dropped afterwards."""
    import psycopg

    schema = f"kontor_fuzz_{secrets.token_hex(4)}"
    plain = url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain, autocommit=True) as connection:
        connection.execute(f"CREATE SCHEMA {schema}")
    separator = "&" if "?" in url else "?"
    try:
        yield f"{url}{separator}options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(plain, autocommit=True) as connection:
            connection.execute(f"DROP SCHEMA {schema} CASCADE")


def kontor(env: dict[str, str], *args: str) -> None:
    subprocess.run(["kontor", *args], env=env, check=True, stdout=subprocess.DEVNULL)


def enable_all_plugins(env: dict[str, str]) -> None:
    listing = subprocess.run(["kontor", "--tenant", "demo", "plugins", "list"], env=env, check=True,
                             capture_output=True, text=True).stdout
    names = [line.split()[0] for line in listing.splitlines()[1:] if line.strip()]
    if names:
        kontor(env, "--tenant", "demo", "plugins", "enable", *names)


def wait_until_served(base: str, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"kontor serve ended with {server.returncode} before it answered")
        try:
            with urllib.request.urlopen(base + "/schema/openapi.json", timeout=5):
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("kontor serve did not answer within 180 s")


def prepare_throwaway(base: str, admin_token: str) -> str:
    """The user and role that the credential and role routes act on instead of the admin;
    returns a token of the throw-away user (for the routes that end their caller's token)."""
    status, answer = call(base, "PUT", f"/api/roles/{THROWAWAY_ROLE}",
                          {"description": "changed by the fuzzer", "grants": {"sales": "read"}}, admin_token)
    if status >= 300:
        raise SystemExit(f"could not create the throw-away role: {status} {answer}")
    password = secrets.token_urlsafe(16)
    status, answer = call(base, "POST", "/api/users", {"username": THROWAWAY_USER, "password": password,
                                                       "full_name": "Fuzzer's throw-away user",
                                                       "roles": [THROWAWAY_ROLE]}, admin_token)
    if status >= 300:
        raise SystemExit(f"could not create the throw-away user: {status} {answer}")
    status, answer = call(base, "POST", "/api/auth/token", {"username": THROWAWAY_USER, "password": password})
    if status != 201:
        raise SystemExit(f"could not log in as the throw-away user: {status} {answer}")
    return answer["access_token"]


def fuzz(database_url: str | None, args: argparse.Namespace) -> int:
    with tempfile.TemporaryDirectory(prefix="kontor-fuzz-") as folder:
        env = {**os.environ, "KONTOR_DATA_DIR": folder, "KONTOR_PASSWORD_TIME_COST": "1",
               "KONTOR_PASSWORD_MEMORY_KIB": "1024"}
        if database_url:
            env["KONTOR_DATABASE_URL"] = database_url
        else:
            env.pop("KONTOR_DATABASE_URL", None)
        kontor(env, "demo")
        enable_all_plugins(env)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        log = open(Path(folder) / "serve.log", "w")
        server = subprocess.Popen(["kontor", "serve", "--port", str(port), "--workers", str(args.server_workers)],
                                  env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            wait_until_served(base, server)
            status, answer = call(base, "POST", "/api/auth/token", {"username": "admin", "password": "demo-admin"})
            if status != 201:
                raise SystemExit(f"could not log in as admin: {status} {answer}")
            admin_token = answer["access_token"]
            user_token = prepare_throwaway(base, admin_token)
            run_env = {**env, "KONTOR_FUZZ_TOKEN": admin_token, "KONTOR_FUZZ_USER": THROWAWAY_USER,
                       "KONTOR_FUZZ_ROLE": THROWAWAY_ROLE, "KONTOR_FUZZ_USER_TOKEN": user_token}
            command = ["schemathesis", "--config-file", str(HERE / "schemathesis.toml"), "run",
                       f"{base}/schema/openapi.json", "--checks", "all", "--max-examples", str(args.max_examples),
                       "--seed", str(args.seed), "--workers", str(args.workers), "--no-color",
                       "--report", "junit,ndjson", "--report-dir", args.report]
            if args.smoke:
                command += ["--phases", "examples,coverage"]
            command += args.schemathesis_args
            print("$", " ".join(command), flush=True)
            started, cpu = time.monotonic(), resource.getrusage(resource.RUSAGE_CHILDREN)
            code = subprocess.run(command, env=run_env).returncode
            used = resource.getrusage(resource.RUSAGE_CHILDREN)
            print(f"schemathesis took {time.monotonic() - started:.0f} s "
                  f"({used.ru_utime + used.ru_stime - cpu.ru_utime - cpu.ru_stime:.0f} s CPU)", flush=True)
            status, answer = call(base, "GET", "/api/me", token=admin_token)
            if status != 200:
                print(f"the acting admin lost access during the run: {status} {answer}", flush=True)
                code = code or 1
            return code
        finally:
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            print(f"the server used {after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime:.0f} s CPU",
                  flush=True)
            log.close()
            errors = [line for line in open(Path(folder) / "serve.log") if "Traceback" in line or "ERROR" in line]
            if errors:
                print(f"server log: {len(errors)} error lines (first: {errors[0].strip()})", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", help="PostgreSQL database to fuzz in a fresh schema (default: SQLite)")
    parser.add_argument("--max-examples", type=int, default=20)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--workers", type=int, default=2, help="schemathesis workers")
    parser.add_argument("--server-workers", type=int, default=2, help="processes of `kontor serve`")
    parser.add_argument("--report", default="schemathesis-report")
    parser.add_argument("--smoke", action="store_true",
                        help="the boundary cases only (schemathesis's examples and coverage phases): the PostgreSQL run")
    parser.add_argument("schemathesis_args", nargs="*", help="further options for `schemathesis run` (after --)")
    args = parser.parse_args()
    if args.database_url:
        with postgres_schema(args.database_url) as url:
            return fuzz(url, args)
    return fuzz(None, args)


if __name__ == "__main__":
    sys.exit(main())

"""bin/platform royalties fetch --date YYYY-MM-DD [--out DIR]: the royalty team's download.

Asks the API (GET /api/v1/royalties/exports?date=D, a ROYALTY account's token) for the day's current
export run, downloads its manifest and files through the presigned links the API answers with (no
object-store keys here: the links are the only credential), checks every file's size and SHA-256
against the manifest, and only then moves them into DIR (default ./royalties-D). Prints a JSON
summary. The token is HARMONIA_ROYALTY_TOKEN, or one is issued for HARMONIA_ROYALTY_EMAIL and
HARMONIA_ROYALTY_PASSWORD; the API is HARMONIA_API_URL.

Exit status: 0 fetched and checked, 1 failed (the API or the store refused or was unreachable),
2 bad arguments or no credentials, 3 a file does not match the manifest (nothing is left in DIR).
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import os
import sys
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

TIMEOUT = 60


class Failure(Exception):
    def __init__(self, code: int, message: str):
        super().__init__(message)
        self.code = code


def problem(err: urllib.error.HTTPError) -> str:
    body = err.read().decode("utf-8", "replace")
    try:
        detail = json.loads(body).get("detail")
    except ValueError:
        detail = None
    return f"{err.code} {err.reason}" + (f": {detail}" if detail else (f": {body[:200]}" if body else ""))


def call(method: str, url: str, body: dict | None = None, token: str | None = None) -> dict:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method)
    request.add_header("Accept", "application/json")
    if data is not None:
        request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            return json.loads(response.read())
    except urllib.error.HTTPError as err:
        raise Failure(1, f"{method} {urllib.parse.urlsplit(url).path}: {problem(err)}") from None
    except urllib.error.URLError as err:
        raise Failure(1, f"{method} {url}: {err.reason}") from None


def token(api: str) -> str:
    if os.environ.get("HARMONIA_ROYALTY_TOKEN"):
        return os.environ["HARMONIA_ROYALTY_TOKEN"]
    email, password = os.environ.get("HARMONIA_ROYALTY_EMAIL"), os.environ.get("HARMONIA_ROYALTY_PASSWORD")
    if not email or not password:
        raise Failure(2, "no credentials: set HARMONIA_ROYALTY_TOKEN, or HARMONIA_ROYALTY_EMAIL and "
                         "HARMONIA_ROYALTY_PASSWORD (an account with the ROYALTY role: bin/platform admin grant-role)")
    return call("POST", f"{api}/api/v1/auth/token", {"email": email, "password": password})["access_token"]


def download(url: str, into: Path) -> tuple[int, str]:
    digest = hashlib.sha256()
    size = 0
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT) as response, open(into, "wb") as out:
            while chunk := response.read(1 << 20):
                digest.update(chunk)
                size += len(chunk)
                out.write(chunk)
    except urllib.error.HTTPError as err:
        raise Failure(1, f"GET {urllib.parse.urlsplit(url).path}: {problem(err)}") from None
    except urllib.error.URLError as err:
        raise Failure(1, f"GET {urllib.parse.urlsplit(url).path}: {err.reason}") from None
    return size, digest.hexdigest()


def fetch(day: str, out: Path) -> dict:
    api = os.environ.get("HARMONIA_API_URL", "http://127.0.0.1:8080").rstrip("/")
    links = call("GET", f"{api}/api/v1/royalties/exports?date={urllib.parse.quote(day)}", token=token(api))
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".royalties-", dir=out) as staging:
        staging = Path(staging)
        entry = links["manifest"]
        size, sha = download(entry["url"], staging / "_manifest.json")
        if sha != entry["sha256"] or size != entry["bytes"]:
            raise Failure(3, f"_manifest.json: {size} bytes, SHA-256 {sha}; the API said {entry['bytes']}, {entry['sha256']}")
        manifest = json.loads((staging / "_manifest.json").read_bytes())
        if manifest.get("date") != day or manifest.get("run_id") != links["run_id"]:
            raise Failure(3, f"the manifest is run {manifest.get('run_id')} of {manifest.get('date')}, "
                             f"not run {links['run_id']} of {day}")
        expected = {f["name"]: f for f in manifest.get("files", [])}
        files = []
        for f in links["files"]:
            name = f["name"]
            if name not in expected or "/" in name or name.startswith("."):
                raise Failure(3, f"{name}: not a file of the manifest")
            size, sha = download(f["url"], staging / name)
            want = expected[name]
            if size != want["bytes"] or sha != want["sha256"]:
                raise Failure(3, f"{name}: {size} bytes, SHA-256 {sha}; the manifest says {want['bytes']}, {want['sha256']}")
            files.append({"name": name, "bytes": size, "sha256": sha})
        if sorted(expected) != sorted(f["name"] for f in files):
            raise Failure(3, f"the API linked {sorted(f['name'] for f in files)}, the manifest lists {sorted(expected)}")
        # every file checked: move them into place (the manifest last, as the export writes it)
        for f in files:
            os.replace(staging / f["name"], out / f["name"])
        os.replace(staging / "_manifest.json", out / "_manifest.json")
    return {"date": day, "run_id": links["run_id"], "cutoff": links["cutoff"], "out": str(out),
            "files": files, "checked": "sizes and SHA-256 match the manifest"}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="bin/platform royalties", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    f = commands.add_parser("fetch", help="download the current run of a day and check it against its manifest")
    f.add_argument("--date", required=True, help="the UTC day, YYYY-MM-DD")
    f.add_argument("--out", help="the folder to write into (default ./royalties-DATE)")
    args = parser.parse_args(argv)
    try:
        datetime.date.fromisoformat(args.date)
    except ValueError:
        parser.error(f"--date must be YYYY-MM-DD, got {args.date!r}")
    try:
        print(json.dumps(fetch(args.date, Path(args.out or f"royalties-{args.date}")), indent=2))
        return 0
    except Failure as failure:
        print(f"royalties fetch: {failure}", file=sys.stderr)
        return failure.code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

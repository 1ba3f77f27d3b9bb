"""Fixtures of the web player's browser tests: Debian's chromium driven by Playwright, listeners made through
the API, pages signed in, screenshots. infra/tests/player.sh sets the environment:

  PLAYER_API_URL            the API serving the player (http://127.0.0.1:8080 + offset)
  PLAYER_SHORT_TTL_API_URL  a second API process whose stream URLs live 5 s (HARMONIA_API_STREAM_URL_TTL_SECONDS)
  PLAYER_EDGE_URL           the CDN edge the stream URLs name
  PLAYER_CATALOG            the test catalog's catalog.json (ingested before the tests)
  PLAYER_CHROMIUM           the chromium executable
  PLAYER_SCREENSHOTS        where the screenshots go (web-player/target/screenshots)
"""
import hashlib
import json
import os
import subprocess
import urllib.error
import urllib.request
import uuid

import pytest
from playwright.sync_api import sync_playwright

API = os.environ.get("PLAYER_API_URL", "http://127.0.0.1:8080")
SHORT_TTL_API = os.environ.get("PLAYER_SHORT_TTL_API_URL", "")
EDGE = os.environ.get("PLAYER_EDGE_URL", "http://127.0.0.1:8081")
SCREENSHOTS = os.environ.get("PLAYER_SCREENSHOTS", os.path.join(os.path.dirname(__file__), "..", "target", "screenshots"))
CHROMIUM = os.environ.get("PLAYER_CHROMIUM", "/usr/bin/chromium")
# A folder of altered player modules (same paths as under js/) served instead of the real ones: how each
# test was seen to fail without the feature it checks (README, "Seeing the tests fail").
MUTANTS = os.environ.get("PLAYER_MUTANTS", "")


def api_call(method, path, body=None, token=None, base=API, headers=None):
    """(status, json) of one API request."""
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(base + "/api/v1" + path, data=data, method=method)
    if body is not None:
        req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", "Bearer " + token)
    for k, v in (headers or {}).items():
        req.add_header(k, v)
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            raw = r.read()
            return r.status, (json.loads(raw) if raw else None)
    except urllib.error.HTTPError as e:
        raw = e.read()
        return e.code, (json.loads(raw) if raw else None)


class Listener:
    def __init__(self, email, password, user_id, token, tier):
        self.email, self.password, self.user_id, self.token, self.tier = email, password, user_id, token, tier


ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def make_listener(tier="FREE", base=API):
    """A new listener with a token; sign-up makes FREE listeners, PREMIUM is the operator's
    (bin/platform admin set-tier), then a new token carries the tier."""
    email = f"player-{uuid.uuid4().hex[:12]}@test.harmonia.io"
    password = "correct horse battery staple"
    status, user = api_call("POST", "/users", {"email": email, "password": password, "display_name": "Player Test"},
                            base=base)
    assert status == 201, user
    if tier != "FREE":
        subprocess.run([os.path.join(ROOT, "bin", "platform"), "admin", "set-tier", user["user_id"], tier,
                        "--reason", "web player browser test"], check=True, stdout=subprocess.DEVNULL)
    status, token = api_call("POST", "/auth/token", {"email": email, "password": password}, base=base)
    assert status == 200, token
    return Listener(email, password, user["user_id"], token["access_token"], tier)


@pytest.fixture(scope="session")
def catalog():
    with open(os.environ["PLAYER_CATALOG"]) as f:
        c = json.load(f)
    return {s["song_id"]: s for s in c["songs"]}


@pytest.fixture(scope="session")
def playwright_instance():
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright_instance):
    b = playwright_instance.chromium.launch(executable_path=CHROMIUM, headless=True,
                                            args=["--no-sandbox", "--autoplay-policy=no-user-gesture-required"])
    yield b
    b.close()


@pytest.fixture
def new_context(browser):
    contexts = []

    def make():
        c = browser.new_context(viewport={"width": 1200, "height": 800})
        if MUTANTS:
            c.route("**/js/**", serve_mutant)
        contexts.append(c)
        return c
    yield make
    for c in contexts:
        c.close()


def stored_event_id(user_id, event_id):
    """The id the platform stores a play under (serving-api PlayEventMessage.storedEventId): a version-8 UUID
    from SHA-256 of the user and the client's event id."""
    b = bytearray(hashlib.sha256(f"harmonia-play\n{user_id}\n{event_id}".encode()).digest()[:16])
    b[6] = (b[6] & 0x0F) | 0x80
    b[8] = (b[8] & 0x3F) | 0x80
    return str(uuid.UUID(bytes=bytes(b)))


def serve_mutant(route):
    path = os.path.join(MUTANTS, route.request.url.split("/js/", 1)[1].split("?")[0])
    if os.path.isfile(path):
        with open(path) as f:
            route.fulfill(status=200, content_type="text/javascript", body=f.read())
    else:
        route.continue_()


def signed_in_page(context, listener, base=API, route="#/discover"):
    """A page of the player with the listener's token in its storage (the log-in form is test_listen's)."""
    context.add_init_script(f"localStorage.setItem('harmonia.token', {json.dumps(listener.token)})")
    page = context.new_page()
    page.goto(f"{base}/{route}")
    page.wait_for_selector("#nav:not([hidden])")
    return page


def screenshot(page, name):
    os.makedirs(SCREENSHOTS, exist_ok=True)
    path = os.path.join(SCREENSHOTS, f"{name}.png")
    page.screenshot(path=path, full_page=False)
    return path


def state(page):
    return page.evaluate("window.harmoniaPlayer.state()")


def wait_state(page, condition, timeout_s=30, arg=None):
    """Waits until condition (a JS expression over `s`, the player's state) holds; returns the state."""
    page.wait_for_function(f"(arg) => {{ const s = window.harmoniaPlayer.state(); return {condition}; }}",
                           arg=arg, timeout=timeout_s * 1000, polling=100)
    return state(page)


def play_song(page, song_id):
    """Starts a song as the UI does when a song's play button is pressed, from any list."""
    page.evaluate("(id) => window.harmoniaPlayer.player.start(id)", song_id)

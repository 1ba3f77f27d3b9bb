"""Stream URLs that live 5 s (a second API process with HARMONIA_API_STREAM_URL_TTL_SECONDS=5): playback
continues past the expiry; the edge's 403 makes the player get a fresh URL from POST /play and fetch the same
range again within a second, and the listener hears no gap; a seek after the expiry resumes within a second
at the position asked for."""
import time
from urllib.parse import urlparse

import pytest

from conftest import EDGE, SHORT_TTL_API, make_listener, signed_in_page, state, wait_state

pytestmark = pytest.mark.skipif(not SHORT_TTL_API, reason="PLAYER_SHORT_TTL_API_URL is not set")


def test_expired_url_is_refreshed_and_playback_goes_on(new_context):
    listener = make_listener()
    page = signed_in_page(new_context(), listener, base=SHORT_TTL_API)
    edge_host = urlparse(EDGE).netloc
    log = []  # (monotonic time, status, range) of every edge response
    page.on("response", lambda r: log.append((time.monotonic(), r.status, r.request.headers.get("range")))
            if urlparse(r.url).netloc == edge_host else None)
    plays = []
    page.on("response", lambda r: plays.append(r.json()) if r.url.endswith("/play") and r.status == 200 else None)

    page.evaluate("(id) => window.harmoniaPlayer.player.start(id)", "wp-so-2")
    wait_state(page, "s.playing && s.position_s > 0.5")
    expires_at = plays[0]["expires_at"]
    # 4x speed: the 30 s buffer drains, so the player must fetch after the first URL has expired
    page.evaluate("() => { document.querySelector('[data-testid=audio]').playbackRate = 4; }")
    s = wait_state(page, "s.url_refreshes >= 1 && s.chunks > arg", arg=state(page)["chunks"] + 1, timeout_s=60)
    refused = [(t, rng) for t, status, rng in log if status == 403]
    assert refused, "the edge never refused an expired URL"
    t403, rng = refused[0]
    again = [t for t, status, r in log if status == 206 and r == rng and t > t403]
    assert again, f"the refused range {rng} was never fetched again"
    assert again[0] - t403 < 1.0, f"resumed {again[0] - t403:.2f} s after the 403"
    assert any(p["expires_at"] > expires_at for p in plays), "no fresh URL came from POST /play"
    # the listener noticed nothing: no audible stall (Chromium may fire a `waiting` of a few ms when the rate
    # changes), the position went on past the expiry
    s = wait_state(page, "s.position_s > arg", arg=s["position_s"] + 4)
    assert s["stall_ms"] < 100 and s["playing"], s
    assert len(s["buffered"]) == 1

    # paused until the URLs in hand have expired, then a seek outside the buffer and play: back within a
    # second, where asked
    page.evaluate("() => { const a = document.querySelector('[data-testid=audio]'); a.playbackRate = 1; a.pause(); }")
    page.wait_for_function("() => Date.now() > window.harmoniaPlayer.player.play_.urls.expiresAt + 1500", timeout=15000)
    refreshes = state(page)["url_refreshes"]
    target = 80.0
    # in the page: from the seek to the audio advancing past the target again
    resumed_ms = page.evaluate("""(t) => new Promise((resolve) => {
        const a = document.querySelector('[data-testid=audio]');
        const t0 = performance.now();
        const check = () => { if (!a.seeking && !a.paused && a.currentTime > t + 0.05) { a.removeEventListener('timeupdate', check); resolve(performance.now() - t0); } };
        a.addEventListener('timeupdate', check);
        window.harmoniaPlayer.player.seek(t);
        a.play();
    })""", target)
    s = state(page)
    assert resumed_ms < 1000, f"playing again {resumed_ms:.0f} ms after the seek"
    assert s["url_refreshes"] > refreshes, "the seek did not need a fresh URL: the test proves nothing"
    assert abs(s["position_s"] - target) < 1.0

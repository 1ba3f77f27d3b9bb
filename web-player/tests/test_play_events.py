"""Play events: at playbackRate 4 one is sent after 30 s of media time and appears in recently played once;
a song skipped after 10 s sends none; a play finished while offline (CDP emulateNetworkConditions offline)
waits in IndexedDB, goes out once in POST /play-events/batch when the network returns, and is stored once in
Cassandra (recently played reads the Cassandra table plays_by_user)."""
import json
import time

from conftest import api_call, make_listener, screenshot, signed_in_page, state, stored_event_id, wait_state

FAST = "() => { document.querySelector('[data-testid=audio]').playbackRate = 4; }"


def recently_played(listener, event_id, at_least=1, timeout_s=180):
    """The listener's recently-played items of the play with that (client) event id, once there are at_least (or the timeout: the
    play-events pipeline stores a play in about a second on a quiet machine, a minute or more under load)."""
    deadline = time.monotonic() + timeout_s
    while True:
        status, body = api_call("GET", "/me/recently-played?limit=200", token=listener.token)
        assert status == 200, body
        items = [i for i in body["items"] if i["event_id"] == stored_event_id(listener.user_id, event_id)]
        if len(items) >= at_least or time.monotonic() > deadline:
            return items
        time.sleep(0.5)  # polling the API for the pipeline's write; the condition is the loop's


def posts_with(requests, event_id):
    return [r for r in requests if event_id in r["body"]]


def watch_play_event_posts(page):
    finished = []

    def on_finished(request):
        if "/play-events" in request.url and request.method == "POST":
            response = request.response()
            finished.append({"url": request.url, "body": request.post_data or "", "status": response.status if response else None})
    page.on("requestfinished", on_finished)
    return finished


def test_event_after_30_s_of_media_and_none_for_a_skip(new_context):
    listener = make_listener()
    page = signed_in_page(new_context(), listener, route="#/album/wp-al-1")
    posts = watch_play_event_posts(page)
    plays = []  # the /play answers, in order
    page.on("response", lambda r: plays.append(r.json()) if r.url.endswith("/play") and r.status == 200 else None)
    page.locator("[data-testid=album-track]").first.wait_for()

    # skipped after 10 s of media: next song
    page.get_by_role("button", name="Play Copper Meadow").click()
    wait_state(page, "s.song_id === 'wp-so-2' && s.playing")
    page.evaluate(FAST)
    skipped = wait_state(page, "s.played_s >= 10")
    page.click("[data-testid=next]")
    wait_state(page, "s.song_id === 'wp-so-3' && s.playing")
    page.evaluate(FAST)
    s = wait_state(page, "s.play_event_sent && s.sent_events.includes(s.event_id)", timeout_s=30)
    played = posts_with(posts, s["event_id"])
    assert len(played) == 1 and played[0]["url"].endswith("/play-events") and played[0]["status"] == 202
    event = json.loads(played[0]["body"])
    assert event["song_id"] == "wp-so-3" and 30000 <= event["duration_ms"] < 33000 and event["bitrate"] in (128, 256, 320)
    assert posts_with(posts, skipped["event_id"]) == []
    # the play_id of the play's first /play answer (later ones only renew URLs)
    first_answer = [p for p in plays if p["song"]["song_id"] == "wp-so-3"][0]
    if "play_id" in first_answer:
        assert event["play_id"] == first_answer["play_id"]

    items = recently_played(listener, s["event_id"])
    assert len(items) == 1 and items[0]["song_id"] == "wp-so-3"
    assert not [i for i in recently_played(listener, skipped["event_id"], timeout_s=0)]
    page.click("text=Recently played")
    page.locator("[data-testid=recent-item]").first.wait_for()
    screenshot(page, "10-recently-played")
    # playing on past 30 s sends nothing more
    wait_state(page, "s.played_s > 40")
    assert len(posts_with(posts, s["event_id"])) == 1


def test_offline_play_is_sent_once_when_back_online(new_context):
    listener = make_listener()
    context = new_context()
    page = signed_in_page(context, listener)
    posts = watch_play_event_posts(page)
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")

    page.evaluate("(id) => window.harmoniaPlayer.player.start(id)", "wp-so-1")
    wait_state(page, "s.playing")
    page.evaluate(FAST)
    # offline with the rest of the 30 s in the buffer: the play completes without a network
    s = wait_state(page, "s.played_s >= 18 && s.buffered_ahead_s >= 14", timeout_s=30)
    cdp.send("Network.emulateNetworkConditions", {"offline": True, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})
    s = wait_state(page, "s.play_event_sent && s.pending_events === 1", timeout_s=30)
    event_id = s["event_id"]
    assert page.evaluate("""async () => (await window.harmoniaPlayer.playEvents.all()).map(e => e.event_id)""") == [event_id]
    assert [p for p in posts_with(posts, event_id) if p["status"]] == []  # nothing reached the API

    page.evaluate("() => document.querySelector('[data-testid=audio]').pause()")
    cdp.send("Network.emulateNetworkConditions", {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})
    s = wait_state(page, "s.pending_events === 0 && s.sent_events.includes(arg)", arg=event_id, timeout_s=30)
    sent = [p for p in posts_with(posts, event_id) if p["status"]]
    assert len(sent) == 1 and sent[0]["url"].endswith("/play-events/batch") and sent[0]["status"] == 200, sent
    assert json.loads(sent[0]["body"])["events"][0]["event_id"] == event_id
    items = recently_played(listener, event_id)
    assert len(items) == 1
    # and it stays one: nothing is sent again later
    page.reload()
    page.wait_for_selector("#nav:not([hidden])")
    wait_state(page, "s.pending_events === 0")
    assert len(recently_played(listener, event_id, timeout_s=0)) == 1

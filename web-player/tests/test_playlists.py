"""Playlists in two browser contexts: the owner creates a collaborative playlist, adds songs from search and
from an album, adds a collaborator; both have the playlist open; the owner reorders by drag and drop, then
the collaborator — on the page read before — moves a song by keyboard: the API answers 409, the page re-reads
the playlist, reapplies the move to the new version and says so; no edit is lost."""
from conftest import API, api_call, make_listener, screenshot, signed_in_page


def songs_of(page):
    return page.locator("[data-testid=playlist-song]").evaluate_all("rows => rows.map(r => r.dataset.songId)")


def test_two_listeners_edit_one_collaborative_playlist(new_context):
    owner, friend = make_listener(), make_listener()
    a = signed_in_page(new_context(), owner, route="#/playlists")
    a.click("[data-testid=playlist-new]")
    a.fill("[data-testid=playlist-name]", "Road Trip")
    a.check("[data-testid=playlist-collaborative]")
    a.click("[data-testid=playlist-create]")
    a.wait_for_selector("h1:has-text('Road Trip')")
    playlist_id = a.url.split("#/playlist/")[1]

    # add from search and from the album page
    a.fill("[data-testid=search-input]", "juniper static")
    a.press("[data-testid=search-input]", "Enter")
    a.locator("[data-testid=result-song]").first.wait_for()
    a.locator("[data-testid=result-song]").first.locator("[data-testid=playlist-add]").click()
    with a.expect_response(lambda r: "/songs" in r.url and r.request.method == "POST"):
        a.click("[data-testid=playlist-choice]:has-text('Road Trip')")
    a.goto(f"{API}/#/album/wp-al-1")
    for title in ["Velvet Harbour", "Copper Meadow", "Saffron Tide"]:
        row = a.locator("[data-testid=album-track]", has_text=title)
        row.locator("[data-testid=playlist-add]").click()
        with a.expect_response(lambda r: "/songs" in r.url and r.request.method == "POST"):
            a.click("[data-testid=playlist-choice]:has-text('Road Trip')")
    a.goto(f"{API}/#/playlist/{playlist_id}")
    a.locator("[data-testid=playlist-song]").nth(3).wait_for()
    assert songs_of(a) == ["wp-so-4", "wp-so-1", "wp-so-2", "wp-so-3"]
    a.fill("[data-testid=collaborator-id]", friend.user_id)
    a.click("[data-testid=collaborator-add]")
    a.wait_for_selector(f"[data-testid=collaborator]:has-text('{friend.user_id}')")

    b = signed_in_page(new_context(), friend, route=f"#/playlist/{playlist_id}")
    b.locator("[data-testid=playlist-song]").nth(3).wait_for()
    version_b = b.locator("[data-testid=playlist-meta]").inner_text()

    # the owner drags the last song to the top
    a.locator("[data-testid=playlist-song]").nth(3).drag_to(a.locator("[data-testid=playlist-song]").nth(0))
    a.wait_for_function("() => document.querySelector('[data-testid=playlist-song]').dataset.songId === 'wp-so-3'")
    assert songs_of(a) == ["wp-so-3", "wp-so-4", "wp-so-1", "wp-so-2"]
    screenshot(a, "11-playlist")

    # the collaborator, still on the old version, moves "Juniper Static" (second on their page) down by keyboard
    assert b.locator("[data-testid=playlist-meta]").inner_text() == version_b
    conflicts = []
    b.on("response", lambda r: conflicts.append((r.status, r.request.post_data)) if "/songs/reorder" in r.url else None)
    row = b.locator("[data-testid=playlist-song][data-song-id=wp-so-1]")
    row.focus()
    b.keyboard.press("Alt+ArrowDown")
    b.wait_for_selector("#notice:has-text('changed this playlist meanwhile')")
    print(b.locator("#notice").inner_text())
    assert [c[0] for c in conflicts[:2]] == [409, 200], conflicts
    screenshot(b, "12-playlist-conflict-reapplied")

    status, stored = api_call("GET", f"/playlists/{playlist_id}", token=owner.token)
    order = [s["song_id"] for s in stored["songs"]]
    # the owner's move (3 to the top) and the collaborator's (1 one place down from where it is now) are both in
    assert order == ["wp-so-3", "wp-so-4", "wp-so-2", "wp-so-1"], (order, conflicts)
    assert songs_of(b) == order
    a.reload()
    a.locator("[data-testid=playlist-song]").nth(3).wait_for()
    assert songs_of(a) == order

"""bin/platform bench player: from the click on play to the audio element's `playing` event, in Chromium.

Three contenders, measured in the same browser in one run:
  miss  the player (album page, a track's play button): POST /play, then 64 KB ranges from the edge, whose
        cache has never seen the song (a song of the benchmark's own catalog, first play);
  hit   the same songs again in a fresh browser context (no browser cache), the edge's cache holding them;
  file  the browser's floor: the same MP3 file (the rendition the player started on), from a file:// page,
        a plain <audio> element given the file's URL on the click.
Each context plays one warm-up song first (the first media element of a page takes ~1.6 s to start audio in
headless Chromium), not counted. The delta is taken in the page between the click event's and the playing
event's timestamps. Writes results/player.json and results/player.md.

usage: click_to_playing.py <api url> <token> <song ids, comma-separated> <work dir> <results dir> <note>
"""
import json
import os
import statistics
import sys
import time
import urllib.request

from playwright.sync_api import sync_playwright

CHROMIUM = os.environ.get("PLAYER_CHROMIUM", "/usr/bin/chromium")

MEASURE = """() => {
  window.__clicks = []; window.__playing = [];
  document.addEventListener('click', (e) => window.__clicks.push(e.timeStamp), true);
  document.querySelector('audio').addEventListener('playing', (e) => window.__playing.push(e.timeStamp));
}"""


def percentile(values, p):
    s = sorted(values)
    k = (len(s) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (k - lo)


def summary(values):
    return {"n": len(values), "p50_ms": round(percentile(values, 50), 1), "p95_ms": round(percentile(values, 95), 1),
            "min_ms": round(min(values), 1), "max_ms": round(max(values), 1), "mean_ms": round(statistics.mean(values), 1)}


def click_and_wait(page, selector):
    before = page.evaluate("window.__playing.length")
    page.click(selector)
    page.wait_for_function("(n) => window.__playing.length > n", arg=before, timeout=30000)
    return page.evaluate("window.__playing[window.__playing.length - 1] - window.__clicks[window.__clicks.length - 1]")


def player_pass(browser, api, token, songs, edge_statuses):
    context = browser.new_context()
    context.add_init_script(f"localStorage.setItem('harmonia.token', {json.dumps(token)})")
    page = context.new_page()
    page.on("response", lambda r: edge_statuses.append(r.headers.get("x-cache-status")) if "/songs/" in r.url and ".mp3" in r.url else None)
    page.goto(api + "/#/album/" + songs["album"])
    page.wait_for_selector("[data-testid=album-track]")
    page.evaluate(MEASURE)
    times = []
    for i, song in enumerate(songs["ids"]):
        page.evaluate("() => window.harmoniaPlayer.player.stop()")
        edge_statuses.append(f"song:{song}")
        times.append(click_and_wait(page, f"[data-testid=album-track][data-song-id='{song}'] [data-testid=song-play]"))
    context.close()
    return times


def file_pass(browser, work, files):
    html = os.path.join(work, "baseline.html")
    with open(html, "w") as f:
        f.write("<!doctype html><audio preload='none'></audio>" + "".join(
            f"<button id='b{i}' onclick=\"const a=document.querySelector('audio');a.src='{os.path.basename(p)}';a.play()\">{i}</button>"
            for i, p in enumerate(files)))
    context = browser.new_context()
    page = context.new_page()
    page.goto("file://" + html)
    page.evaluate(MEASURE)
    times = [click_and_wait(page, f"#b{i}") for i in range(len(files))]
    context.close()
    return times


def main():
    api, token, ids, work, results, note = sys.argv[1:7]
    ids = ids.split(",")
    warm, measured = ids[0], ids[1:]
    # the same files from local disk: the rendition the player starts on (a fresh context: the medium hint)
    files = []
    for song in ids:
        req = urllib.request.Request(f"{api}/api/v1/songs/{song}/play", method="POST",
                                     headers={"Authorization": f"Bearer {token}", "X-Network-Quality": "medium"})
        url = json.load(urllib.request.urlopen(req))["stream_url"]
        path = os.path.join(work, f"{song}.mp3")
        urllib.request.urlretrieve(url, path)
        files.append(path)
    album = os.environ["BENCH_ALBUM"]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True,
                                    args=["--no-sandbox", "--autoplay-policy=no-user-gesture-required"])
        edge_miss, edge_hit = [], []
        miss = player_pass(browser, api, token, {"album": album, "ids": [warm] + measured}, edge_miss)[1:]
        hit = player_pass(browser, api, token, {"album": album, "ids": [warm] + measured}, edge_hit)[1:]
        local = file_pass(browser, work, files)[1:]
        browser.close()

    def first_status(log):
        out, current = {}, None
        for x in log:
            if x and x.startswith("song:"):
                current = x[5:]
            elif current and current not in out:
                out[current] = x
        return out
    miss_status, hit_status = first_status(edge_miss), first_status(edge_hit)
    figures = {
        "what": "click on play -> the audio element's playing event, in Debian chromium (headless), per play",
        "measured_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "plays_per_contender": len(measured),
        "note": note,
        "edge_cache_miss": summary(miss), "edge_cache_hit": summary(hit), "file_url": summary(local),
        "hit_over_file_p50": round(percentile(hit, 50) / percentile(local, 50), 2),
        "miss_over_hit_p50": round(percentile(miss, 50) / percentile(hit, 50), 2),
        "first_range_cache_status": {"miss_pass": sorted(set(miss_status[s] for s in measured if s in miss_status)),
                                     "hit_pass": sorted(set(hit_status[s] for s in measured if s in hit_status))},
        "raw_ms": {"miss": [round(x, 1) for x in miss], "hit": [round(x, 1) for x in hit], "file": [round(x, 1) for x in local]},
    }
    os.makedirs(results, exist_ok=True)
    with open(os.path.join(results, "player.json"), "w") as f:
        json.dump(figures, f, indent=2)
    rows = [("player, edge cache MISS", figures["edge_cache_miss"]), ("player, edge cache HIT", figures["edge_cache_hit"]),
            ("plain <audio>, file:// URL", figures["file_url"])]
    with open(os.path.join(results, "player.md"), "w") as f:
        f.write(f"# Click on play -> playing ({figures['measured_at']})\n\n{note}\n\n")
        f.write("| contender | plays | p50 ms | p95 ms | min ms | max ms |\n| --- | --- | --- | --- | --- | --- |\n")
        for name, s in rows:
            f.write(f"| {name} | {s['n']} | {s['p50_ms']} | {s['p95_ms']} | {s['min_ms']} | {s['max_ms']} |\n")
        f.write(f"\nHIT / file p50: {figures['hit_over_file_p50']}x; MISS / HIT p50: {figures['miss_over_hit_p50']}x. "
                f"X-Cache-Status of each play's first range: MISS pass {figures['first_range_cache_status']['miss_pass']}, "
                f"HIT pass {figures['first_range_cache_status']['hit_pass']}.\n")
    print(json.dumps({k: figures[k] for k in ("edge_cache_miss", "edge_cache_hit", "file_url")}, indent=2))


if __name__ == "__main__":
    main()

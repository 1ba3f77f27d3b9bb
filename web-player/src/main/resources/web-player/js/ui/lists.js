// Recently played, Discover Weekly, Daily Mix and the queue.

import { h, page, clock } from "./dom.js";
import { songList, songRow } from "./songs.js";

export function recentPage(app, main) {
  return page(main, "Recently played", async () => {
    const r = await app.api.get("/me/recently-played?limit=50");
    const songs = r.items.map((p) => ({ song_id: p.song_id, title: p.song ? p.song.title : p.song_id,
      artist: p.song && p.song.artist, album: p.song && p.song.album, played: p }));
    if (!songs.length) return h("p", { class: "muted" }, "Nothing played yet.");
    return h("ol", { class: "songs", "aria-label": "Recently played" }, songs.map((s, i) =>
      songRow(app, s, { testid: "recent-item", onPlay: () => app.playList(songs, i), extra: [
        h("span", { class: "muted", dataset: { eventId: s.played.event_id } },
          `${new Date(s.played.played_at).toLocaleString()} · ${clock(s.played.duration_ms / 1000)} at ${s.played.bitrate} kbps`
          + (s.played.qualified === true ? " · counted" : s.played.rule ? ` · not counted (${s.played.rule})` : ""))] })));
  });
}

export function discoverPage(app, main) {
  return page(main, "Discover Weekly", async () => {
    const r = await app.api.get("/recommendations/discover-weekly?limit=30");
    return h("div", {},
      h("p", { class: "muted" }, r.fallback ? `${r.playlist_name}: popular songs until we know your taste.` : r.playlist_name),
      songList(app, r.songs, { testid: "reco-song" }));
  });
}

export function dailyMixPage(app, main) {
  return page(main, "Daily Mix", async () => {
    const r = await app.api.get("/recommendations/daily-mix?limit=30");
    return h("div", {}, r.mixes.map((m) => h("section", { "aria-label": m.playlist_name },
      h("h2", {}, m.playlist_name, m.theme ? h("span", { class: "muted" }, ` · ${m.theme}`) : ""),
      songList(app, m.songs, { testid: "mix-song" }))));
  });
}

export function queuePage(app, main) {
  const render = () => {
    const q = app.queue;
    main.replaceChildren(h("h1", { id: "page-title" }, "Queue"),
      q.songs.length ? h("ol", { class: "songs", "aria-label": "Queue" }, q.songs.map((s, i) =>
        songRow(app, s, { testid: "queue-item", onPlay: () => app.playIndex(i),
          extra: [i === q.index ? h("span", { class: "bitrate" }, "now playing") : null] })))
        : h("p", { class: "muted" }, "The queue is empty: play an album, a playlist or a list from a song onward."));
  };
  document.title = "Queue · Harmonia";
  render();
  app.queue.addEventListener("change", () => { if (location.hash.startsWith("#/queue")) render(); });
}

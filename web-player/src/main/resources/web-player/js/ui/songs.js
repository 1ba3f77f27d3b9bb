// A list of songs with a play button (queues the list from that song) and "add to playlist".

import { h, clock, showError, notice } from "./dom.js";
import { enc } from "../api.js";

export function songRow(app, song, { testid = "song", onPlay, extra = [] } = {}) {
  const title = song.title || song.song_id;
  const artist = typeof song.artist === "object" && song.artist ? song.artist.name : song.artist;
  return h("li", { testid, dataset: { songId: song.song_id } },
    h("button", { type: "button", "aria-label": `Play ${title}`, testid: "song-play", onclick: onPlay }, "▶"),
    h("div", { class: "meta" },
      h("div", { class: "title" }, title),
      h("div", { class: "sub" }, [artist, typeof song.album === "object" && song.album ? song.album.title : song.album]
        .filter(Boolean).join(" · "))),
    h("span", { class: "muted" }, song.duration_ms ? clock(song.duration_ms / 1000) : ""),
    addToPlaylistButton(app, song),
    ...extra);
}

export function songList(app, songs, { testid = "song" } = {}) {
  if (!songs.length) return h("p", { class: "muted" }, "Nothing here yet.");
  return h("ol", { class: "songs" }, songs.map((s, i) => songRow(app, s, { testid, onPlay: () => app.playList(songs, i) })));
}

/** "Add to playlist": a menu of the listener's playlists (and the collaborative ones they are on). */
export function addToPlaylistButton(app, song) {
  const button = h("button", { type: "button", testid: "playlist-add", "aria-haspopup": "menu",
    "aria-label": `Add ${song.title || song.song_id} to a playlist` }, "+ Playlist");
  button.addEventListener("click", async () => {
    document.querySelectorAll(".menu").forEach((m) => m.remove());
    let lists;
    try {
      lists = (await app.api.get("/me/playlists?limit=100")).items;
    } catch (e) {
      showError(e, () => button.click());
      return;
    }
    const close = () => menu.remove();
    const menu = h("div", { class: "menu", role: "menu", "aria-label": "Choose a playlist" },
      lists.length ? lists.map((p) => h("button", { type: "button", role: "menuitem", testid: "playlist-choice",
        onclick: async () => {
          close();
          try {
            const r = await app.api.post(`/playlists/${enc(p.playlist_id)}/songs`, { song_id: song.song_id },
              { "X-Idempotency-Key": crypto.randomUUID() });
            notice(`Added to ${p.name} (${r.total_songs} songs)`);
          } catch (e) {
            showError(e);
          }
        } }, p.name)) : h("span", { class: "muted" }, "No playlists yet"),
      h("button", { type: "button", role: "menuitem", onclick: close }, "Cancel"));
    button.after(menu);
    menu.querySelector("button").focus();
    menu.addEventListener("keydown", (e) => { if (e.key === "Escape") { close(); button.focus(); } });
  });
  return button;
}

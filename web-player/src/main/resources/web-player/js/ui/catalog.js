// The artist page (discography) and the album page (track list).

import { h, page } from "./dom.js";
import { songRow } from "./songs.js";
import { enc } from "../api.js";

export function artistPage(app, main, artistId) {
  return page(main, "Artist", async () => {
    const d = await app.api.get(`/artists/${enc(artistId)}/albums`);
    document.getElementById("page-title")?.remove();
    return h("div", {},
      h("h1", { id: "page-title" }, d.name),
      h("h2", {}, "Discography"),
      d.albums.length ? h("ul", { class: "cards", "aria-label": "Albums" }, d.albums.map((a) =>
        h("li", { testid: "artist-album" }, h("a", { href: `#/album/${enc(a.album_id)}` }, a.title),
          h("div", { class: "muted" }, [a.release_year, `${a.track_count} tracks`].filter(Boolean).join(" · ")))))
        : h("p", { class: "muted" }, "No albums."));
  }).then(() => dropDuplicateHeading(main));
}

export function albumPage(app, main, albumId) {
  return page(main, "Album", async () => {
    const a = await app.api.get(`/albums/${enc(albumId)}`);
    const songs = a.tracks.map((t) => ({ ...t, artist: a.artist.name, album: a.title }));
    return h("div", {},
      h("h1", { id: "page-title" }, a.title),
      h("p", {}, h("a", { href: `#/artist/${enc(a.artist.artist_id)}` }, a.artist.name), a.release_year ? ` · ${a.release_year}` : ""),
      h("button", { type: "button", testid: "album-play", onclick: () => app.playList(songs, 0) }, "▶ Play album"),
      h("h2", {}, "Tracks"),
      h("ol", { class: "songs", "aria-label": "Tracks" }, songs.map((s, i) =>
        songRow(app, s, { testid: "album-track", onPlay: () => app.playList(songs, i) }))));
  }).then(() => dropDuplicateHeading(main));
}

// page() puts a generic heading first; these pages bring their own (the artist's or album's name)
function dropDuplicateHeading(main) {
  const headings = main.querySelectorAll("h1");
  if (headings.length > 1) headings[0].remove();
}

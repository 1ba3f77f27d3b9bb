// Search: autocomplete as the listener types (debounced, GET /search/suggest) and the results page.

import { h, page, showError } from "./dom.js";
import { songRow } from "./songs.js";
import { enc } from "../api.js";

export const SUGGEST_DEBOUNCE_MS = 150;

export function wireSearchBox(app) {
  const form = document.getElementById("search-form");
  const input = document.getElementById("search-input");
  const list = document.getElementById("suggestions");
  let timer = null, seq = 0, items = [], active = -1;

  const close = () => { list.hidden = true; input.setAttribute("aria-expanded", "false"); active = -1; input.removeAttribute("aria-activedescendant"); };
  const choose = (s) => {
    close();
    if (s.type === "artist") location.hash = `#/artist/${enc(s.id)}`;
    else if (s.type === "album") location.hash = `#/album/${enc(s.id)}`;
    else { input.value = s.text; location.hash = `#/search?q=${enc(s.text)}`; }
  };
  const highlight = (i) => {
    active = i;
    [...list.children].forEach((li, j) => li.setAttribute("aria-selected", String(j === i)));
    if (i >= 0) input.setAttribute("aria-activedescendant", list.children[i].id);
  };
  const suggest = async (q) => {
    const mine = ++seq;
    try {
      const answer = await app.api.get(`/search/suggest?q=${enc(q)}&limit=8`);
      if (mine !== seq || input.value.trim() !== q) return; // a later keystroke won
      items = answer.suggestions;
      list.replaceChildren(...items.map((s, i) => h("li", { id: `suggestion-${i}`, role: "option", testid: "suggestion",
        "aria-selected": "false", onmousedown: (e) => { e.preventDefault(); choose(s); } },
        s.text, h("span", { class: "suggest-type" }, s.type + (s.artist ? ` · ${s.artist}` : "")))));
      list.hidden = items.length === 0;
      input.setAttribute("aria-expanded", String(items.length > 0));
      active = -1;
    } catch (e) {
      if (e.status !== 400) showError(e, () => suggest(q));
    }
  };
  input.addEventListener("input", () => {
    clearTimeout(timer);
    const q = input.value.trim();
    if (!q) { close(); return; }
    timer = setTimeout(() => suggest(q), SUGGEST_DEBOUNCE_MS);
  });
  input.addEventListener("keydown", (e) => {
    if (list.hidden) return;
    if (e.key === "ArrowDown") { e.preventDefault(); highlight(Math.min(items.length - 1, active + 1)); }
    else if (e.key === "ArrowUp") { e.preventDefault(); highlight(Math.max(0, active - 1)); }
    else if (e.key === "Escape") close();
    else if (e.key === "Enter" && active >= 0) { e.preventDefault(); choose(items[active]); }
  });
  input.addEventListener("blur", () => setTimeout(close, 100));
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    clearTimeout(timer);
    seq++;
    close();
    const q = input.value.trim();
    if (q) location.hash = `#/search?q=${enc(q)}`;
  });
}

export function searchPage(app, main, q) {
  document.getElementById("search-input").value = q;
  return page(main, `Results for “${q}”`, async () => {
    const r = await app.api.get(`/search?q=${enc(q)}&type=song,artist,album&limit=10`);
    const songs = r.songs;
    return h("div", {},
      r.degraded ? h("p", { class: "muted" }, "Search is running in a reduced mode; results may be less precise.") : null,
      h("h2", {}, "Songs"),
      songs.length ? h("ol", { class: "songs", "aria-label": "Songs" },
        songs.map((s, i) => songRow(app, s, { testid: "result-song", onPlay: () => app.playList(songs, i) })))
        : h("p", { class: "muted" }, "No songs match."),
      h("h2", {}, "Artists"),
      r.artists.length ? h("ul", { class: "cards", "aria-label": "Artists" }, r.artists.map((a) =>
        h("li", { testid: "result-artist" }, h("a", { href: `#/artist/${enc(a.artist_id)}` }, a.name))))
        : h("p", { class: "muted" }, "No artists match."),
      h("h2", {}, "Albums"),
      r.albums.length ? h("ul", { class: "cards", "aria-label": "Albums" }, r.albums.map((al) =>
        h("li", { testid: "result-album" }, h("a", { href: `#/album/${enc(al.album_id)}` }, al.title),
          h("div", { class: "muted" }, [al.artist, al.release_year].filter(Boolean).join(" · ")))))
        : h("p", { class: "muted" }, "No albums match."));
  });
}

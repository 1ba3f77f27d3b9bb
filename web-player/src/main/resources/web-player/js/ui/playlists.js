// Playlists: the list (create), one playlist (rename, collaborators, remove, reorder by drag and drop or by
// keyboard). Every write names the version it was based on; on a 409 version conflict the page re-reads the
// playlist, reapplies the edit to the fresh copy when it still makes sense, and says so.

import { h, page, clock, showError, notice } from "./dom.js";
import { enc } from "../api.js";

export function playlistsPage(app, main) {
  return page(main, "Playlists", async () => {
    const r = await app.api.get("/me/playlists?limit=100");
    const name = h("input", { id: "new-name", required: true, maxlength: 100, testid: "playlist-name" });
    const collab = h("input", { id: "new-collab", type: "checkbox", testid: "playlist-collaborative" });
    const form = h("form", { class: "form", hidden: true, "aria-label": "New playlist" },
      h("label", { for: "new-name" }, "Name", name),
      h("label", { for: "new-collab" }, collab, " Collaborative (people you add can edit it)"),
      h("button", { type: "submit", testid: "playlist-create" }, "Create"));
    const newButton = h("button", { type: "button", testid: "playlist-new", "aria-expanded": "false",
      onclick: () => { form.hidden = !form.hidden; newButton.setAttribute("aria-expanded", String(!form.hidden)); if (!form.hidden) name.focus(); } },
      "+ New playlist");
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      try {
        const p = await app.api.post("/playlists", { name: name.value.trim(), is_collaborative: collab.checked },
          { "X-Idempotency-Key": crypto.randomUUID() });
        location.hash = `#/playlist/${enc(p.playlist_id)}`;
      } catch (err) {
        showError(err, () => form.requestSubmit());
      }
    });
    return h("div", {},
      h("p", { class: "muted" }, "Your user id (give it to a playlist's owner to be added as a collaborator): ",
        h("code", { testid: "my-user-id" }, app.me ? app.me.user_id : "")),
      newButton, form,
      r.items.length ? h("ul", { class: "songs", "aria-label": "Your playlists" }, r.items.map((p) =>
        h("li", { testid: "playlist-item" }, h("a", { href: `#/playlist/${enc(p.playlist_id)}` }, p.name),
          h("span", { class: "muted" }, `${p.total_songs} songs · ${p.role}${p.is_collaborative ? " · collaborative" : ""}`))))
        : h("p", { class: "muted" }, "No playlists yet."));
  });
}

export function playlistPage(app, main, playlistId) {
  const path = `/playlists/${enc(playlistId)}`;
  let playlist = null;

  const load = async () => (playlist = await app.api.get(path));

  /** Runs a write based on the current version; on a conflict re-reads, reapplies once, and tells. */
  const edit = async (what, attempt, stillApplies = () => true) => {
    try {
      await attempt(playlist);
    } catch (e) {
      if (e.status !== 409 || !String(e.problem.type || "").endsWith("version-conflict")) { showError(e); await refresh(); return; }
      await load();
      if (!stillApplies(playlist)) {
        notice(`Someone changed this playlist meanwhile; your ${what} no longer applies and was not made.`);
        render();
        return;
      }
      try {
        await attempt(playlist);
        notice(`Someone changed this playlist meanwhile (now version ${playlist.version}); your ${what} was applied to the new version.`);
      } catch (e2) {
        showError(e2);
      }
    }
    await refresh();
  };
  const refresh = async () => { await load(); render(); };

  // A move is kept as an intention — "one place down", "to where that song is" — so that on a conflict it is
  // reapplied to the fresh order rather than to a position the other edit has shifted.
  const move = (songId, where) => edit("move", (p) => {
    const position = Math.max(0, Math.min(where(p), p.songs.length - 1));
    return app.api.request("PUT", `${path}/songs/reorder`, { body: { song_id: songId, new_position: position, version: p.version } });
  }, (p) => p.songs.some((s) => s.song_id === songId));
  const indexIn = (p, songId) => p.songs.findIndex((s) => s.song_id === songId);
  const by = (songId, delta) => (p) => indexIn(p, songId) + delta;
  const onto = (targetId, fallback) => (p) => { const i = indexIn(p, targetId); return i < 0 ? fallback : i; };

  const remove = (songId) => edit("removal", (p) =>
    app.api.request("DELETE", `${path}/songs/${enc(songId)}`, { headers: { "If-Match": `"${p.version}"` } }),
  (p) => p.songs.some((s) => s.song_id === songId));

  const render = () => {
    const p = playlist;
    const owner = app.me && p.owner_id === app.me.user_id;
    const songs = p.songs.map((s) => ({ ...s }));
    let dragged = null;
    const rows = songs.map((s, i) => {
      const row = h("li", { testid: "playlist-song", draggable: "true", tabindex: "0", dataset: { songId: s.song_id },
        "aria-label": `${i + 1}. ${s.title} by ${s.artist}. Alt+Arrow up or down moves it.` },
        h("span", { class: "muted", "aria-hidden": "true" }, "☰"),
        h("button", { type: "button", "aria-label": `Play ${s.title}`, onclick: () => app.playList(songs, i) }, "▶"),
        h("div", { class: "meta" }, h("div", {}, s.title), h("div", { class: "sub" }, [s.artist, s.album].filter(Boolean).join(" · "))),
        h("span", { class: "muted" }, clock(s.duration_ms / 1000)),
        h("button", { type: "button", "aria-label": `Move ${s.title} up`, testid: "move-up", disabled: i === 0, onclick: () => move(s.song_id, by(s.song_id, -1)) }, "↑"),
        h("button", { type: "button", "aria-label": `Move ${s.title} down`, testid: "move-down", disabled: i === songs.length - 1, onclick: () => move(s.song_id, by(s.song_id, 1)) }, "↓"),
        h("button", { type: "button", "aria-label": `Remove ${s.title} from the playlist`, testid: "playlist-remove", onclick: () => remove(s.song_id) }, "✕"));
      row.addEventListener("keydown", (e) => {
        if (e.target !== row || !e.altKey) return;
        if (e.key === "ArrowUp" && i > 0) { e.preventDefault(); move(s.song_id, by(s.song_id, -1)).then(() => focusSong(s.song_id)); }
        if (e.key === "ArrowDown" && i < songs.length - 1) { e.preventDefault(); move(s.song_id, by(s.song_id, 1)).then(() => focusSong(s.song_id)); }
      });
      row.addEventListener("dragstart", (e) => { dragged = s.song_id; row.classList.add("dragging"); e.dataTransfer.setData("text/plain", s.song_id); e.dataTransfer.effectAllowed = "move"; });
      row.addEventListener("dragend", () => row.classList.remove("dragging"));
      row.addEventListener("dragover", (e) => { e.preventDefault(); row.classList.add("drop-target"); });
      row.addEventListener("dragleave", () => row.classList.remove("drop-target"));
      row.addEventListener("drop", (e) => {
        e.preventDefault();
        row.classList.remove("drop-target");
        const id = dragged || e.dataTransfer.getData("text/plain");
        if (id && id !== s.song_id) move(id, onto(s.song_id, i));
      });
      return row;
    });

    const ownerTools = [];
    if (owner) {
      const rename = h("input", { id: "rename", value: p.name, maxlength: 100, required: true, testid: "playlist-rename-input" });
      const renameForm = h("form", { class: "form", "aria-label": "Rename playlist" },
        h("label", { for: "rename" }, "Name", rename), h("button", { type: "submit", testid: "playlist-rename" }, "Rename"));
      renameForm.addEventListener("submit", (e) => {
        e.preventDefault();
        edit("rename", (cur) => app.api.request("PATCH", path, { body: { name: rename.value.trim(), version: cur.version } }));
      });
      const collab = h("input", { id: "collab", type: "checkbox", checked: p.is_collaborative, testid: "playlist-collaborative-toggle" });
      collab.addEventListener("change", () => edit("setting", (cur) =>
        app.api.request("PATCH", path, { body: { is_collaborative: collab.checked, version: cur.version } })));
      const who = h("input", { id: "collaborator", placeholder: "user id", testid: "collaborator-id", required: true });
      const addForm = h("form", { class: "form", "aria-label": "Add a collaborator" },
        h("label", { for: "collaborator" }, "Add a collaborator by user id", who),
        h("button", { type: "submit", testid: "collaborator-add" }, "Add collaborator"));
      addForm.addEventListener("submit", (e) => {
        e.preventDefault();
        edit("new collaborator", (cur) => app.api.request("POST", `${path}/collaborators`, { body: { user_id: who.value.trim(), version: cur.version } }));
      });
      ownerTools.push(renameForm, h("p", {}, h("label", { for: "collab" }, collab, " Collaborative")), addForm);
    }
    const collaborators = (p.collaborators || []).map((c) => typeof c === "string" ? c : c.user_id);
    main.replaceChildren(
      h("h1", { id: "page-title" }, p.name),
      h("p", { class: "muted", testid: "playlist-meta" }, `${p.total_songs} songs · version ${p.version}${p.is_collaborative ? " · collaborative" : ""}${owner ? "" : " · shared with you"}`),
      songs.length ? h("button", { type: "button", testid: "playlist-play", onclick: () => app.playList(songs, 0) }, "▶ Play playlist") : null,
      songs.length ? h("ol", { class: "songs", "aria-label": "Songs of the playlist" }, rows)
        : h("p", { class: "muted" }, "No songs yet: add some from search or an album."),
      ...ownerTools,
      h("h2", {}, "Collaborators"),
      collaborators.length ? h("ul", { class: "songs", "aria-label": "Collaborators" }, collaborators.map((c) =>
        h("li", { testid: "collaborator" }, h("span", { class: "meta" }, c),
          owner || (app.me && c === app.me.user_id) ? h("button", { type: "button", "aria-label": `Remove collaborator ${c}`,
            onclick: () => edit("collaborator removal", () => app.api.request("DELETE", `${path}/collaborators/${enc(c)}`)) }, "Remove") : null)))
        : h("p", { class: "muted" }, "Nobody else yet."));
    document.title = `${p.name} · Harmonia`;
  };
  const focusSong = (songId) => main.querySelector(`li[data-song-id="${CSS.escape(songId)}"]`)?.focus();

  return page(main, "Playlist", async () => { await load(); return h("div"); }).then(() => { if (playlist) render(); });
}

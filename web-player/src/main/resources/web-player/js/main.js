// The app: wires the API client, the player, the play-event queue and the pages, and routes on the URL's
// hash (#/search?q=…, #/album/{id}, …) so that every page can be linked and reloaded.

import { Api } from "./api.js";
import { Player } from "./player/engine.js";
import { PlayEvents } from "./playevents.js";
import { Queue } from "./queue.js";
import { h, wireAlert, showError, clearError } from "./ui/dom.js";
import { loginPage } from "./ui/auth.js";
import { wireSearchBox, searchPage } from "./ui/search.js";
import { artistPage, albumPage } from "./ui/catalog.js";
import { playlistsPage, playlistPage } from "./ui/playlists.js";
import { recentPage, discoverPage, dailyMixPage, queuePage } from "./ui/lists.js";
import { wirePlayerBar } from "./ui/playerbar.js";

const api = new Api();
const audio = document.getElementById("audio");
const playEvents = new PlayEvents(api);
const player = new Player({ api, audio, playEvents });
const queue = new Queue();
const main = document.getElementById("main");

const app = {
  api, player, queue, playEvents, me: null,
  async playList(songs, index) {
    queue.set(songs, index);
    await this.playIndex(index);
  },
  async playIndex(i) {
    const song = queue.jump(i);
    if (song) { clearError(); await player.start(song.song_id); }
  },
  async next() { const s = queue.next(); if (s) await player.start(s.song_id); },
  async previous() {
    if (player.state().position_s > 3) { player.seek(0); return; }
    const s = queue.previous();
    if (s) await player.start(s.song_id);
  },
  async signedIn() {
    if (api.signedIn()) try {
      this.me = await api.get("/me");
    } catch (e) {
      if (e.status === 401) { api.logOut(); this.me = null; }
      else showError(e, () => this.signedIn().then(route));
    }
    const on = api.signedIn();
    for (const id of ["nav", "search-form", "account"]) document.getElementById(id).hidden = !on;
    document.getElementById("who").textContent = this.me ? `${this.me.user_id} · ${this.me.subscription}` : "";
    document.getElementById("player-bar").hidden = !on;
    if (on) playEvents.flush();
  },
};
player.addEventListener("ended", () => app.next());
api.onUnauthorized = () => { api.logOut(); player.stop(); location.hash = "#/login"; };

// the stable handle for tests and tools
window.harmoniaPlayer = {
  state: () => ({ ...player.state(), pending_events: playEvents.pending, sent_events: playEvents.sent.slice() }),
  player, queue, playEvents,
};

function route() {
  const hash = location.hash || "#/";
  const [path, query = ""] = hash.slice(1).split("?");
  const params = new URLSearchParams(query);
  const parts = path.split("/").filter(Boolean).map(decodeURIComponent);
  if (!api.signedIn()) { loginPage(app, main, parts[0] === "signup" ? "signup" : "login"); return; }
  switch (parts[0]) {
    case "search": return searchPage(app, main, params.get("q") || "");
    case "artist": return artistPage(app, main, parts[1]);
    case "album": return albumPage(app, main, parts[1]);
    case "playlists": return playlistsPage(app, main);
    case "playlist": return playlistPage(app, main, parts[1]);
    case "recent": return recentPage(app, main);
    case "daily": return dailyMixPage(app, main);
    case "queue": return queuePage(app, main);
    case "login": case "signup": location.hash = "#/"; return undefined;
    case "discover": case undefined: return discoverPage(app, main);
    default:
      main.replaceChildren(h("h1", {}, "Not found"), h("p", {}, "No such page. ", h("a", { href: "#/" }, "Home")));
      return undefined;
  }
}

document.getElementById("logout").addEventListener("click", () => { player.stop(); api.logOut(); app.me = null; app.signedIn().then(() => { location.hash = "#/login"; route(); }); });
wireAlert();
wireSearchBox(app);
wirePlayerBar(app);
window.addEventListener("hashchange", () => { route(); main.focus({ preventScroll: true }); });
app.signedIn().then(route);

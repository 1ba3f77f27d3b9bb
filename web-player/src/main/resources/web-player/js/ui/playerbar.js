// The player bar: reads the player's state, never its buffer. Play/pause, seek, next, previous, volume,
// the current bitrate and elapsed/total time; a failure shows its message and a retry.

import { clock, showError } from "./dom.js";

export function wirePlayerBar(app) {
  const $ = (id) => document.getElementById(id);
  const { player, queue } = app;
  const seek = $("seek");
  let dragging = false;

  $("play").addEventListener("click", () => { if (player.state().song_id) player.resume(); else if (queue.current()) app.playIndex(queue.index); });
  $("pause").addEventListener("click", () => player.pause());
  $("next").addEventListener("click", () => app.next());
  $("prev").addEventListener("click", () => app.previous());
  $("volume").addEventListener("input", (e) => { player.audio.volume = Number(e.target.value); });
  seek.addEventListener("input", () => { dragging = true; $("elapsed").textContent = clock(Number(seek.value)); });
  seek.addEventListener("change", () => { dragging = false; player.seek(Number(seek.value)); });

  const render = () => {
    const s = player.state();
    $("player-bar").hidden = !app.api.signedIn();
    const playing = s.playing;
    $("play").hidden = playing;
    $("pause").hidden = !playing;
    if (s.song) {
      $("now-title").textContent = s.song.title || s.song_id;
      $("now-artist").textContent = s.song.artist || "";
    }
    $("now-bitrate").textContent = s.bitrate ? `${s.bitrate} kbps` : "–";
    $("total").textContent = clock(s.duration_s);
    seek.max = String(Math.floor(s.duration_s || 0));
    seek.setAttribute("aria-valuetext", `${clock(s.position_s)} of ${clock(s.duration_s)}`);
    if (!dragging) { seek.value = String(Math.floor(s.position_s)); $("elapsed").textContent = clock(s.position_s); }
  };
  player.addEventListener("change", render);
  player.addEventListener("failure", (e) => showError(`Playback stopped: ${e.detail}`, () => player.retry()));
  render();

  // keyboard: space toggles play (outside text fields), Alt+Arrow left/right seeks 10 s
  document.addEventListener("keydown", (e) => {
    const typing = ["INPUT", "TEXTAREA", "SELECT", "BUTTON"].includes(document.activeElement?.tagName);
    if (e.key === " " && !typing && player.state().song_id) { e.preventDefault(); player.toggle(); }
    if (e.altKey && e.key === "ArrowRight" && !typing) player.seek(player.state().position_s + 10);
    if (e.altKey && e.key === "ArrowLeft" && !typing) player.seek(player.state().position_s - 10);
  });
}

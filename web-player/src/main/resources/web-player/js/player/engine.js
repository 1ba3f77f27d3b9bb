// One play at a time: asks the API for signed URLs, fetches ~64 KB ranges from the edge into the buffer,
// 10-30 s ahead of the play position, picks the rendition per chunk (abr.js) from the estimate
// (bandwidth.js), switches on a frame boundary of the new rendition, refreshes refused URLs, and counts
// the media actually played for the play event. The UI reads `state()` and listens to "change".

import { AudioBuffer } from "./buffer.js";
import { BandwidthEstimator } from "./bandwidth.js";
import { chooseBitrate, networkQualityHint, BITRATE_OF_QUALITY, QUALITY_OF_BITRATE } from "./abr.js";
import { CHUNK_BYTES, RenditionUrls, fetchRange } from "./network.js";
import { frameNear, frameSeconds, id3Length, meanFrameBytes, wholeFrames } from "./mp3.js";

export const AHEAD_HIGH_S = 30; // stop fetching with this much buffered ahead...
export const AHEAD_LOW_S = 10; // ...and never let it fall below this when the network allows
export const PLAY_EVENT_AFTER_S = 30;
const LADDER = [128, 256, 320];
const FRAME_S = frameSeconds();
const ESTIMATE_KEY = "harmonia.lastEstimateBps";

/** One song being played: its URLs, where its fetching stands, what has been heard. */
class Play {
  constructor(songId, answer, urls) {
    this.songId = songId;
    this.song = answer.song || { song_id: songId };
    this.durationS = answer.duration_ms / 1000;
    this.playId = answer.play_id || null; // the FIRST answer's: later ones only bring URLs
    this.eventId = crypto.randomUUID(); // fixed when the play starts: a retry can never count twice
    this.startedAt = new Date().toISOString();
    this.urls = urls;
    this.cap = answer.max_bitrate || 320;
    this.offered = Array.isArray(answer.renditions) ? answer.renditions.map((r) => r.bitrate) : LADDER.filter((b) => b <= this.cap);
    this.bitrate = answer.bitrate; // the rendition being fetched
    this.nextFrame = 0; // index of the next frame to append (frame 0 is the LAME info frame of every rendition)
    this.cursor = null; // byte offset of frame nextFrame in this.bitrate's rendition, when known exactly
    this.id3 = new Map(); // bitrate -> length of its ID3v2 tag
    this.total = new Map(); // bitrate -> size in bytes
    this.segments = []; // [{from_s, bitrate}] what the buffer holds, in time order
    this.switches = [];
    this.playedS = 0;
    this.lastTime = null;
    this.eventSent = false;
    this.done = false;
    this.aborted = false;
  }
  bitrateAt(timeS) {
    let b = this.segments.length ? this.segments[0].bitrate : this.bitrate;
    for (const s of this.segments) if (s.from_s <= timeS + 1e-3) b = s.bitrate;
    return b;
  }
}

export class Player extends EventTarget {
  constructor({ api, audio, playEvents }) {
    super();
    this.api = api;
    this.audio = audio;
    this.playEvents = playEvents;
    this.estimator = new BandwidthEstimator({ defaultBps: Number(localStorage.getItem(ESTIMATE_KEY)) || 500_000 });
    this.play_ = null;
    this.buffer = null;
    this.wake = null;
    this.seekTo = null;
    this.error = null;
    this.stallStartedAt = null;
    this.stats = { stall_ms: 0, stalls: 0, url_refreshes: 0, refresh_log: [], chunks: 0 };
    this.playing = false;
    audio.addEventListener("timeupdate", () => this.countPlayed());
    audio.addEventListener("seeking", () => { if (this.play_) this.play_.lastTime = null; });
    audio.addEventListener("seeked", () => { if (this.play_) this.play_.lastTime = audio.currentTime; this.poke(); });
    audio.addEventListener("playing", () => { this.playing = true; this.endStall(); this.changed(); });
    audio.addEventListener("pause", () => { this.playing = false; this.changed(); });
    audio.addEventListener("waiting", () => { if (!this.audio.seeking) this.beginStall(); this.changed(); });
    audio.addEventListener("ended", () => { this.playing = false; this.changed(); this.dispatchEvent(new Event("ended")); });
  }

  changed() {
    this.dispatchEvent(new Event("change"));
  }

  /** The stable handle for tests and tools (window.harmoniaPlayer.state()). */
  state() {
    const p = this.play_;
    const position = this.audio.currentTime || 0;
    return {
      song_id: p ? p.songId : null,
      bitrate: p ? p.bitrateAt(position) : null,
      position_s: position,
      buffered_ahead_s: this.buffer ? this.buffer.aheadOf(position) : 0,
      playing: this.playing && !this.audio.paused,
      switches: p ? p.switches.length : 0,
      // beyond the promised shape: what the tests and the UI look at
      duration_s: p ? p.durationS : 0,
      fetch_bitrate: p ? p.bitrate : null,
      max_bitrate: p ? p.cap : null,
      switch_log: p ? p.switches.slice() : [],
      buffered: this.buffer ? this.buffer.ranges() : [],
      estimate_kbps: Math.round(this.estimator.estimate() / 1000),
      played_s: p ? p.playedS : 0,
      event_id: p ? p.eventId : null,
      play_id: p ? p.playId : null,
      play_event_sent: p ? p.eventSent : false,
      url_refreshes: this.stats.url_refreshes,
      refresh_log: this.stats.refresh_log.slice(),
      stall_ms: this.stats.stall_ms + (this.stallStartedAt ? performance.now() - this.stallStartedAt : 0),
      stalls: this.stats.stalls,
      chunks: this.stats.chunks,
      error: this.error,
      song: p ? p.song : null,
    };
  }

  /** Starts a song from its beginning. */
  async start(songId) {
    this.stop();
    this.error = null;
    const quality = networkQualityHint(Number(localStorage.getItem(ESTIMATE_KEY)) || 0);
    let answer;
    try {
      answer = await this.api.play(songId, quality);
    } catch (e) {
      this.fail(e.message || String(e));
      return;
    }
    const urls = new RenditionUrls((bitrate) => this.api.play(songId, QUALITY_OF_BITRATE[bitrate] || "high"));
    urls.learn(answer);
    const play = new Play(songId, answer, urls);
    this.play_ = play;
    this.stats = { stall_ms: 0, stalls: 0, url_refreshes: 0, refresh_log: [], chunks: 0 };
    this.buffer = new AudioBuffer(this.audio);
    await this.buffer.open(play.durationS);
    this.changed();
    this.audio.play().catch(() => {}); // starts when the first frames arrive
    this.fetchLoop(play).catch((e) => { if (!play.aborted) this.fail(e.message || String(e)); });
  }

  stop() {
    if (this.play_) this.play_.aborted = true;
    if (this.controller) this.controller.abort();
    this.poke();
    this.play_ = null;
    if (this.buffer) {
      this.audio.pause();
      this.audio.removeAttribute("src");
      this.audio.load();
      this.buffer.close();
      this.buffer = null;
    }
    this.playing = false;
    this.stallStartedAt = null;
  }

  /** Tries the current play again from where it stood (the retry of an error message). */
  async retry() {
    const p = this.play_;
    if (!p) return;
    const at = this.audio.currentTime;
    this.error = null;
    this.changed();
    if (p.done || this.buffer == null) { await this.start(p.songId); return; }
    this.seek(at, true);
    this.fetchLoop(p).catch((e) => { if (!p.aborted) this.fail(e.message || String(e)); });
    this.audio.play().catch(() => {});
  }

  fail(message) {
    this.error = message;
    this.changed();
    this.dispatchEvent(new CustomEvent("failure", { detail: message }));
  }

  pause() { this.audio.pause(); }
  resume() { if (this.play_) this.audio.play().catch(() => {}); }
  toggle() { if (this.audio.paused) this.resume(); else this.pause(); }

  /** Seeks; outside what is buffered the buffer restarts at the frame holding that time. */
  seek(timeS, force = false) {
    const p = this.play_;
    if (!p) return;
    const t = Math.max(0, Math.min(timeS, p.durationS - 0.05));
    if (!force && this.buffer.aheadOf(t) > 0.5) { this.audio.currentTime = t; return; }
    this.seekTo = t;
    if (this.controller) this.controller.abort();
    this.poke();
  }

  poke() {
    if (this.wake) { const w = this.wake; this.wake = null; w(); }
  }

  idle(ms) {
    return new Promise((resolve) => { const t = setTimeout(resolve, ms); this.wake = () => { clearTimeout(t); resolve(); }; });
  }

  beginStall() {
    if (this.stallStartedAt == null && this.play_ && this.audio.currentTime > 0) this.stallStartedAt = performance.now();
  }

  endStall() {
    if (this.stallStartedAt != null) {
      this.stats.stall_ms += performance.now() - this.stallStartedAt;
      this.stats.stalls += 1;
      this.stallStartedAt = null;
    }
  }

  countPlayed() {
    const p = this.play_;
    if (!p) return;
    const t = this.audio.currentTime;
    if (p.lastTime != null && !this.audio.seeking) {
      const d = t - p.lastTime;
      if (d > 0 && d < 2.5) p.playedS += d; // a jump (a seek) is not listening
    }
    p.lastTime = t;
    if (!p.eventSent && p.playedS >= PLAY_EVENT_AFTER_S) {
      p.eventSent = true;
      const event = {
        event_id: p.eventId, song_id: p.songId, duration_ms: Math.round(p.playedS * 1000),
        bitrate: p.bitrateAt(t), played_at: p.startedAt,
      };
      if (p.playId) event.play_id = p.playId;
      this.playEvents.record(event);
    }
    this.changed();
  }

  async fetchLoop(play) {
    let first = true;
    while (!play.aborted) {
      if (this.seekTo != null) {
        const t = this.seekTo;
        this.seekTo = null;
        play.nextFrame = Math.floor(t / FRAME_S);
        play.cursor = null;
        play.segments = [];
        await this.buffer.restartAt(play.nextFrame * FRAME_S);
        this.audio.currentTime = t;
        play.done = false;
      }
      if (play.done) { await this.idle(1000); continue; }
      const position = this.audio.currentTime;
      const ahead = this.buffer.aheadOf(position);
      if (ahead >= AHEAD_HIGH_S) { await this.idle(250); continue; }
      if (!first) {
        const wanted = chooseBitrate(this.estimator.estimate(), ahead, play.bitrate, play.cap, play.offered);
        if (wanted !== play.bitrate) await this.switchTo(play, wanted, position);
      }
      first = false;
      this.controller = new AbortController();
      try {
        await this.fetchChunk(play, this.controller.signal);
      } catch (e) {
        if (e.name === "AbortError") continue;
        throw e;
      }
    }
  }

  /** Moves fetching to another rendition from the next frame on; a rendition the API refuses stays off. */
  async switchTo(play, bitrate, position) {
    if (!play.urls.has(bitrate)) {
      const answer = await play.urls.refresh(bitrate);
      if (answer.bitrate !== bitrate && !play.urls.has(bitrate)) {
        play.offered = play.offered.filter((b) => b !== bitrate);
        if (answer.max_bitrate) play.cap = answer.max_bitrate;
        return;
      }
    }
    play.switches.push({ from: play.bitrate, to: bitrate, at_frame: play.nextFrame, at_s: play.nextFrame * FRAME_S, position_s: position });
    play.bitrate = bitrate;
    play.cursor = null; // found by fetchChunk: the frame header nearest to where the time maps
    this.changed();
  }

  async fetchChunk(play, signal) {
    const bitrate = play.bitrate;
    let from, expected = null;
    if (play.cursor != null) {
      from = play.cursor;
    } else if (play.nextFrame === 0) {
      from = 0;
    } else {
      // CBR: frame k starts near id3 + k * mean frame length; fetch from a few frames before it
      const id3 = play.id3.get(bitrate) ?? [...play.id3.values()][0] ?? 0;
      const exact = id3 + play.nextFrame * meanFrameBytes(bitrate);
      from = Math.max(0, Math.floor(exact - 4 * meanFrameBytes(bitrate)));
      expected = exact - from;
    }
    const total = play.total.get(bitrate);
    if (total != null && from >= total) { this.finish(play); return; }
    const chunk = await fetchRange(play.urls, bitrate, from, CHUNK_BYTES, {
      signal,
      onRefresh: (r) => {
        this.stats.url_refreshes += 1;
        this.stats.refresh_log.push({ ...r, position_s: this.audio.currentTime, at: Date.now() });
        this.changed();
      },
    });
    if (play.aborted || signal.aborted) return;
    this.estimator.sample(chunk.bytes.length, chunk.ms);
    localStorage.setItem(ESTIMATE_KEY, String(Math.round(this.estimator.estimate())));
    this.stats.chunks += 1;
    if (chunk.total != null) play.total.set(bitrate, chunk.total);
    const bytes = chunk.bytes;
    let start = 0;
    if (from === 0) {
      const tag = id3Length(bytes);
      play.id3.set(bitrate, tag);
      if (tag >= bytes.length) { play.cursor = tag; return; }
      start = tag;
    } else if (expected != null) {
      start = frameNear(bytes, expected);
      if (start < 0) throw new Error("no audio frame where the new rendition should continue");
      const last = play.switches[play.switches.length - 1];
      if (last && last.to === bitrate && last.at_frame === play.nextFrame) last.from_byte = from + start;
    }
    const { frames, end, broken } = wholeFrames(bytes, start);
    if (frames > 0) {
      const atS = play.nextFrame * FRAME_S;
      const last = play.segments[play.segments.length - 1];
      if (!last || last.bitrate !== bitrate) play.segments.push({ from_s: atS, bitrate });
      await this.buffer.append(bytes.subarray(start, end));
      play.nextFrame += frames;
      play.cursor = from + end;
    }
    // the end: the rendition's last byte reached, or nothing more that is a frame
    const known = play.total.get(bitrate);
    if ((known != null && from + end >= known - 4) || (frames === 0 && (broken || bytes.length < CHUNK_BYTES))) this.finish(play);
    this.changed();
  }

  finish(play) {
    play.done = true;
    this.buffer.end();
  }
}

// The buffer: one MediaSource with one SourceBuffer in 'sequence' mode, so that frames of another
// rendition appended after a switch continue the timeline exactly where the last frame ended. It evicts
// what lies far behind the play position and reports what is buffered; it never decides what to fetch.

export const MIME = "audio/mpeg";
export const EVICT_BEHIND_S = 30;

export class AudioBuffer {
  constructor(audio) {
    this.audio = audio;
    this.mediaSource = new MediaSource();
    this.sourceBuffer = null;
    this.objectUrl = URL.createObjectURL(this.mediaSource);
  }

  /** Attaches to the audio element and waits for the SourceBuffer. */
  async open(durationS) {
    const opened = new Promise((resolve) => this.mediaSource.addEventListener("sourceopen", resolve, { once: true }));
    this.audio.src = this.objectUrl;
    await opened;
    this.sourceBuffer = this.mediaSource.addSourceBuffer(MIME);
    this.sourceBuffer.mode = "sequence";
    if (durationS) this.mediaSource.duration = durationS;
  }

  run(operation) {
    const sb = this.sourceBuffer;
    return new Promise((resolve, reject) => {
      const done = () => { sb.removeEventListener("error", failed); resolve(); };
      const failed = () => { sb.removeEventListener("updateend", done); reject(new Error("the media buffer refused the audio")); };
      sb.addEventListener("updateend", done, { once: true });
      sb.addEventListener("error", failed, { once: true });
      try { operation(sb); } catch (e) { sb.removeEventListener("updateend", done); sb.removeEventListener("error", failed); reject(e); }
    });
  }

  async append(bytes) {
    await this.evictBehind();
    await this.run((sb) => sb.appendBuffer(bytes));
  }

  /** Drops everything and makes the next append start at `timeS` (a seek outside what is buffered). */
  async restartAt(timeS) {
    if (this.sourceBuffer.updating) this.sourceBuffer.abort();
    const end = this.mediaSource.duration;
    if (this.sourceBuffer.buffered.length) await this.run((sb) => sb.remove(0, Number.isFinite(end) ? end : Infinity));
    this.sourceBuffer.abort(); // resets the sequence-mode group start...
    this.sourceBuffer.timestampOffset = timeS; // ...so the next frames start at timeS
  }

  async evictBehind() {
    const ranges = this.sourceBuffer.buffered;
    if (!ranges.length) return;
    const cut = this.audio.currentTime - EVICT_BEHIND_S;
    if (cut > ranges.start(0) + 5) await this.run((sb) => sb.remove(0, cut));
  }

  /** Seconds buffered contiguously ahead of the play position. */
  aheadOf(positionS) {
    const ranges = this.sourceBuffer ? this.sourceBuffer.buffered : null;
    if (!ranges) return 0;
    for (let i = 0; i < ranges.length; i++) {
      if (positionS >= ranges.start(i) - 0.05 && positionS <= ranges.end(i)) return ranges.end(i) - positionS;
    }
    return 0;
  }

  ranges() {
    const out = [];
    const r = this.sourceBuffer ? this.sourceBuffer.buffered : null;
    for (let i = 0; r && i < r.length; i++) out.push([r.start(i), r.end(i)]);
    return out;
  }

  end() {
    if (this.mediaSource.readyState === "open" && !this.sourceBuffer.updating) this.mediaSource.endOfStream();
  }

  close() {
    URL.revokeObjectURL(this.objectUrl);
  }
}

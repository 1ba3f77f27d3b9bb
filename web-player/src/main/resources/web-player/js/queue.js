// The queue: the songs to play in order (an album, a playlist, a list from a song onward) and where it is.

export class Queue extends EventTarget {
  constructor() {
    super();
    this.songs = [];
    this.index = -1;
  }
  /** Replaces the queue with `songs` and points at songs[index]. */
  set(songs, index = 0) {
    this.songs = songs.slice();
    this.index = index;
    this.changed();
    return this.current();
  }
  current() { return this.songs[this.index] || null; }
  next() { if (this.index + 1 < this.songs.length) { this.index += 1; this.changed(); return this.current(); } return null; }
  previous() { if (this.index > 0) { this.index -= 1; this.changed(); return this.current(); } return null; }
  jump(i) { if (i >= 0 && i < this.songs.length) { this.index = i; this.changed(); } return this.current(); }
  changed() { this.dispatchEvent(new Event("change")); }
}

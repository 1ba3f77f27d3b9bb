// Play events: every event is written to IndexedDB first, then sent; it leaves the store only when the API
// accepted (202) or refused it for good (400, a rejected batch item). Sent again — with the same event id,
// so never counted twice — when the network returns (the "online" event) and every few seconds while any
// remain; what was kept goes in one POST /play-events/batch.

const DB = "harmonia-player";
const STORE = "play-events";
const RETRY_MS = 3000;

function openDb() {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE, { keyPath: "event_id" });
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function tx(db, mode, work) {
  return new Promise((resolve, reject) => {
    const t = db.transaction(STORE, mode);
    const result = work(t.objectStore(STORE));
    t.oncomplete = () => resolve(result && "result" in result ? result.result : undefined);
    t.onerror = () => reject(t.error);
  });
}

export class PlayEvents extends EventTarget {
  constructor(api) {
    super();
    this.api = api;
    this.db = openDb();
    this.sending = false;
    this.sent = []; // event ids the API has taken, this page
    this.pending = 0;
    this.timer = null;
    window.addEventListener("online", () => this.flush());
    this.flush();
  }

  async record(event) {
    const db = await this.db;
    await tx(db, "readwrite", (s) => s.put(event));
    await this.send([event], false);
  }

  async all() {
    const db = await this.db;
    return tx(db, "readonly", (s) => s.getAll());
  }

  async drop(ids) {
    const db = await this.db;
    await tx(db, "readwrite", (s) => { for (const id of ids) s.delete(id); });
  }

  /** Sends what the store holds (used when the network returns). */
  async flush() {
    if (!this.api.signedIn()) return;
    const events = await this.all();
    this.pending = events.length;
    this.changed();
    if (events.length) await this.send(events, true);
  }

  async send(events, batch) {
    if (this.sending) { this.later(); return; }
    this.sending = true;
    try {
      if (!batch && events.length === 1) {
        try {
          await this.api.request("POST", "/play-events", { body: events[0] });
          await this.done([events[0].event_id], []);
        } catch (e) {
          if (e.status === 400) await this.done([], [events[0].event_id]);
          else this.later();
        }
      } else {
        let results;
        try {
          results = (await this.api.request("POST", "/play-events/batch", { body: { events: events.slice(0, 500) } })).data.results;
        } catch (e) {
          results = e.problem && Array.isArray(e.problem.results) ? e.problem.results : null;
          if (e.status === 400 && !results) results = events.map((ev) => ({ event_id: ev.event_id, status: "rejected" }));
        }
        if (results) {
          await this.done(results.filter((r) => r.status === "accepted").map((r) => r.event_id),
            results.filter((r) => r.status === "rejected").map((r) => r.event_id));
        }
        if (!results || results.some((r) => r.status === "unavailable")) this.later();
      }
    } finally {
      this.sending = false;
      this.pending = (await this.all()).length;
      this.changed();
      if (this.pending > 0) this.later();
    }
  }

  async done(accepted, rejected) {
    this.sent.push(...accepted);
    await this.drop([...accepted, ...rejected]);
  }

  later() {
    if (this.timer) return;
    this.timer = setTimeout(() => { this.timer = null; this.flush(); }, RETRY_MS);
  }

  changed() {
    this.dispatchEvent(new Event("change"));
  }
}

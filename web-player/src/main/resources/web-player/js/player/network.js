// The network side of a play: ranged fetches from the CDN edge with signed URLs, a fresh URL from the API
// when the edge refuses one (403: expired or revoked), retries with back-off for transient failures.

export const CHUNK_BYTES = 64 * 1024;

export class EdgeError extends Error {
  constructor(message, status) {
    super(message);
    this.status = status;
  }
}

/**
 * The signed URLs of one play's renditions. `refresh(bitrate)` asks the API again (POST /play); the API's
 * answer may list every rendition up to the tier cap (`renditions`), or only the one it chose.
 */
export class RenditionUrls {
  constructor(refresh) {
    this.refreshFn = refresh;
    this.urls = new Map();
    this.expiresAt = 0; // every rendition of one answer expires together
    this.refreshes = 0;
  }
  learn(answer) {
    if (Array.isArray(answer.renditions)) {
      for (const r of answer.renditions) this.urls.set(r.bitrate, r.stream_url);
    }
    if (answer.stream_url) this.urls.set(answer.bitrate, answer.stream_url);
    if (answer.expires_at) this.expiresAt = Date.parse(answer.expires_at) || 0;
  }
  expired() {
    return this.expiresAt > 0 && Date.now() >= this.expiresAt;
  }
  has(bitrate) {
    return this.urls.has(bitrate);
  }
  get(bitrate) {
    return this.urls.get(bitrate);
  }
  async refresh(bitrate) {
    this.refreshes += 1;
    const answer = await this.refreshFn(bitrate);
    this.learn(answer);
    return answer;
  }
}

function parseContentRange(value) {
  const m = /bytes (\d+)-(\d+)\/(\d+|\*)/.exec(value || "");
  return m ? { start: Number(m[1]), end: Number(m[2]), total: m[3] === "*" ? null : Number(m[3]) } : null;
}

/**
 * Fetches bytes [start, start + length) of a rendition: { bytes, ms, total } (total = the object's size),
 * or { bytes: empty, total } past the end. A 403 gets a fresh URL once per attempt; network errors and 5xx
 * are retried with back-off, then thrown as EdgeError.
 */
export async function fetchRange(urls, bitrate, start, length, { signal, onRefresh, attempts = 4 } = {}) {
  let lastError = null, refreshed = 0;
  for (let attempt = 0; attempt < attempts; attempt++) {
    if (attempt > 0) await delay(Math.min(2000, 250 * 2 ** (attempt - 1)), signal);
    if (!urls.has(bitrate)) await urls.refresh(bitrate);
    const began = performance.now();
    let response;
    try {
      response = await fetch(urls.get(bitrate), {
        headers: { Range: `bytes=${start}-${start + length - 1}` },
        signal,
      });
    } catch (e) {
      if (signal && signal.aborted) throw e;
      lastError = new EdgeError(`the audio could not be fetched (${e.message})`, 0);
      // a CDN that sends its 403 without CORS headers looks like a network error: an expired URL is renewed
      if (!urls.expired()) continue;
      response = null;
    }
    if (response === null || response.status === 403) {
      if (response) await response.body?.cancel();
      const at = performance.now();
      await urls.refresh(bitrate);
      if (onRefresh) onRefresh({ bitrate, start, refreshMs: performance.now() - at });
      refreshed += 1;
      if (refreshed > 3) throw new EdgeError("the edge keeps refusing fresh URLs", 403);
      attempt -= 1; // a refused URL is not a failed attempt
      continue;
    }
    if (response.status === 416) {
      const range = parseContentRange(response.headers.get("Content-Range"));
      return { bytes: new Uint8Array(0), ms: performance.now() - began, total: range ? range.total : start };
    }
    if (response.status === 206 || response.status === 200) {
      const body = new Uint8Array(await response.arrayBuffer());
      const ms = performance.now() - began;
      const range = parseContentRange(response.headers.get("Content-Range"));
      if (response.status === 200) {
        return { bytes: body.subarray(start, start + length), ms, total: body.length };
      }
      return { bytes: body, ms, total: range ? range.total : null, cache: response.headers.get("X-Cache-Status") };
    }
    lastError = new EdgeError(`the edge answered ${response.status}`, response.status);
    if (response.status < 500 && response.status !== 429) break;
  }
  throw lastError;
}

export function delay(ms, signal) {
  return new Promise((resolve, reject) => {
    const t = setTimeout(resolve, ms);
    if (signal) signal.addEventListener("abort", () => { clearTimeout(t); reject(new DOMException("aborted", "AbortError")); }, { once: true });
  });
}

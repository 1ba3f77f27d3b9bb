// The API client: the bearer token, JSON in and out, problem+json turned into ApiError with its detail.

const TOKEN_KEY = "harmonia.token";

export class ApiError extends Error {
  constructor(status, problem) {
    super((problem && (problem.detail || problem.title)) || `the server answered ${status}`);
    this.status = status;
    this.problem = problem || {};
  }
}

export class Api {
  constructor(base = "/api/v1") {
    this.base = base;
    this.token = sessionStorage.getItem(TOKEN_KEY) || localStorage.getItem(TOKEN_KEY);
    this.onUnauthorized = () => {};
  }

  signedIn() {
    return Boolean(this.token);
  }

  async request(method, path, { body, headers = {}, keepalive = false } = {}) {
    const h = { Accept: "application/json, application/problem+json", ...headers };
    if (this.token) h.Authorization = `Bearer ${this.token}`;
    if (body !== undefined) h["Content-Type"] = "application/json";
    let response;
    try {
      response = await fetch(this.base + path, { method, headers: h, cache: "no-store", body: body === undefined ? undefined : JSON.stringify(body), keepalive });
    } catch (e) {
      throw new ApiError(0, { title: "Network error", detail: "The server cannot be reached: check your connection and retry." });
    }
    const type = response.headers.get("Content-Type") || "";
    const data = response.status === 204 ? null : type.includes("json") ? await response.json().catch(() => null) : null;
    if (!response.ok) {
      if (response.status === 401 && this.token && !path.startsWith("/auth/")) this.onUnauthorized();
      const error = new ApiError(response.status, data);
      error.retryAfter = Number(response.headers.get("Retry-After")) || null;
      throw error;
    }
    return { status: response.status, data, headers: response.headers };
  }

  async get(path) { return (await this.request("GET", path)).data; }
  async post(path, body, headers) { return (await this.request("POST", path, { body, headers })).data; }

  async signUp(email, password, displayName) {
    return this.post("/users", { email, password, display_name: displayName });
  }

  async logIn(email, password) {
    const t = await this.post("/auth/token", { email, password });
    this.token = t.access_token;
    localStorage.setItem(TOKEN_KEY, this.token);
    return t;
  }

  logOut() {
    this.token = null;
    localStorage.removeItem(TOKEN_KEY);
    sessionStorage.removeItem(TOKEN_KEY);
  }

  play(songId, quality) {
    return this.post(`/songs/${encodeURIComponent(songId)}/play`, undefined, { "X-Network-Quality": quality });
  }
}

export const enc = encodeURIComponent;

// Small DOM helpers shared by the pages: element building, time formatting, the message region.

/** h("button", {type: "button", onclick}, "text", child...) */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v == null || v === false) continue;
    if (k.startsWith("on") && typeof v === "function") el.addEventListener(k.slice(2), v);
    else if (k === "dataset") Object.assign(el.dataset, v);
    else if (k === "testid") el.dataset.testid = v;
    else if (v === true) el.setAttribute(k, "");
    else el.setAttribute(k, v);
  }
  for (const c of children.flat()) if (c != null && c !== false) el.append(c instanceof Node ? c : String(c));
  return el;
}

export function clock(seconds) {
  const s = Math.max(0, Math.floor(seconds || 0));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

const alertBox = () => document.getElementById("alert");
let retryAction = null;

/** A clear message, with a Retry button when there is something to retry. */
export function showError(error, retry) {
  const box = alertBox();
  document.getElementById("alert-text").textContent = typeof error === "string" ? error : error.message;
  retryAction = retry || null;
  document.getElementById("alert-retry").hidden = !retry;
  box.hidden = false;
}

export function clearError() {
  alertBox().hidden = true;
  retryAction = null;
}

export function notice(text) {
  document.getElementById("notice").textContent = text;
}

export function wireAlert() {
  document.getElementById("alert-retry").addEventListener("click", () => { const r = retryAction; clearError(); if (r) r(); });
  document.getElementById("alert-close").addEventListener("click", clearError);
}

/** Renders a page: a heading, then what load() builds; a failure shows its message and a retry. */
export async function page(main, title, load) {
  main.replaceChildren(h("h1", {}, title), h("p", { class: "muted" }, "Loading…"));
  document.title = `${title} · Harmonia`;
  try {
    const content = await load();
    main.replaceChildren(h("h1", { id: "page-title" }, title), content);
    clearError();
  } catch (e) {
    main.replaceChildren(h("h1", {}, title), h("p", { class: "muted" }, "This page could not be loaded."));
    showError(e, () => page(main, title, load));
  }
}

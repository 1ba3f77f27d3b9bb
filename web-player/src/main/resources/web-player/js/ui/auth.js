// Sign up and log in.

import { h, showError, clearError } from "./dom.js";

export function loginPage(app, main, mode = "login") {
  const signup = mode === "signup";
  const email = h("input", { id: "email", name: "email", type: "email", required: true, autocomplete: "email", testid: "email" });
  const password = h("input", { id: "password", name: "password", type: "password", required: true, minlength: 8,
    autocomplete: signup ? "new-password" : "current-password", testid: "password" });
  const name = h("input", { id: "display-name", name: "display_name", required: true, testid: "display-name" });
  const form = h("form", { class: "form", "aria-label": signup ? "Sign up" : "Log in" },
    signup ? h("label", { for: "display-name" }, "Display name", name) : null,
    h("label", { for: "email" }, "Email", email),
    h("label", { for: "password" }, "Password", password),
    h("button", { type: "submit", testid: signup ? "signup-submit" : "login-submit" }, signup ? "Create account" : "Log in"),
    signup ? h("p", {}, "Have an account? ", h("a", { href: "#/login" }, "Log in"))
      : h("p", {}, "New here? ", h("a", { href: "#/signup", testid: "to-signup" }, "Create an account")));
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    try {
      if (signup) await app.api.signUp(email.value.trim(), password.value, name.value.trim());
      await app.api.logIn(email.value.trim(), password.value);
      clearError();
      await app.signedIn();
      location.hash = "#/";
    } catch (err) {
      showError(err, () => form.requestSubmit());
    }
  });
  document.title = `${signup ? "Sign up" : "Log in"} · Harmonia`;
  main.replaceChildren(h("h1", { id: "page-title" }, signup ? "Create your account" : "Log in"), form);
  (signup ? name : email).focus();
}

// The sign-in view: paste a bearer token or an API key; it is kept in sessionStorage for this tab.
import { saveToken } from "../api/session";
import { h } from "../dom";

/** Shows the form in `root`, with `message` (why sign-in is needed) above it; `done` runs once a credential is saved. */
export function showSignIn(root: HTMLElement, message: string | null, done: () => void): void {
  const input = h("input", {
    id: "token",
    name: "token",
    type: "password",
    autocomplete: "off",
    spellcheck: "false",
    required: true,
    "data-control": "token",
    "aria-describedby": "token-help",
  });
  const form = h(
    "form",
    { class: "signin", "data-view": "signin", "aria-labelledby": "signin-title" },
    h("h1", { id: "signin-title" }, "Sign in to the clinic dashboard"),
    message ? h("p", { class: "problem", role: "alert" }, message) : null,
    h("label", { for: "token" }, "Bearer token or API key"),
    input,
    h(
      "p",
      { id: "token-help", class: "help" },
      "Paste a token from your identity provider or an API key (cak_…). It is kept in this tab only, until you sign out or close it.",
    ),
    h("button", { type: "submit" }, "Sign in"),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (!input.value.trim()) return;
    saveToken(input.value);
    done();
  });
  root.replaceChildren(form);
  document.body.dataset.state = "signin";
  input.focus();
}

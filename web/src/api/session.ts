// The credential: a bearer token or an API key, kept in sessionStorage for this tab only. The demo links to the page
// with `#token=…` in the fragment, which never reaches a server log; it is taken from there once and removed.

const TOKEN_KEY = "clinic-analytics.token";
const ORGANIZATION_KEY = "clinic-analytics.organization";
const WINDOW_KEY = "clinic-analytics.window";

/** Moves a `#token=…` fragment into sessionStorage and takes it out of the address bar and history. */
export function adoptTokenFromFragment(): void {
  const fragment = new URLSearchParams(window.location.hash.replace(/^#/, ""));
  const token = fragment.get("token");
  if (token === null) return;
  if (token.trim() !== "") saveToken(token);
  fragment.delete("token");
  const rest = fragment.toString();
  const url = `${window.location.pathname}${window.location.search}${rest ? `#${rest}` : ""}`;
  window.history.replaceState(window.history.state, "", url);
}

/** The stored credential, without a `Bearer ` prefix. */
export function token(): string | null {
  return sessionStorage.getItem(TOKEN_KEY);
}

/** Stores a pasted credential, with or without its `Bearer ` prefix. */
export function saveToken(pasted: string): void {
  sessionStorage.setItem(TOKEN_KEY, pasted.trim().replace(/^Bearer\s+/i, ""));
}

/** Forgets the credential and the clinic chosen with it. */
export function signOut(): void {
  sessionStorage.removeItem(TOKEN_KEY);
  sessionStorage.removeItem(ORGANIZATION_KEY);
}

/** The clinic last chosen in this tab. */
export function chosenOrganization(): string | null {
  return sessionStorage.getItem(ORGANIZATION_KEY);
}

export function chooseOrganization(id: string): void {
  sessionStorage.setItem(ORGANIZATION_KEY, id);
}

/** The window last chosen in this tab, as the window picker's value. */
export function chosenWindow(): string | null {
  return sessionStorage.getItem(WINDOW_KEY);
}

export function chooseWindow(value: string): void {
  sessionStorage.setItem(WINDOW_KEY, value);
}

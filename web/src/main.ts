// The dashboard page: takes a `#token=…` fragment into sessionStorage, signs in when there is no credential, lists
// the clinics it grants, then shows the chosen clinic's dashboard.
import "./styles.css";

import { ApiError, execute } from "./api/client";
import * as session from "./api/session";
import { h, replace } from "./dom";
import { OrganizationsDocument } from "./operations";
import { Dashboard } from "./view/dashboard";
import { showSignIn } from "./view/signin";
import { DEFAULT_WINDOW, RANGE, type WindowChoice, isWindowValue } from "./windows";

const root = document.getElementById("app")!;
let dashboard: Dashboard | null = null;

function signIn(message: string | null): void {
  dashboard?.stop();
  dashboard = null;
  session.signOut();
  showSignIn(root, message, () => void open());
}

async function open(): Promise<void> {
  const token = session.token();
  if (!token) {
    signIn(null);
    return;
  }
  document.body.dataset.state = "loading";
  replace(root, h("p", { class: "loading", role: "status" }, "Loading your clinics…"));
  let clinics;
  try {
    clinics = (await execute({ token }, OrganizationsDocument, {})).data.organizations;
  } catch (error) {
    if (error instanceof ApiError && error.kind === "unauthorized") {
      signIn(`The credential was refused: ${error.message}`);
      return;
    }
    failed(error instanceof Error ? error.message : String(error));
    return;
  }
  if (clinics.length === 0) {
    failed("This credential grants no clinic.");
    return;
  }
  const clinic = clinics.find((each) => each.id === session.chosenOrganization()) ?? clinics[0]!;
  const stored = session.chosenWindow();
  const value = isWindowValue(stored) && stored !== RANGE ? stored : DEFAULT_WINDOW;
  const choice: WindowChoice = { value, compareTo: "PREVIOUS_PERIOD" };
  dashboard = new Dashboard(root, token, clinics, clinic, choice, signIn);
  dashboard.start();
}

function failed(message: string): void {
  const again = h("button", { type: "button" }, "Try again");
  again.addEventListener("click", () => void open());
  const out = h("button", { type: "button", class: "quiet" }, "Sign in with another credential");
  out.addEventListener("click", () => signIn(null));
  replace(root, h("div", { class: "signin" }, h("h1", null, "Clinic dashboard"), h("p", { class: "problem", role: "alert" }, message), again, out));
  document.body.dataset.state = "error";
}

session.adoptTokenFromFragment();
void open();

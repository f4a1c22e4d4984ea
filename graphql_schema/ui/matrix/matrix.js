// The manager's skill-gap matrix page: pick a role and a team, see people × skills as a heatmap
// of levels against the required ones, open the credentials behind any level, download .xlsx.
// Everything is read through the GraphQL API (and the .xlsx route) with the bearer token; every
// value from the server goes into the page as text, never as markup. The evidence panel is in
// evidence.js, the grid's arrow keys in grid.js.

import {
  $,
  PageError,
  busyState,
  call,
  describeError,
  element,
  graphql,
  keepToken,
  plural,
  requireToken,
  runner,
  scrollRegion,
} from "../shared/api.js";
import { evidencePanel } from "./evidence.js";
import { moveFocus } from "./grid.js";

const DOWNLOAD = "/ui/matrix/export.xlsx";
const TOKEN_KEY = "hrkit.matrix.token";
const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

const SETUP_QUERY = `query MatrixSetup {
  viewer { subject roles }
  roles(first: 500) { edges { node { id title open } } }
  skillMatrixManagers { id name email title }
}`;

const MATRIX_QUERY = `query SkillMatrix($roleId: ID, $managerId: ID) {
  skillMatrix(roleId: $roleId, managerId: $managerId) {
    people { id name email title }
    skills { id uri name }
    levels required essential fit gapCounts kind
    role { title }
    manager { name email }
  }
}`;

const tokenInput = $("token");

// What is on screen: the matrix, the choices it was made with, and its rows' order.
const state = { matrix: null, choice: null, order: [] };

function hidden(text) {
  return element("span", { className: "visually-hidden" }, text);
}

function size(matrix, joiner = " × ") {
  const people = plural(matrix.people.length, "person", "people");
  return `${people}${joiner}${plural(matrix.skills.length, "skill", "skills")}`;
}

function percent(fit) {
  return `${Math.round(fit * 100)}%`;
}

// --- the token and the API ------------------------------------------------------------------

const TOKEN_MISSING =
  "Enter an access token first (hrkit token --tenant T --role manager --sub EMAIL).";
const TOKEN_REFUSED =
  "The access token is missing, invalid or has expired. Paste a current token and try again.";

function token() {
  return requireToken(tokenInput, TOKEN_MISSING);
}

async function ask(query, variables = {}) {
  return graphql(
    token(),
    { query, variables },
    { refusals: { 401: new PageError([TOKEN_REFUSED], tokenInput) } },
  );
}

const evidence = evidencePanel(ask);

const setBusy = busyState(["connect", "show", "download"]);
const run = runner(setBusy);

// --- step 1: who am I, which roles and teams ------------------------------------------------

function option(value, label, selected = false) {
  return element("option", { value, selected }, label);
}

async function connect() {
  setBusy(true, "Loading roles and teams…");
  const data = await ask(SETUP_QUERY);
  const roles = data.viewer.roles;
  const sub = data.viewer.subject;
  const seesAll = roles.includes("hr_admin") || roles.includes("hris");
  const manager = roles.includes("manager") && !seesAll;
  const candidatesOnly = !seesAll && !manager;

  const list = data.roles.edges.map((edge) => edge.node);
  list.sort((a, b) => Number(b.open) - Number(a.open) || a.title.localeCompare(b.title));
  $("role").replaceChildren(
    option("", "No role: the skills the team holds", list.length === 0),
    ...list.map((role, index) =>
      option(role.id, role.open ? role.title : `${role.title} (closed)`, index === 0),
    ),
  );

  const team = $("team");
  const others = data.skillMatrixManagers.filter((person) => person.email !== sub);
  const labelOf = (person) => (person.title ? `${person.name} — ${person.title}` : person.name);
  if (candidatesOnly) {
    team.replaceChildren(option("", "Candidates (your token shows candidates only)", true));
    team.disabled = true;
  } else {
    const first = manager
      ? option("", `My team (${sub} and everyone reporting to you)`, true)
      : option("", "All employees (the download has one sheet per department)", true);
    team.replaceChildren(first, ...others.map((person) => option(person.id, labelOf(person))));
    team.disabled = false;
  }
  $("viewer").textContent = `Signed in as ${sub} (${roles.join(", ")}).`;
  $("matrix-form").hidden = false;
  const teams = plural(others.length, "team", "teams");
  setBusy(false, `${plural(list.length, "role", "roles")} and ${teams} loaded.`);
  $("role").focus();
}

// --- step 2: the matrix ---------------------------------------------------------------------

function currentChoice() {
  const roleId = $("role").value || null;
  const managerId = $("team").disabled ? null : $("team").value || null;
  return { roleId, managerId, teamLabel: $("team").selectedOptions[0].textContent };
}

async function showMatrix() {
  const choice = currentChoice();
  setBusy(true, "Building the matrix…");
  const data = await ask(MATRIX_QUERY, { roleId: choice.roleId, managerId: choice.managerId });
  state.matrix = data.skillMatrix;
  state.choice = choice;
  evidence.reset();
  render();
  const m = state.matrix;
  setBusy(false, `Matrix ready: ${size(m)}.`);
  $("matrix-section").hidden = false;
  $("matrix-heading").focus();
}

function ordered(matrix, sort) {
  const rows = matrix.people.map((_, index) => index);
  const name = (i) => matrix.people[i].name.toLocaleLowerCase();
  const byName = (a, b) => name(a).localeCompare(name(b)) || a - b;
  if (sort === "name" || !matrix.fit) return rows.sort(byName);
  if (sort === "gaps") {
    return rows.sort((a, b) => matrix.gapCounts[a] - matrix.gapCounts[b] || byName(a, b));
  }
  return rows.sort((a, b) => matrix.fit[b] - matrix.fit[a] || byName(a, b));
}

function describeMatrix(matrix) {
  const who = matrix.manager
    ? `the team of ${matrix.manager.name}`
    : matrix.kind === "CANDIDATE"
      ? "every candidate"
      : "every employee";
  const what = matrix.role ? `Against the role “${matrix.role.title}”` : "The skills held by";
  const against = matrix.role ? `, ${who}` : ` ${who}`;
  return `${what}${against}: ${size(matrix, ", ")}.`;
}

function render() {
  const matrix = state.matrix;
  const sort = $("sort").value;
  state.order = ordered(matrix, sort);
  $("matrix-source").textContent = describeMatrix(matrix);
  const hasRole = Boolean(matrix.role);
  const container = $("matrix-table");
  if (!matrix.people.length || !matrix.skills.length) {
    container.replaceChildren(
      element(
        "p",
        { className: "empty", id: "matrix-empty" },
        matrix.people.length ? "Nobody here holds a skill yet." : "There is nobody to show.",
      ),
    );
    return;
  }
  // aria-sort on the column the rows are ordered by (by name whenever there is no fit).
  const by = hasRole ? sort : "name";
  const sortedBy = (key) => (by === key ? (key === "fit" ? "descending" : "ascending") : null);
  const head = element(
    "tr",
    {},
    element(
      "th",
      { scope: "col", className: "person-col", "aria-sort": sortedBy("name") },
      "Person",
    ),
    matrix.skills.map((skill, j) =>
      element(
        "th",
        { scope: "col", className: "skill-col", title: skill.uri },
        element("span", { className: "skill-name" }, skill.name),
        hasRole && matrix.essential[j] ? element("span", { className: "tag" }, "essential") : null,
      ),
    ),
    hasRole ? element("th", { scope: "col", "aria-sort": sortedBy("fit") }, "Fit") : null,
    hasRole ? element("th", { scope: "col", "aria-sort": sortedBy("gaps") }, "Gaps") : null,
  );
  const required = element(
    "tr",
    { className: "required-row" },
    element("th", { scope: "row" }, "Required"),
    matrix.required.map((level) => element("td", { className: "number" }, level || "—")),
    hasRole ? [element("td", {}), element("td", {})] : null,
  );
  const body = state.order.map((i, rowIndex) => personRow(matrix, i, rowIndex, hasRole));
  const caption = element(
    "caption",
    { id: "matrix-caption" },
    matrix.role ? `${matrix.role.title}: levels held against required` : "Levels held",
    element("span", { className: "caption-note" }, ` (${state.choice.teamLabel})`),
  );
  const table = element(
    "table",
    { id: "heatmap", className: "heatmap", "aria-describedby": "grid-help" },
    caption,
    element("thead", {}, head, required),
    element("tbody", {}, body),
  );
  container.replaceChildren(scrollRegion("matrix-caption", table));
  const first = table.querySelector("button.cell");
  if (first) first.tabIndex = 0;
}

function personRow(matrix, i, rowIndex, hasRole) {
  const person = matrix.people[i];
  const cells = matrix.skills.map((skill, j) => levelCell(matrix, i, j, rowIndex));
  return element(
    "tr",
    { "data-person": person.id },
    element(
      "th",
      { scope: "row", className: "person" },
      element("span", { className: "name" }, person.name),
      element("span", { className: "email" }, person.email),
    ),
    cells,
    hasRole
      ? element(
          "td",
          { className: "number fit", title: String(matrix.fit[i]) },
          percent(matrix.fit[i]),
        )
      : null,
    hasRole
      ? element(
          "td",
          { className: "number gaps" },
          String(matrix.gapCounts[i]),
          hidden(matrix.gapCounts[i] === 1 ? " gap" : " gaps"),
        )
      : null,
  );
}

function levelCell(matrix, i, j, rowIndex) {
  const level = matrix.levels[i][j];
  const need = matrix.required[j];
  const gap = need > 0 && level < need;
  const person = matrix.people[i];
  const skill = matrix.skills[j];
  const needText = need > 0 ? `, required ${need}` : "";
  const gapText = gap ? ", a gap" : "";
  const label =
    `${person.name}, ${skill.name}: level ${level}${needText}${gapText}. Show evidence.`;
  const button = element(
    "button",
    {
      type: "button",
      className: `cell level-${level}${gap ? " gap" : ""}`,
      tabindex: -1,
      "aria-label": label,
      "data-row": rowIndex,
      "data-col": j,
      "data-level": level,
    },
    element("span", { className: "value" }, String(level)),
    gap ? element("span", { className: "gap-mark", "aria-hidden": "true" }, " ▼") : null,
  );
  button.addEventListener("click", () => run(() => evidence.open(matrix, i, j, button)));
  return element("td", { className: `level level-${level}${gap ? " gap" : ""}` }, button);
}

// --- the download ---------------------------------------------------------------------------

function filenameOf(response) {
  const header = response.headers.get("content-disposition") || "";
  const match = /filename="([^"]+)"/.exec(header);
  return match ? match[1] : "skill-matrix.xlsx";
}

async function download() {
  const choice = state.choice;
  if (!choice) throw new PageError(["Show a matrix first."]);
  const bearer = token();
  const query = new URLSearchParams();
  if (choice.roleId) query.set("roleId", choice.roleId);
  if (choice.managerId) query.set("managerId", choice.managerId);
  setBusy(true, "Preparing the workbook…");
  const response = await call(`${DOWNLOAD}?${query}`, {
    headers: { Authorization: `Bearer ${bearer}`, Accept: XLSX },
  });
  if (response.status === 401) throw new PageError([TOKEN_REFUSED], tokenInput);
  if (!response.ok) {
    let messages = [`The download failed with HTTP ${response.status}.`];
    try {
      const payload = await response.json();
      messages = payload.errors.map((error) => describeError(error));
    } catch {
      // not JSON: the status line says enough
    }
    throw new PageError(messages);
  }
  const blob = await response.blob();
  const url = URL.createObjectURL(blob);
  const name = filenameOf(response);
  const link = element("a", { href: url, download: name, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  setBusy(false, `Downloaded “${name}”.`);
}

// --- wiring ---------------------------------------------------------------------------------

keepToken(tokenInput, TOKEN_KEY);
$("token-form").addEventListener("submit", (event) => {
  event.preventDefault();
  run(connect);
});
$("matrix-form").addEventListener("submit", (event) => {
  event.preventDefault();
  run(showMatrix);
});
$("sort").addEventListener("change", () => {
  if (state.matrix) render();
});
$("matrix-table").addEventListener("keydown", moveFocus);
$("download").addEventListener("click", () => run(download));

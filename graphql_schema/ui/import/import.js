// The recruiter's import page: preview (dry run) and import of a candidate spreadsheet through
// the importCandidates mutation, sent as a GraphQL multipart request with a bearer token.
// Every value from the spreadsheet or the server goes into the page as text, never as markup.

import {
  $,
  PageError,
  busyState,
  element,
  graphql,
  keepToken,
  plural,
  requireToken,
  runner,
  scrollRegion,
} from "../shared/api.js";

const TOKEN_KEY = "hrkit.import.token";
// Rendering 100,000 table rows would freeze the tab; the CLI's report covers the rest.
const MAX_TABLE_ROWS = 1000;

const REPORT_FIELDS = `
  rows created updated unchanged credentials dryRun sheet headerRow
  mapping { column header field method score }
  errors { row column code message level }`;

const PREVIEW_QUERY = `mutation PreviewCandidates($file: Upload!) {
  importCandidates(input: { file: $file, dryRun: true }) {
    report { ${REPORT_FIELDS} results { row email name status } }
    userErrors { field message code }
  }
}`;

const IMPORT_QUERY = `mutation ImportCandidates($file: Upload!) {
  importCandidates(input: { file: $file, dryRun: false }) {
    report {
      ${REPORT_FIELDS}
      results {
        row email name status
        person {
          name email
          credentials(first: 20) {
            edges { node { status format achievement { name } issuer { name } } }
          }
        }
      }
    }
    userErrors { field message code }
  }
}`;

const CREDENTIAL_STATUS = {
  VERIFIED: ["Verified", "good", "✓"],
  INVALID: ["Invalid", "bad", "✗"],
  REVOKED: ["Revoked", "bad", "✗"],
  MALFORMED: ["Malformed", "bad", "✗"],
  RECIPIENT_MISMATCH: ["Recipient mismatch", "bad", "✗"],
  SUSPENDED: ["Suspended", "warn", "!"],
  EXPIRED: ["Expired", "warn", "!"],
  NOT_YET_VALID: ["Not yet valid", "warn", "!"],
  UNTRUSTED_ISSUER: ["Untrusted issuer", "neutral", "?"],
  UNVERIFIABLE: ["Unverifiable", "neutral", "?"],
};

const ROW_STATUS = {
  CREATED: ["Created", "Would be created", "good"],
  UPDATED: ["Updated", "Would be updated", "good"],
  UNCHANGED: ["Unchanged", "Unchanged", "neutral"],
  MERGED: ["Merged into a later row", "Would be merged into a later row", "neutral"],
  INVALID: ["Not imported", "Would not be imported", "bad"],
};

const form = $("import-form");
const tokenInput = $("token");
const fileInput = $("file");
const importButton = $("import");

// The file that was previewed: Import sends exactly this one.
let previewedFile = null;

// --- talking to the API ---------------------------------------------------------------------

async function send(query, file, token) {
  // The GraphQL multipart request spec: operations, map, then the file part "0".
  const body = new FormData();
  body.append("operations", JSON.stringify({ query, variables: { file: null } }));
  body.append("map", JSON.stringify({ 0: ["variables.file"] }));
  body.append("0", file, file.name);
  const result = await graphql(token, body, {
    refusals: {
      401: new PageError(
        [
          "The access token is missing, invalid or has expired. Paste a current recruiter token " +
            "(hrkit token --tenant T --role recruiter) and try again.",
        ],
        tokenInput,
      ),
      413: new PageError(["The file is too large for the server to accept."], fileInput),
    },
    describe: (error) => `GraphQL error: ${error.message}`,
    expect: ["importCandidates", "an import result"],
  });
  if (result.userErrors.length) {
    throw new PageError(
      result.userErrors.map((error) => `${error.message} (${error.code})`),
      result.userErrors.some((error) => (error.field || []).includes("file")) ? fileInput : null,
    );
  }
  if (!result.report) throw new PageError(["The server returned no report."]);
  return result.report;
}

// --- rendering ------------------------------------------------------------------------------

function describeSource(report, file) {
  const parts = [`File “${file.name}”`];
  if (report.sheet) parts.push(`sheet “${report.sheet}”`);
  if (report.headerRow) parts.push(`header on row ${report.headerRow}`);
  return `${parts.join(", ")}.`;
}

function summaryItems(report) {
  const invalid = report.results.filter((row) => row.status === "INVALID").length;
  const dry = report.dryRun;
  return [
    ["Rows read", report.rows],
    [dry ? "Would create" : "Created", report.created],
    [dry ? "Would update" : "Updated", report.updated],
    ["Unchanged", report.unchanged],
    ["Rows with errors", invalid],
    [dry ? "Credentials found" : "Credentials stored", report.credentials],
  ];
}

function renderSummary(list, report) {
  list.replaceChildren(
    ...summaryItems(report).map(([label, value]) =>
      element(
        "div",
        { className: "summary-item" },
        element("dt", {}, label),
        element("dd", {}, value.toLocaleString("en")),
      ),
    ),
  );
}

function table(id, caption, headers, rows, note = null) {
  const head = element(
    "tr",
    {},
    headers.map((header) => element("th", { scope: "col" }, header)),
  );
  const body = rows.slice(0, MAX_TABLE_ROWS).map((cells) => element("tr", {}, cells));
  const captionNode = element("caption", { id: `${id}-caption` }, caption);
  if (rows.length > MAX_TABLE_ROWS) {
    captionNode.append(
      element(
        "span",
        { className: "caption-note" },
        ` (showing the first ${MAX_TABLE_ROWS.toLocaleString("en")} of ${rows.length.toLocaleString("en")})`,
      ),
    );
  }
  return scrollRegion(
    `${id}-caption`,
    element(
      "table",
      { id },
      captionNode,
      element("thead", {}, head),
      element("tbody", {}, body),
    ),
    note,
  );
}

function cell(value, className = null) {
  const text = value === null || value === undefined || value === "" ? "—" : value;
  return element("td", { className }, text);
}

function formatScore(score) {
  if (score === null || score === undefined) return null;
  return Number.isInteger(score) ? String(score) : score.toFixed(2);
}

function mappingTable(report) {
  const rows = report.mapping.map((column) => [
    element("th", { scope: "row" }, column.column),
    cell(column.header),
    column.field ? cell(column.field, "field") : cell("ignored", "muted"),
    cell(column.method),
    cell(formatScore(column.score), "number"),
  ]);
  return table(
    "mapping-table",
    "Detected column mapping",
    ["Column", "Header", "Field", "Method", "Score"],
    rows,
  );
}

function levelBadge(level) {
  const tone = level === "error" ? "bad" : level === "warning" ? "warn" : "neutral";
  const label = level ? level.charAt(0).toUpperCase() + level.slice(1) : "—";
  return element("span", { className: `badge badge-${tone}`, "data-level": level }, label);
}

function problemsBlock(report) {
  if (!report.errors.length) {
    return element("p", { className: "all-clear", id: "problems-none" }, "No problems found.");
  }
  const rows = report.errors.map((problem) => [
    element("th", { scope: "row", className: "number" }, problem.row ?? "—"),
    cell(problem.column),
    element("td", {}, element("code", {}, problem.code)),
    cell(problem.message, "message"),
    element("td", {}, levelBadge(problem.level)),
  ]);
  return table(
    "problems-table",
    `Problems (${plural(report.errors.length, "problem", "problems")})`,
    ["Row", "Column", "Code", "Message", "Level"],
    rows,
  );
}

function rowStatusBadge(status, dryRun) {
  const [done, would, tone] = ROW_STATUS[status] || [status, status, "neutral"];
  return element(
    "span",
    { className: `badge badge-${tone}`, "data-status": status },
    dryRun ? would : done,
  );
}

function credentialBadge(credential) {
  const [label, tone, symbol] = CREDENTIAL_STATUS[credential.status] || [
    credential.status,
    "neutral",
    "?",
  ];
  const what = (credential.achievement && credential.achievement.name) || credential.format;
  const issuer = credential.issuer && credential.issuer.name;
  return element(
    "li",
    { className: "credential" },
    element(
      "span",
      { className: `badge badge-${tone}`, "data-status": credential.status },
      element("span", { "aria-hidden": "true" }, `${symbol} `),
      label,
    ),
    " ",
    element("span", { className: "credential-name" }, what || "Credential"),
    issuer ? element("span", { className: "credential-issuer" }, ` · ${issuer}`) : null,
  );
}

function credentialsCell(person) {
  if (!person) return cell(null, "muted");
  const credentials = person.credentials.edges.map((edge) => edge.node);
  if (!credentials.length) return cell("None", "muted");
  return element(
    "td",
    {},
    element("ul", { className: "credentials" }, credentials.map(credentialBadge)),
  );
}

function problemsByRow(report) {
  const byRow = new Map();
  for (const problem of report.errors) {
    if (problem.row === null || problem.row === undefined) continue;
    byRow.set(problem.row, [...(byRow.get(problem.row) || []), problem.message]);
  }
  return byRow;
}

function candidatesTable(report) {
  // A row that was not imported says why right under its status.
  const notes = problemsByRow(report);
  const rows = report.results.map((row) => {
    const person = row.person;
    const why = person ? [] : notes.get(row.row) || [];
    return [
      element("td", { className: "number" }, row.row),
      element("th", { scope: "row" }, (person && person.name) || row.name || "—"),
      cell((person && person.email) || row.email, "email"),
      element(
        "td",
        { className: "status" },
        rowStatusBadge(row.status, false),
        why.map((message) => element("span", { className: "note" }, message)),
      ),
      credentialsCell(person),
    ];
  });
  return table(
    "candidates-table",
    `Candidates (${plural(report.results.length, "row", "rows")})`,
    ["Row", "Name", "Email", "Status", "Credentials"],
    rows,
  );
}

function section(headingText, ...content) {
  return element("div", { className: "block" }, element("h3", {}, headingText), content);
}

function renderPreview(report, file) {
  $("preview-source").textContent = describeSource(report, file);
  renderSummary($("preview-summary"), report);
  $("preview-tables").replaceChildren(
    section("Column mapping", mappingTable(report)),
    section("Problems", problemsBlock(report)),
  );
  importButton.textContent = "Import";
  $("result-section").hidden = true;
  $("preview-section").hidden = false;
  $("preview-heading").focus();
}

function renderResult(report, file) {
  $("result-source").textContent = describeSource(report, file);
  renderSummary($("result-summary"), report);
  $("result-tables").replaceChildren(
    section("Candidates", candidatesTable(report)),
    section("Problems", problemsBlock(report)),
  );
  $("preview-section").hidden = true;
  $("result-section").hidden = false;
  $("result-heading").focus();
}

// --- the two steps --------------------------------------------------------------------------

const setBusy = busyState(["preview", "import"]);
const run = runner(setBusy);

function requireInputs() {
  fileInput.removeAttribute("aria-invalid");
  return requireToken(
    tokenInput,
    "Enter an access token first (hrkit token --tenant T --role recruiter).",
  );
}

async function preview() {
  const token = requireInputs();
  const file = fileInput.files[0];
  if (!file) {
    fileInput.setAttribute("aria-invalid", "true");
    throw new PageError(["Choose a spreadsheet file first."], fileInput);
  }
  previewedFile = null;
  $("preview-section").hidden = true;
  $("result-section").hidden = true;
  setBusy(true, `Checking “${file.name}”…`);
  const report = await send(PREVIEW_QUERY, file, token);
  previewedFile = file;
  setBusy(false, `Preview of “${file.name}” ready.`);
  renderPreview(report, file);
}

async function importFile() {
  const token = requireInputs();
  const file = previewedFile;
  if (!file) throw new PageError(["Preview the file before importing it."], fileInput);
  setBusy(true, `Importing “${file.name}”…`);
  const report = await send(IMPORT_QUERY, file, token);
  setBusy(false, `“${file.name}” imported.`);
  renderResult(report, file);
}

keepToken(tokenInput, TOKEN_KEY);
fileInput.addEventListener("change", () => {
  // A new file makes the old preview stale: it must be previewed before it can be imported.
  previewedFile = null;
  fileInput.removeAttribute("aria-invalid");
  $("preview-section").hidden = true;
});
form.addEventListener("submit", (event) => {
  event.preventDefault();
  run(preview);
});
importButton.addEventListener("click", () => run(importFile));

// What every hrkit page's script shares: building elements (text only, never markup), the error
// a page shows, the messages and progress regions, the bearer token kept for the tab, and the
// GraphQL request. Each page has a #main, a #progress status line, a #messages region with a
// #messages-heading and a #message-list, and a token field.

export const ENDPOINT = "/graphql";

export const $ = (id) => document.getElementById(id);

// An error the page shows in its #messages region; `focus` is the field it is about, if any.
export class PageError extends Error {
  constructor(messages, focus = null) {
    super(messages.join("; "));
    this.messages = messages;
    this.focus = focus;
  }
}

export function element(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "className") node.className = value;
    else node.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

export function plural(count, one, many) {
  return `${count.toLocaleString("en")} ${count === 1 ? one : many}`;
}

// A table's wrapper: it scrolls sideways on narrow screens and is focusable so keyboards can
// scroll it.
export function scrollRegion(captionId, ...children) {
  return element(
    "div",
    { className: "table-scroll", role: "region", "aria-labelledby": captionId, tabindex: 0 },
    children,
  );
}

// --- progress and messages ------------------------------------------------------------------

// The #progress line is a polite live region: screen readers hear what it says.
export function announce(message) {
  $("progress").textContent = message;
}

function showMessages(messages) {
  $("message-list").replaceChildren(...messages.map((message) => element("li", {}, message)));
  $("messages").hidden = false;
}

function clearMessages() {
  $("messages").hidden = true;
  $("message-list").replaceChildren();
}

// setBusy(busy, message) for a page whose buttons `buttonIds` wait while a request runs.
export function busyState(buttonIds) {
  return (busy, message = "") => {
    for (const id of buttonIds) $(id).disabled = busy;
    $("main").setAttribute("aria-busy", busy ? "true" : "false");
    announce(message);
  };
}

// run(step) for a page: a failed step ends the busy state, its messages land in the assertive
// region (its field marked invalid), and the focus moves to the region's heading.
export function runner(setBusy) {
  return async function run(step) {
    clearMessages();
    try {
      await step();
    } catch (error) {
      const pageError =
        error instanceof PageError ? error : new PageError([`Unexpected error: ${error.message}`]);
      setBusy(false);
      showMessages(pageError.messages);
      if (pageError.focus) pageError.focus.setAttribute("aria-invalid", "true");
      $("messages-heading").focus();
    }
  };
}

// --- the token ------------------------------------------------------------------------------

export function readToken(input) {
  return input.value.trim().replace(/^bearer\s+/i, "");
}

// The token field starts with the token this tab last used (sessionStorage `key`) and remembers
// every change; with storage disabled the token lives in the field only.
export function keepToken(input, key) {
  try {
    input.value = sessionStorage.getItem(key) || "";
  } catch {
    // storage disabled: the field simply starts empty
  }
  const remember = () => {
    try {
      const token = readToken(input);
      if (token) sessionStorage.setItem(key, token);
      else sessionStorage.removeItem(key);
    } catch {
      // storage disabled: the token lives in the field only
    }
  };
  input.addEventListener("input", remember);
  input.addEventListener("change", remember);
}

// The token in `input`, or a PageError with `hint` (how to get one) when it is empty.
export function requireToken(input, hint) {
  input.removeAttribute("aria-invalid");
  const token = readToken(input);
  if (!token) throw new PageError([hint], input);
  return token;
}

// --- talking to the server ------------------------------------------------------------------

// fetch without cookies or cache; a network failure becomes a PageError.
export async function call(path, init) {
  try {
    return await fetch(path, { ...init, credentials: "omit", cache: "no-store" });
  } catch {
    throw new PageError([
      "The hrkit server could not be reached. Check your connection and try again.",
    ]);
  }
}

export function describeError(error) {
  const code = error.extensions && error.extensions.code;
  if (code === "NOT_FOUND") return `Not found: ${error.message}. You may not see that team.`;
  if (code === "FORBIDDEN") return `Not allowed: ${error.message}.`;
  return code ? `${error.message} (${code})` : error.message;
}

// POST a GraphQL request with the bearer token and return its data. `body` is either
// { query, variables } (sent as JSON) or FormData (a multipart upload). `refusals` maps an HTTP
// status (401, 413…) to the PageError the page shows for it; `describe` words each GraphQL error.
// With `expect` = [field, what] the answer is data[field], and a response without it fails with
// "The server answered HTTP … without WHAT.".
export async function graphql(
  token,
  body,
  { refusals = {}, describe = describeError, expect = null } = {},
) {
  const upload = body instanceof FormData;
  const headers = { Authorization: `Bearer ${token}`, Accept: "application/json" };
  if (!upload) headers["Content-Type"] = "application/json";
  const response = await call(ENDPOINT, {
    method: "POST",
    headers,
    body: upload ? body : JSON.stringify(body),
  });
  if (refusals[response.status]) throw refusals[response.status];
  let payload;
  try {
    payload = await response.json();
  } catch {
    throw new PageError([
      `The server answered HTTP ${response.status} without a GraphQL response.`,
    ]);
  }
  const errors = Array.isArray(payload.errors) ? payload.errors : [];
  if (errors.length) throw new PageError(errors.map((error) => describe(error)));
  if (!expect) return payload.data;
  const [field, what] = expect;
  const result = payload.data && payload.data[field];
  if (!result) {
    throw new PageError([`The server answered HTTP ${response.status} without ${what}.`]);
  }
  return result;
}

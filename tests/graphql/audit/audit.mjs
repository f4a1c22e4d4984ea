// Runs graphql-http's GraphQL-over-HTTP server audit against a running hrkit API.
// usage: node audit.mjs <url> <bearer token>   (GRAPHQL_HTTP = the graphql-http module folder)
const [url, token] = process.argv.slice(2);
const { auditServer } = await import(process.env.GRAPHQL_HTTP + "/lib/index.mjs");

const fetchFn = (input, init = {}) => {
  const headers = new Headers(init.headers || {});
  headers.set("authorization", `Bearer ${token}`);
  return fetch(input, { ...init, headers });
};

const results = await auditServer({ url, fetchFn });
const out = [];
for (const result of results) {
  const item = { id: result.id, name: result.name, status: result.status };
  if (result.status !== "ok") item.reason = result.reason;
  out.push(item);
}
console.log(JSON.stringify(out));

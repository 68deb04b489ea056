// Fetch helpers for the eventlens JSON API (contract: /api, lists paged with next_cursor).

const BASE = new URL("api/", document.baseURI);

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.name = "ApiError";
    this.status = status;
  }
}

function apiUrl(path, params = {}) {
  const url = new URL(path, BASE);
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== "") url.searchParams.set(name, String(value));
  }
  return url;
}

/** The ApiError of an answer that is not 2xx: the API's ``detail`` when it gave one. */
async function failure(response) {
  let detail = response.statusText;
  try {
    const body = await response.json();
    if (body && body.detail) detail = typeof body.detail === "string" ? body.detail : JSON.stringify(body.detail);
  } catch (_) {
    // The body was not JSON; the status text says enough.
  }
  return new ApiError(response.status, `${response.status} ${detail}`);
}

export async function getJSON(path, params = {}, { signal } = {}) {
  const response = await fetch(apiUrl(path, params), { signal, headers: { Accept: "application/json" } });
  if (!response.ok) throw await failure(response);
  return response.json();
}

/** The query parameters the filtered endpoints share: every filter of the page's state. */
export function filterParams(filters, { withPeriod = true } = {}) {
  const params = { ...filters };
  if (!withPeriod) {
    delete params.since;
    delete params.until;
  }
  return params;
}

export const meta = (options) => getJSON("meta", {}, options);

export const eventsPage = (filters, { limit = 50, cursor = null, order = "newest", signal } = {}) =>
  getJSON("events", { ...filterParams(filters), limit, cursor, order }, { signal });

/** The matching events counted per grid cell of ``cell`` degrees, inside ``view`` [west, south, east, north] if given. */
export const clusters = (filters, { cell, view = null, signal } = {}) =>
  getJSON("clusters", { ...filterParams(filters), cell, view: view ? view.map((v) => v.toFixed(4)).join(",") : null }, { signal });

export const regions = (filters, { signal } = {}) => getJSON("regions", filterParams(filters), { signal });

/** The address of a download of the matching events (or, for graphml, of their actor network). */
export function exportUrl(filters, format) {
  return apiUrl("export", { ...filterParams(filters), format }).href;
}

export const histogram = (filters, bucket, { signal } = {}) =>
  getJSON("histogram", { ...filterParams(filters, { withPeriod: false }), bucket }, { signal });

export const network = (filters, { signal } = {}) => getJSON("network", filterParams(filters), { signal });

export const actors = (q, { signal, limit = 20 } = {}) => getJSON("actors", { q, limit }, { signal });

export const eventDetail = (documentId, eventId, { signal } = {}) =>
  getJSON(`events/${encodeURIComponent(documentId)}/${encodeURIComponent(eventId)}`, {}, { signal });

export const outlines = ({ signal } = {}) => getJSON("outlines", {}, { signal });

export const admin1Boundaries = ({ signal } = {}) => getJSON("outlines/admin1", {}, { signal });

/** Record an analyst's correction (needs the server's token); the API's Correction comes back. */
export async function correct(key, body, token) {
  const cut = key.indexOf("/");
  const path = `events/${encodeURIComponent(key.slice(0, cut))}/${encodeURIComponent(key.slice(cut + 1))}/corrections`;
  const response = await fetch(apiUrl(path), {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json", Authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw await failure(response);
  return response.json();
}

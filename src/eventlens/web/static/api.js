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

export async function getJSON(path, params = {}, { signal } = {}) {
  const response = await fetch(apiUrl(path, params), { signal, headers: { Accept: "application/json" } });
  if (!response.ok) {
    let detail = response.statusText;
    try {
      const body = await response.json();
      if (body && body.detail) detail = typeof body.detail === "string" ? body.detail : JSON.stringify(body.detail);
    } catch (_) {
      // The body was not JSON; the status text says enough.
    }
    throw new ApiError(response.status, `${response.status} ${detail}`);
  }
  return response.json();
}

/** The query parameters the filtered endpoints share (events, histogram, network). */
export function filterParams(filters, { withPeriod = true } = {}) {
  const params = {
    actor: filters.actor,
    type: filters.type,
    q: filters.q,
    place: filters.place,
  };
  if (withPeriod) {
    params.since = filters.since;
    params.until = filters.until;
  }
  return params;
}

export const meta = (options) => getJSON("meta", {}, options);

export const eventsPage = (filters, { limit = 50, cursor = null, signal } = {}) =>
  getJSON("events", { ...filterParams(filters), limit, cursor }, { signal });

/** Every event matching the filters, following next_cursor, up to ``max`` events. */
export async function allEvents(filters, { signal, max = 5000 } = {}) {
  const items = [];
  let cursor = null;
  do {
    const page = await eventsPage(filters, { limit: 1000, cursor, signal });
    items.push(...page.items);
    cursor = page.next_cursor;
  } while (cursor && items.length < max);
  return { items, truncated: Boolean(cursor) };
}

export const histogram = (filters, bucket, { signal } = {}) =>
  getJSON("histogram", { ...filterParams(filters, { withPeriod: false }), bucket }, { signal });

export const network = (filters, { signal } = {}) => getJSON("network", filterParams(filters), { signal });

export const actors = (q, { signal, limit = 20 } = {}) => getJSON("actors", { q, limit }, { signal });

export const eventDetail = (documentId, eventId, { signal } = {}) =>
  getJSON(`events/${encodeURIComponent(documentId)}/${encodeURIComponent(eventId)}`, {}, { signal });

export const outlines = ({ signal } = {}) => getJSON("outlines", {}, { signal });

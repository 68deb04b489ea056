// The filter bar and the page state in the URL hash (so a view can be bookmarked and shared).

import { actors } from "./api.js";

export const FILTER_KEYS = ["actor", "type", "since", "until", "q", "place", "country", "admin1", "fatal"];
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const VIEWS = ["map", "network", "regions"];
export const ORDERS = ["newest", "oldest"];

export function emptyFilters() {
  return Object.fromEntries(FILTER_KEYS.map((k) => [k, ""]));
}

/** The state the hash holds: the filters, the open event key, the view tab and the list's order. */
export function readHash(hash = location.hash) {
  const params = new URLSearchParams(hash.replace(/^#/, ""));
  const filters = emptyFilters();
  for (const key of FILTER_KEYS) filters[key] = (params.get(key) || "").trim();
  for (const key of ["since", "until"]) if (!DATE.test(filters[key])) filters[key] = "";
  if (filters.fatal !== "true") filters.fatal = "";
  const view = VIEWS.includes(params.get("view")) ? params.get("view") : "map";
  const order = ORDERS.includes(params.get("order")) ? params.get("order") : ORDERS[0];
  return { filters, event: params.get("event") || "", view, order };
}

export function hashFor({ filters, event, view, order }) {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) if (filters[key]) params.set(key, filters[key]);
  if (event) params.set("event", event);
  if (view && view !== "map") params.set("view", view);
  if (order && order !== ORDERS[0]) params.set("order", order);
  const text = params.toString();
  return text ? `#${text}` : "#";
}

export function sameFilters(a, b) {
  return FILTER_KEYS.every((k) => (a[k] || "") === (b[k] || ""));
}

/** The form at the top of the page: actor (with suggestions), type, dates, text, fatal events only,
 * and chips for a place or a region picked on the map or in the region table. */
export class FilterBar {
  constructor(form, { onChange }) {
    this.form = form;
    this.onChange = onChange;
    this.place = "";
    this.region = { country: "", admin1: "" };
    this.placeChip = form.querySelector("#place-chip");
    this.placeLabel = form.querySelector("#place-chip-label");
    this.regionChip = form.querySelector("#region-chip");
    this.regionLabel = form.querySelector("#region-chip-label");
    this.suggestions = document.getElementById("actor-suggestions");
    this.suggestTimer = 0;
    this.suggestAbort = null;

    form.addEventListener("submit", (e) => {
      e.preventDefault();
      this.emit();
    });
    form.addEventListener("reset", (e) => {
      e.preventDefault();
      this.set(emptyFilters());
      this.emit();
    });
    for (const name of ["type", "since", "until", "fatal"]) form.elements[name].addEventListener("change", () => this.emit());
    for (const name of ["actor", "q"]) form.elements[name].addEventListener("change", () => this.emit());
    form.elements.actor.addEventListener("input", () => this.suggestSoon());
    form.querySelector("#place-chip-remove").addEventListener("click", () => {
      this.place = "";
      this.emit();
    });
    form.querySelector("#region-chip-remove").addEventListener("click", () => {
      this.region = { country: "", admin1: "" };
      this.emit();
    });
  }

  setTypes(types) {
    const select = this.form.elements.type;
    const current = select.value;
    select.replaceChildren(new Option("All types", ""));
    for (const type of types) select.append(new Option(type, type));
    select.value = current;
  }

  values() {
    const f = emptyFilters();
    for (const key of ["actor", "type", "since", "until", "q"]) f[key] = this.form.elements[key].value.trim();
    f.fatal = this.form.elements.fatal.checked ? "true" : "";
    f.place = this.place;
    f.country = this.region.country;
    f.admin1 = this.region.admin1;
    return f;
  }

  set(filters, placeName = "") {
    for (const key of ["actor", "type", "since", "until", "q"]) {
      const input = this.form.elements[key];
      if (key === "type" && filters.type && ![...input.options].some((o) => o.value === filters.type)) {
        input.append(new Option(filters.type, filters.type));
      }
      input.value = filters[key] || "";
    }
    this.form.elements.fatal.checked = filters.fatal === "true";
    this.place = filters.place || "";
    this.placeChip.hidden = !this.place;
    this.placeLabel.textContent = placeName || this.place;
    this.region = { country: filters.country || "", admin1: filters.admin1 || "" };
    this.regionChip.hidden = !(this.region.country || this.region.admin1);
    this.regionLabel.textContent = [this.region.admin1, this.region.country].filter(Boolean).join(", ");
  }

  emit() {
    this.onChange(this.values());
  }

  suggestSoon() {
    clearTimeout(this.suggestTimer);
    this.suggestTimer = setTimeout(() => this.suggest(), 200);
  }

  async suggest() {
    const q = this.form.elements.actor.value.trim();
    if (this.suggestAbort) this.suggestAbort.abort();
    if (q.length < 2) return; // a letter or none would suggest too much (and count every actor)
    this.suggestAbort = new AbortController();
    try {
      const page = await actors(q, { signal: this.suggestAbort.signal });
      this.suggestions.replaceChildren(...page.items.map((a) => new Option(a.name, a.name)));
    } catch (err) {
      if (err.name !== "AbortError") console.warn("actor suggestions:", err.message);
    }
  }
}

// The filter bar and the page state in the URL hash (so a view can be bookmarked and shared).

import { actors } from "./api.js";

export const FILTER_KEYS = ["actor", "type", "since", "until", "q", "place"];
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function emptyFilters() {
  return Object.fromEntries(FILTER_KEYS.map((k) => [k, ""]));
}

/** The state the hash holds: the filters, the open event key and the view tab. */
export function readHash(hash = location.hash) {
  const params = new URLSearchParams(hash.replace(/^#/, ""));
  const filters = emptyFilters();
  for (const key of FILTER_KEYS) filters[key] = (params.get(key) || "").trim();
  for (const key of ["since", "until"]) if (!DATE.test(filters[key])) filters[key] = "";
  return { filters, event: params.get("event") || "", view: params.get("view") === "network" ? "network" : "map" };
}

export function hashFor({ filters, event, view }) {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) if (filters[key]) params.set(key, filters[key]);
  if (event) params.set("event", event);
  if (view && view !== "map") params.set("view", view);
  const text = params.toString();
  return text ? `#${text}` : "#";
}

export function sameFilters(a, b) {
  return FILTER_KEYS.every((k) => (a[k] || "") === (b[k] || ""));
}

/** The form at the top of the page: actor (with suggestions), type, dates, text, place chip. */
export class FilterBar {
  constructor(form, { onChange }) {
    this.form = form;
    this.onChange = onChange;
    this.place = "";
    this.placeChip = form.querySelector("#place-chip");
    this.placeLabel = form.querySelector("#place-chip-label");
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
    for (const name of ["type", "since", "until"]) form.elements[name].addEventListener("change", () => this.emit());
    for (const name of ["actor", "q"]) form.elements[name].addEventListener("change", () => this.emit());
    form.elements.actor.addEventListener("input", () => this.suggestSoon());
    form.querySelector("#place-chip-remove").addEventListener("click", () => {
      this.place = "";
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
    f.place = this.place;
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
    this.place = filters.place || "";
    this.placeChip.hidden = !this.place;
    this.placeLabel.textContent = placeName || this.place;
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
    if (q.length === 1) return; // one letter suggests too much; none lists the busiest actors
    this.suggestAbort = new AbortController();
    try {
      const page = await actors(q, { signal: this.suggestAbort.signal });
      this.suggestions.replaceChildren(...page.items.map((a) => new Option(a.name, a.name)));
    } catch (err) {
      if (err.name !== "AbortError") console.warn("actor suggestions:", err.message);
    }
  }
}

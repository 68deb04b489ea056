// The region table: the matching events and their fatalities per country and first-level division
// (governorate, province), as ACLED's dashboards count them; sortable by any column, a row's
// region becomes a filter.

const COLUMNS = [
  { key: "country", label: "Country", numeric: false },
  { key: "admin1", label: "Region", numeric: false },
  { key: "event_count", label: "Events", numeric: true },
  { key: "fatalities", label: "Fatalities", numeric: true },
];

export class RegionTable {
  constructor(container, { onSelect }) {
    this.container = container;
    this.onSelect = onSelect;
    this.rows = [];
    this.sort = { key: "event_count", descending: true };
    this.countryNames = new Map();
    this.table = document.createElement("table");
    this.table.className = "region-table";
    const caption = document.createElement("caption");
    caption.textContent = "Events and fatalities per region (first-level division) of the matching events";
    this.head = document.createElement("thead");
    this.body = document.createElement("tbody");
    this.table.append(caption, this.head, this.body);
    container.append(this.table);
  }

  /** ISO alpha-2 code -> English name, from the country outlines. */
  setCountryNames(names) {
    this.countryNames = names;
    this.render();
  }

  setData(regions) {
    this.rows = regions;
    this.render();
  }

  country(code) {
    if (!code) return "";
    const name = this.countryNames.get(code);
    return name ? `${name} (${code})` : code;
  }

  sorted() {
    const { key, descending } = this.sort;
    const column = COLUMNS.find((c) => c.key === key);
    const value = (row) => (key === "country" ? this.country(row.country) : row[key]);
    return [...this.rows].sort((a, b) => {
      let order;
      if (column.numeric) order = a[key] - b[key];
      else order = (value(a) || "\uffff").localeCompare(value(b) || "\uffff");
      if (descending) order = -order;
      return order || b.event_count - a.event_count;
    });
  }

  render() {
    const headRow = document.createElement("tr");
    for (const column of COLUMNS) {
      const th = document.createElement("th");
      th.scope = "col";
      if (column.numeric) th.className = "numeric";
      const active = this.sort.key === column.key;
      th.setAttribute("aria-sort", active ? (this.sort.descending ? "descending" : "ascending") : "none");
      const button = document.createElement("button");
      button.type = "button";
      button.dataset.sort = column.key;
      button.textContent = column.label + (active ? (this.sort.descending ? " \u25be" : " \u25b4") : "");
      button.addEventListener("click", () => {
        this.sort = { key: column.key, descending: active ? !this.sort.descending : column.numeric };
        this.render();
        this.head.querySelector(`button[data-sort="${column.key}"]`).focus();
      });
      th.append(button);
      headRow.append(th);
    }
    this.head.replaceChildren(headRow);

    const rows = this.sorted().map((region) => {
      const tr = document.createElement("tr");
      const country = document.createElement("td");
      country.textContent = this.country(region.country) || "(no place)";
      const admin1 = document.createElement("td");
      admin1.setAttribute("dir", "auto");
      if (region.admin1) {
        const pick = document.createElement("button");
        pick.type = "button";
        pick.className = "link";
        pick.textContent = region.admin1;
        pick.title = "Show only the events of this region";
        pick.addEventListener("click", () => this.onSelect(region.country || "", region.admin1));
        admin1.append(pick);
      } else {
        admin1.textContent = region.country ? "(no region)" : "";
      }
      const events = document.createElement("td");
      events.className = "numeric";
      events.textContent = region.event_count.toLocaleString("en");
      const dead = document.createElement("td");
      dead.className = "numeric";
      dead.textContent = region.fatalities.toLocaleString("en");
      tr.append(country, admin1, events, dead);
      return tr;
    });
    if (!rows.length) {
      const tr = document.createElement("tr");
      const td = document.createElement("td");
      td.colSpan = COLUMNS.length;
      td.className = "empty";
      td.textContent = "No events match the filters.";
      tr.append(td);
      rows.push(tr);
    }
    this.body.replaceChildren(...rows);
  }
}

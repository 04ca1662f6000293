// Candor's UI: the case list and the open case. Everything it shows comes from the Rust
// commands (`list_cases`, `case_chart`); nothing is computed or formatted here except the
// words around the numbers.
"use strict";

(() => {
  const $ = (id) => document.getElementById(id);

  /** Calls a Rust command; rejects with `{code, message}` whatever goes wrong. */
  async function invoke(command, args) {
    const core = window.__TAURI__ && window.__TAURI__.core;
    if (!core || typeof core.invoke !== "function") {
      throw { code: "no_backend", message: "Candor's backend is not reachable from this window." };
    }
    try {
      return await core.invoke(command, args);
    } catch (err) {
      throw normaliseError(err);
    }
  }

  function normaliseError(err) {
    if (err && typeof err === "object" && typeof err.message === "string") {
      return {
        code: typeof err.code === "string" ? err.code : "unexpected",
        message: err.message,
        fields: Array.isArray(err.fields) ? err.fields : [],
      };
    }
    return { code: "unexpected", message: String(err), fields: [] };
  }

  const ERROR_TITLES = {
    database: "The case database could not be read.",
    corrupt: "The case database holds data Candor cannot read.",
    future_database: "This database was written by a newer Candor.",
    no_data_dir: "Candor has nowhere to keep its database.",
    not_found: "This case no longer exists.",
    invalid_case: "This case cannot be evaluated: some inputs need fixing.",
    unknown_scenario: "This scenario does not exist.",
    chart: "The chart could not be drawn.",
    no_backend: "Candor is not running correctly.",
    unexpected: "Something went wrong.",
  };

  function showError(err) {
    const e = normaliseError(err);
    $("error-title").textContent = ERROR_TITLES[e.code] || ERROR_TITLES.unexpected;
    $("error-message").textContent = e.message;
    $("error-code").textContent = e.code;
    const fields = $("error-fields");
    fields.replaceChildren(...e.fields.map((f) => el("li", null, `${f.field}: ${f.message}`)));
    fields.hidden = e.fields.length === 0;
    $("error").hidden = false;
  }

  function clearError() {
    $("error").hidden = true;
  }

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text != null) node.textContent = text;
    return node;
  }

  function caseItem(row) {
    const li = el("li");
    li.dataset.id = String(row.id);
    const button = el("button", "case-button");
    button.type = "button";
    button.setAttribute("aria-pressed", "false");
    button.append(el("span", "case-name", row.name));
    if (row.error) {
      button.append(el("span", "case-error", `Cannot evaluate: ${row.error.message}`));
    } else {
      const figures = el("span", "case-figures");
      figures.append(el("span", "case-npv", `NPV ${row.npv_text}`));
      figures.append(
        el("span", row.payback_month == null ? "case-payback never" : "case-payback", `payback ${row.payback_text}`),
      );
      button.append(figures);
    }
    button.addEventListener("click", () => openCase(row, button));
    li.append(button);
    return li;
  }

  async function loadCases() {
    const status = $("cases-status");
    try {
      const rows = await invoke("list_cases");
      $("cases").replaceChildren(...rows.map(caseItem));
      status.textContent = rows.length === 0 ? "No case yet." : "";
      status.hidden = rows.length !== 0;
    } catch (err) {
      status.textContent = "The cases could not be loaded.";
      $("placeholder").hidden = true;
      showError(err);
    }
  }

  let latestRequest = 0;

  async function openCase(row, button) {
    const request = ++latestRequest;
    for (const b of document.querySelectorAll(".case-button")) {
      b.setAttribute("aria-pressed", String(b === button));
    }
    clearError();
    try {
      const view = await invoke("case_chart", { id: row.id });
      if (request !== latestRequest) return; // a later click won
      $("case-name").textContent = view.name;
      $("case-use").textContent = row.use_case;
      $("npv").textContent = view.npv_text;
      $("payback").textContent = view.payback_text;
      $("payback").classList.toggle("never", view.payback_month == null);
      $("chart").setAttribute("aria-label", `${view.name}: ${view.message}`);
      insertSvg($("chart"), view.svg);
      $("placeholder").hidden = true;
      $("case").hidden = false;
    } catch (err) {
      if (request !== latestRequest) return;
      showError(err);
    }
  }

  /** Parses the SVG as XML (never as HTML) and puts it in `container`. */
  function insertSvg(container, text) {
    const doc = new DOMParser().parseFromString(text, "image/svg+xml");
    const root = doc.documentElement;
    if (doc.getElementsByTagName("parsererror").length > 0 || root.localName !== "svg") {
      throw { code: "chart", message: "The chart returned by the engine is not a valid SVG document." };
    }
    root.setAttribute("role", "img");
    container.replaceChildren(document.importNode(root, true));
  }

  // Up and down arrows move through the case list.
  $("cases").addEventListener("keydown", (event) => {
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    const buttons = [...document.querySelectorAll(".case-button")];
    const index = buttons.indexOf(document.activeElement);
    if (index < 0) return;
    const next = buttons[index + (event.key === "ArrowDown" ? 1 : -1)];
    if (next) {
      event.preventDefault();
      next.focus();
      next.click();
    }
  });

  loadCases();
})();

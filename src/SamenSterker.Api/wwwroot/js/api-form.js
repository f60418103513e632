// The short forms of the web app (steunkring, roles, moments, gezinsplan, closing, reminders) send exactly what an
// API client sends: the form's fields as JSON to the API's own endpoint (data-api, data-method), with the page's
// cookie. The API's answer is shown where it belongs: a 400's errors at their fields, a 403/404/409/412 above the
// form, success by going back to where the form came from (data-done).
(function () {
  "use strict";
  for (const form of document.querySelectorAll("form[data-api]")) form.addEventListener("submit", submit);
  // "Nog een afspraak": a blank copy of the last row of a list of objects (the plan's agreements).
  for (const add of document.querySelectorAll("[data-add-row]")) add.addEventListener("click", () => {
    const rows = add.closest("form").querySelectorAll("[data-row]");
    const last = rows[rows.length - 1];
    const copy = last.cloneNode(true);
    for (const field of copy.querySelectorAll("[id]")) {
      const label = copy.querySelector(`label[for="${CSS.escape(field.id)}"]`);
      field.id = field.id.replace(/-\d+$/, "") + "-" + rows.length;
      label?.setAttribute("for", field.id);
      field.value = "";
    }
    for (const old of copy.querySelectorAll(".field-error")) old.remove();
    last.after(copy);
    copy.querySelector("input, textarea")?.focus();
  });

  function value(field) {
    if (field.type === "checkbox" && field.dataset.type === "set") return field.checked ? field.value : undefined;
    if (field.type === "checkbox") return field.checked;
    if (field.type === "radio" && !field.checked) return undefined; // the chosen one of the group speaks for it
    const text = field.value.trim();
    if (text === "") return undefined;
    if (field.dataset.type === "int") return Number.parseInt(text, 10);
    if (field.dataset.type === "number") return Number.parseFloat(text.replace(",", "."));
    if (field.dataset.type === "list") return text.split(",").map(x => x.trim()).filter(Boolean);
    if (field.dataset.type === "lines") return text.split("\n").map(x => x.trim()).filter(Boolean);
    return text;
  }

  function clear(form) {
    for (const old of form.querySelectorAll(".field-error")) old.remove();
    for (const field of form.querySelectorAll("[aria-invalid]")) {
      field.removeAttribute("aria-invalid");
      field.setAttribute("aria-describedby", (field.getAttribute("aria-describedby") ?? "").split(" ").filter(id => !id.endsWith("-error")).join(" "));
    }
    form.querySelector(".form-status")?.replaceChildren();
  }

  function showAt(form, name, messages) {
    // "agenda[1]" (one line of a list) is said at the list's field.
    const field = form.querySelector(`[name="${CSS.escape(name)}"]`) ?? form.querySelector(`[name="${CSS.escape(name.replace(/\[\d+\]$/, ""))}"]`);
    if (!field) return false;
    const error = document.createElement("p");
    error.className = "field-error";
    error.id = (field.id || name.replace(/\W+/g, "-")) + "-error";
    error.textContent = messages.join(" ");
    // A choice (radio buttons, checkboxes) is told under its whole group, not inside the first option's label.
    const anchor = field.type === "radio" || field.type === "checkbox" ? field.closest(".outcomes, fieldset") ?? field : field;
    anchor.after(error);
    field.setAttribute("aria-invalid", "true");
    field.setAttribute("aria-describedby", ((field.getAttribute("aria-describedby") ?? "") + " " + error.id).trim());
    return true;
  }

  function status(form, kind, text) {
    const box = form.querySelector(".form-status");
    const notice = document.createElement("div");
    notice.className = "notice " + kind;
    notice.setAttribute("role", "alert");
    notice.textContent = text;
    box.replaceChildren(notice);
  }

  async function submit(event) {
    event.preventDefault();
    const form = event.currentTarget;
    clear(form);
    // Rows of a list of objects (data-row="agreements"): a row left blank is no item; the others are numbered in order.
    let filled = 0;
    for (const row of form.querySelectorAll("[data-row]")) {
      const fields = [...row.querySelectorAll("[data-field]")];
      const blank = fields.every(f => f.value.trim() === "");
      const index = blank ? -1 : filled++;
      for (const f of fields) {
        if (blank) f.removeAttribute("name");
        else f.name = `${row.dataset.row}[${index}].${f.dataset.field}`;
      }
    }
    // Field names are the request's JSON paths ("checkInMoments.firstOn", "reviews[0].outcome"), as the API names them in
    // its errors. Checkboxes of a set (data-type="set") give the array of the checked values, empty when none is.
    const body = {};
    for (const field of form.querySelectorAll("[name]")) {
      const path = field.name.split(".").map(part => {
        const indexed = /^(.+)\[(\d+)\]$/.exec(part);
        return indexed ? [indexed[1], Number(indexed[2])] : [part, null];
      });
      let target = body;
      for (const [key, index] of path.slice(0, -1)) {
        if (index === null) target = target[key] ??= {};
        else target = (target[key] ??= [])[index] ??= {};
      }
      const [key, index] = path[path.length - 1];
      if (field.dataset.type === "set") target[key] ??= [];
      const v = value(field);
      if (v === undefined) continue;
      if (field.dataset.type === "set") target[key].push(v);
      else if (index === null) target[key] = v;
      else (target[key] ??= [])[index] = v;
    }
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    let response;
    try {
      // A form with a file (a photo) goes as multipart/form-data, its fields by their names.
      const multipart = form.hasAttribute("data-multipart");
      const headers = {
        "Accept": "application/json",
        "RequestVerificationToken": document.querySelector("meta[name=request-verification-token]")?.content ?? "",
      };
      if (!multipart) headers["Content-Type"] = "application/json";
      response = await fetch(form.dataset.api, {
        method: form.dataset.method ?? "POST", credentials: "same-origin", headers,
        body: multipart ? new FormData(form)
          : form.dataset.method === "DELETE" && Object.keys(body).length === 0 ? undefined : JSON.stringify(body),
      });
    } catch {
      button.disabled = false;
      status(form, "bad", form.dataset.offline);
      return;
    }
    button.disabled = false;
    if (response.ok) {
      // "{id}" in data-done is the id the API answered with (a new case).
      const answer = await response.json().catch(() => ({}));
      // The next page says it was saved (app.js), wherever the form leads.
      try { sessionStorage.setItem("samensterker.saved", "1"); } catch { /* private mode: no confirmation */ }
      const target = new URL((form.dataset.done ?? location.href).replace("{id}", encodeURIComponent(answer.id ?? "")), location.href);
      // The same page again (perhaps at another #part): a change of hash alone would only scroll, so reload it.
      if (target.pathname + target.search === location.pathname + location.search) {
        history.replaceState(null, "", target.href);
        location.reload();
      } else {
        location.assign(target.href);
      }
      return;
    }
    const problem = await response.json().catch(() => ({}));
    if (response.status === 400 && problem.errors) {
      const elsewhere = Object.entries(problem.errors).filter(([name, messages]) => !showAt(form, name, messages));
      // A rule about the whole form (named "body") is said as it is, without the name.
      status(form, "bad", [form.dataset.invalid, ...elsewhere.map(([n, m]) => (n === "body" || n === "" ? "" : n + ": ") + m.join(" "))].join(" "));
      form.querySelector("[aria-invalid=true]")?.focus();
      return;
    }
    const dutch = form.dataset.problems ? JSON.parse(form.dataset.problems) : {};
    status(form, "bad", dutch[String(response.status)] ?? problem.detail ?? problem.title ?? String(response.status));
  }
})();

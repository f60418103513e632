// The five questions on the client's own phone: the line starts empty (no mark until touched, as on paper), every
// question must have a mark or a face, and the answers go as JSON to the API — without the cookie: the link is the key.
(function () {
  "use strict";
  const form = document.getElementById("answers");
  if (!form) return;
  const faces = form.dataset.form === "smiley";
  const mark = v => new Intl.NumberFormat(document.documentElement.lang, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(v);

  // A question answered after "what is missing" was shown is no longer marked.
  const answered = box => { box.classList.remove("missing"); box.querySelector(".field-error")?.remove(); };
  for (const face of form.querySelectorAll("input[type=radio]")) face.addEventListener("change", () => answered(face.closest("fieldset")));

  for (const range of form.querySelectorAll("input[type=range]")) {
    const output = document.getElementById(range.id + "-value");
    const set = () => {
      range.classList.remove("untouched");
      range.dataset.touched = "true";
      output.textContent = mark(Number(range.value));
      range.setAttribute("aria-valuetext", mark(Number(range.value)));
      answered(range.closest("fieldset"));
    };
    range.addEventListener("input", set);
    range.addEventListener("change", set);
    // A tap where the value already is (the middle, on an empty line) changes nothing, so no input event: it is a mark too.
    range.addEventListener("pointerup", set);
  }

  // Choosing another language reloads the page: what was answered so far goes along in this tab only (sessionStorage,
  // gone when the tab closes) and is put back, so nobody answers twice.
  const kept = "answers:" + location.pathname;
  document.getElementById("language")?.addEventListener("submit", () => {
    const state = { lines: {}, faces: {}, words: {} };
    for (const range of form.querySelectorAll("input[type=range]")) if (range.dataset.touched) state.lines[range.id] = range.value;
    for (const face of form.querySelectorAll("input[type=radio]:checked")) state.faces[face.name] = face.value;
    for (const text of form.querySelectorAll("textarea")) if (text.value) state.words[text.id] = text.value;
    try { sessionStorage.setItem(kept, JSON.stringify(state)); } catch { /* private mode: the answers are only lost */ }
  });
  try {
    const state = JSON.parse(sessionStorage.getItem(kept) ?? "null");
    sessionStorage.removeItem(kept);
    if (state) {
      for (const [id, value] of Object.entries(state.lines ?? {})) {
        const range = document.getElementById(id);
        if (range?.type === "range") { range.value = value; range.dispatchEvent(new Event("change")); }
      }
      for (const [name, value] of Object.entries(state.faces ?? {})) {
        const face = form.querySelector(`input[type=radio][name="${CSS.escape(name)}"][value="${CSS.escape(value)}"]`);
        if (face) { face.checked = true; face.dispatchEvent(new Event("change")); }
      }
      for (const [id, value] of Object.entries(state.words ?? {})) {
        const text = document.getElementById(id);
        if (text?.tagName === "TEXTAREA") text.value = value;
      }
    }
  } catch { /* nothing kept */ }

  function status(text, kind) {
    const box = form.querySelector(".form-status");
    box.replaceChildren();
    if (!text) return;
    const notice = document.createElement("div");
    notice.className = "notice " + (kind ?? "bad");
    notice.setAttribute("role", "alert");
    notice.textContent = text;
    box.append(notice);
  }

  form.addEventListener("submit", async event => {
    event.preventDefault();
    for (const old of form.querySelectorAll(".field-error")) old.remove();
    for (const box of form.querySelectorAll("fieldset.answer")) box.classList.remove("missing");
    const answers = [];
    let first = null;
    for (const box of form.querySelectorAll("fieldset.answer")) {
      const q = box.dataset.question;
      const answer = { question: q };
      if (faces) {
        const picked = box.querySelector("input[type=radio]:checked");
        if (picked) answer.smiley = Number(picked.value);
      } else {
        const range = box.querySelector("input[type=range]");
        if (range.dataset.touched) answer.value = Math.round(Number(range.value) * 10) / 10;
      }
      const most = box.querySelector(`[name="most-${q}"]`).value.trim();
      const least = box.querySelector(`[name="least-${q}"]`).value.trim();
      if (most) answer.mostSatisfied = most;
      if (least) answer.leastSatisfied = least;
      if (answer.smiley === undefined && answer.value === undefined) {
        box.classList.add("missing");
        const error = document.createElement("p");
        error.className = "field-error";
        error.textContent = faces ? form.dataset.missingFace : form.dataset.missingLine;
        box.querySelector(".hint").after(error);
        first ??= box;
      }
      answers.push(answer);
    }
    if (first) {
      status(form.dataset.missing);
      first.querySelector("input")?.focus();
      return;
    }
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    status(form.dataset.sending, "wait");
    let response;
    try {
      response = await fetch(form.dataset.api, {
        method: "POST", credentials: "omit",
        headers: { "Content-Type": "application/json", "Accept": "application/json" },
        body: JSON.stringify({ answers }),
      });
    } catch {
      button.disabled = false;
      status(form.dataset.offline);
      return;
    }
    button.disabled = false;
    if (response.ok) {
      form.hidden = true;
      const language = document.getElementById("language");
      if (language) language.hidden = true;
      const thanks = document.getElementById("bedankt");
      thanks.hidden = false;
      thanks.querySelector("h2").focus();
      return;
    }
    const problem = await response.json().catch(() => ({}));
    const words = problem.errors ? Object.values(problem.errors).flat().join(" ") : problem.detail;
    status(words ?? String(response.status));
  });
})();

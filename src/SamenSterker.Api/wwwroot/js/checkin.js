// The check-in conversation, in the seed's order: the previous agreement(s), who takes part, per question first
// every client-side respondent and then the professional, the new SMART agreement, the summary, save.
// Everything typed is kept in this browser (localStorage) until the API has confirmed the check-in; without a
// network the finished check-in waits in an outbox and is sent when the network is back, with its checkInId, so a
// second send appends nothing. No other copy: the draft and the outbox are removed once the API has it.
(function () {
  "use strict";
  const root = document.getElementById("checkin");
  if (!root) return;
  const config = JSON.parse(root.dataset.config);
  const t = (key, ...args) => (config.text[key] ?? key).replace(/\{(\d+)\}/g, (_, i) => args[Number(i)] ?? "");
  const draftKey = "samensterker.checkin." + config.caseId;
  const outboxKey = "samensterker.outbox." + config.caseId;
  const status = document.getElementById("status");
  const questions = config.questions;

  const newDraft = () => ({
    checkInId: crypto.randomUUID(),
    heldOn: config.today,
    reviews: {},
    respondents: [{ id: "r1", label: "", role: "parent", smiley: false }],
    scores: {},
    agreement: { what: "", who: "", byWhen: "", howWeKnow: "" },
    step: 0,
  });
  let draft = load(draftKey) ?? newDraft();
  // An agreement made since this draft was started (say, by a colleague) is reviewed first: the conversation's order.
  if (config.openAgreements.some(a => !draft.reviews[a.agreementId]?.outcome)) draft.step = 0;

  function load(key) {
    try { return JSON.parse(localStorage.getItem(key)); } catch { return null; }
  }
  function keep() { localStorage.setItem(draftKey, JSON.stringify(draft)); }

  // ---- the steps -------------------------------------------------------------------------------------------
  function steps() {
    const list = [];
    if (config.openAgreements.length > 0) list.push({ kind: "reviews" });
    list.push({ kind: "respondents" });
    for (const q of questions) {
      for (const r of draft.respondents) list.push({ kind: "score", question: q, respondent: r.id });
      list.push({ kind: "score", question: q, respondent: "pro" });
    }
    list.push({ kind: "agreement" }, { kind: "summary" });
    return list;
  }

  function el(tag, attrs = {}, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) {
      if (v === null || v === undefined || v === false) continue;
      if (k === "text") node.textContent = v;
      else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v === true ? "" : v);
    }
    for (const c of children.flat()) if (c) node.append(c);
    return node;
  }

  function field(id, label, input, hint, error) {
    input.id = id;
    const described = [hint ? id + "-hint" : null, error ? id + "-error" : null].filter(Boolean).join(" ");
    if (described) input.setAttribute("aria-describedby", described);
    if (error) {
      input.setAttribute("aria-invalid", "true");
      input.addEventListener("input", () => input.removeAttribute("aria-invalid"), { once: true });
    }
    return el("div", { class: "field" },
      el("label", { for: id, text: label }),
      hint ? el("p", { class: "hint", id: id + "-hint", text: hint }) : null,
      input,
      error ? el("p", { class: "field-error", id: id + "-error", text: error }) : null);
  }

  function respondentName(id) {
    if (id === "pro") return t("CheckIn.You");
    const r = draft.respondents.find(x => x.id === id);
    return r?.label?.trim() || t("CheckIn.Role." + (r?.role ?? "client"));
  }

  let errors = {};

  function render(focusHeading = true) {
    const all = steps();
    draft.step = Math.min(Math.max(draft.step, 0), all.length - 1);
    const step = all[draft.step];
    root.replaceChildren();
    root.append(el("p", { class: "progress", text: t("CheckIn.Step", draft.step + 1, all.length) }));
    const section = el("section", { class: "step", "aria-labelledby": "step-title" });
    ({ reviews: renderReviews, respondents: renderRespondents, score: renderScore, agreement: renderAgreement, summary: renderSummary })[step.kind](section, step);
    root.append(section);

    const last = draft.step === all.length - 1;
    root.append(el("div", { class: "nav" },
      draft.step > 0 ? el("button", { type: "button", onclick: () => go(-1), text: t("CheckIn.Back") }) : el("span"),
      last ? el("button", { type: "button", class: "primary big", id: "save", onclick: save, text: t("CheckIn.Save") })
           : el("button", { type: "button", class: "primary big", id: "next", onclick: () => go(1), text: t("CheckIn.Next") })));
    if (focusHeading) document.getElementById("step-title")?.focus();
  }

  function go(delta) {
    if (delta > 0 && !valid(steps()[draft.step])) { render(false); root.querySelector("[aria-invalid=true]")?.focus(); return; }
    errors = {};
    draft.step += delta;
    keep();
    render();
  }

  // What makes a step complete before going on (the API checks it all again).
  function valid(step) {
    errors = {};
    if (step.kind === "reviews")
      for (const a of config.openAgreements) if (!draft.reviews[a.agreementId]?.outcome) errors["review-" + a.agreementId] = t("CheckIn.ScoreMissing");
    if (step.kind === "respondents") {
      if (draft.respondents.length === 0) errors.respondents = t("CheckIn.Respondents.NeedOne");
      if (!draft.heldOn) errors.heldOn = t("CheckIn.HeldOn");
    }
    if (step.kind === "score") {
      const s = draft.scores[step.respondent + "|" + step.question];
      if (!s || (s.value === undefined && s.smiley === undefined)) errors.score = t("CheckIn.ScoreMissing");
    }
    if (step.kind === "agreement")
      for (const k of ["what", "who", "byWhen", "howWeKnow"]) if (!draft.agreement[k]?.trim()) errors["agreement-" + k] = t("CheckIn.Agreement." + k[0].toUpperCase() + k.slice(1));
    return Object.keys(errors).length === 0;
  }

  function heading(text) { return el("h2", { id: "step-title", tabindex: "-1", text }); }

  function renderReviews(section) {
    section.append(heading(t("CheckIn.Reviews.Title")), el("p", { text: t("CheckIn.Reviews.Intro") }));
    for (const a of config.openAgreements) {
      const review = draft.reviews[a.agreementId] ??= { outcome: "", note: "" };
      const name = "outcome-" + a.agreementId;
      const fieldset = el("fieldset", { class: "outcomes", "aria-invalid": errors["review-" + a.agreementId] ? "true" : null },
        el("legend", { text: a.what + " — " + a.who + ", " + a.byWhen }),
        ["achieved", "partly", "notAchieved"].map(o => el("label", {},
          el("input", { type: "radio", name, value: o, checked: review.outcome === o, onchange: () => { review.outcome = o; keep(); } }),
          t("CheckIn.Outcome." + o))));
      section.append(el("div", { class: "agreement" }, fieldset,
        errors["review-" + a.agreementId] ? el("p", { class: "field-error", text: errors["review-" + a.agreementId] }) : null,
        field("note-" + a.agreementId, t("CheckIn.Outcome.Note"),
          el("textarea", { maxlength: "2000", oninput: e => { review.note = e.target.value; keep(); } }, review.note))));
    }
  }

  function renderRespondents(section) {
    section.append(heading(t("CheckIn.Respondents.Title")), el("p", { text: t("CheckIn.Respondents.Intro") }));
    section.append(field("heldOn", t("CheckIn.HeldOn"),
      el("input", { type: "date", value: draft.heldOn, min: config.openedOn, max: config.today, onchange: e => { draft.heldOn = e.target.value; keep(); } }),
      null, errors.heldOn));
    draft.respondents.forEach((r, i) => {
      section.append(el("div", { class: "respondent" },
        field("label-" + r.id, t("CheckIn.Respondents.Label"), el("input", { type: "text", value: r.label, maxlength: "100", oninput: e => { r.label = e.target.value; keep(); } })),
        field("role-" + r.id, t("CheckIn.Respondents.Role"), el("select", { onchange: e => { r.role = e.target.value; keep(); } },
          ["parent", "child", "client", "other"].map(role => el("option", { value: role, selected: r.role === role, text: t("CheckIn.Role." + role) })))),
        el("label", { class: "check" }, el("input", { type: "checkbox", checked: r.smiley, onchange: e => { r.smiley = e.target.checked; keep(); } }), t("CheckIn.Respondents.Smileys")),
        el("button", { type: "button", onclick: () => { draft.respondents.splice(i, 1); keep(); render(false); }, text: t("CheckIn.Respondents.Remove"),
          "aria-label": t("CheckIn.Respondents.Remove") + " " + respondentName(r.id) })));
    });
    if (errors.respondents) section.append(el("p", { class: "field-error", text: errors.respondents }));
    section.append(el("p", {}, el("button", { type: "button", id: "add-respondent", onclick: () => {
      const n = Math.max(0, ...draft.respondents.map(r => Number(r.id.slice(1)) || 0)) + 1;
      draft.respondents.push({ id: "r" + n, label: "", role: "child", smiley: true });
      keep(); render(false);
      document.getElementById("label-r" + n)?.focus();
    }, text: t("CheckIn.Respondents.Add") })));
  }

  const faces = [1, 2, 3, 4, 5];
  function face(n) {
    // A simple face: the mouth curves from sad (1) to happy (5).
    const curve = [-9, -5, 0, 5, 9][n - 1];
    const ns = "http://www.w3.org/2000/svg";
    const svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 64 64"); svg.setAttribute("width", "72"); svg.setAttribute("height", "72"); svg.setAttribute("aria-hidden", "true");
    const colors = ["#c0392b", "#e67e22", "#f1c40f", "#7dbb42", "#27ae60"];
    svg.innerHTML = `<circle cx="32" cy="32" r="29" fill="${colors[n - 1]}" stroke="#1b1f24" stroke-width="2"/>` +
      `<circle cx="22" cy="25" r="4" fill="#1b1f24"/><circle cx="42" cy="25" r="4" fill="#1b1f24"/>` +
      `<path d="M18 ${44 - curve / 2} Q32 ${44 + curve} 46 ${44 - curve / 2}" stroke="#1b1f24" stroke-width="4" fill="none" stroke-linecap="round"/>`;
    return svg;
  }

  function renderScore(section, step) {
    const key = step.respondent + "|" + step.question;
    const score = draft.scores[key] ??= {};
    const respondent = draft.respondents.find(r => r.id === step.respondent);
    const pro = step.respondent === "pro";
    section.append(
      el("p", {}, el("span", { class: "who-answers" + (pro ? " pro" : ""), text: t("CheckIn.Question.Who", respondentName(step.respondent)) })),
      heading(t("Question." + step.question)),
      el("p", { class: "question", text: t("QuestionText." + step.question) }));

    if (respondent?.smiley) {
      const fieldset = el("fieldset", { class: "smileys", "aria-invalid": errors.score ? "true" : null },
        el("legend", { text: t("CheckIn.Scale.Value") }),
        faces.map(n => el("label", {},
          el("input", { type: "radio", name: "smiley", value: String(n), checked: score.smiley === n, onchange: () => { score.smiley = n; delete score.value; keep(); } }),
          el("span", { class: "face" }, face(n)),
          t("CheckIn.Smiley." + n))));
      section.append(fieldset);
    } else {
      const touched = score.value !== undefined;
      const output = el("output", { for: "score", id: "score-value", text: touched ? score.value.toFixed(1).replace(".", ",") : "—" });
      const range = el("input", {
        type: "range", id: "score", min: "0", max: "10", step: "0.1", value: touched ? String(score.value) : "5",
        "aria-valuetext": touched ? score.value.toFixed(1).replace(".", ",") : t("CheckIn.ScoreMissing"),
        "aria-invalid": errors.score ? "true" : null,
      });
      const set = () => {
        score.value = Math.round(Number(range.value) * 10) / 10; delete score.smiley;
        const shown = score.value.toFixed(1).replace(".", ",");
        output.textContent = shown; range.setAttribute("aria-valuetext", shown); keep();
      };
      range.addEventListener("input", set);
      range.addEventListener("change", set);
      section.append(el("div", { class: "scale" },
        el("label", { for: "score", text: t("CheckIn.Scale.Value") }),
        output, range,
        el("div", { class: "ends", "aria-hidden": "true" }, el("span", { text: t("CheckIn.Scale.Low") }), el("span", { text: t("CheckIn.Scale.High") }))));
    }
    if (errors.score) section.append(el("p", { class: "field-error", role: "alert", text: errors.score }));
    section.append(
      field("most", t("CheckIn.MostSatisfied"), el("textarea", { maxlength: "2000", oninput: e => { score.most = e.target.value; keep(); } }, score.most ?? "")),
      field("least", t("CheckIn.LeastSatisfied"), el("textarea", { maxlength: "2000", oninput: e => { score.least = e.target.value; keep(); } }, score.least ?? "")));
  }

  function renderAgreement(section) {
    section.append(heading(t("CheckIn.Agreement.Title")), el("p", { text: t("CheckIn.Agreement.Intro") }));
    const a = draft.agreement;
    const input = (k, node) => { node.addEventListener("input", e => { a[k] = e.target.value; keep(); }); return node; };
    section.append(
      field("agreement-what", t("CheckIn.Agreement.What"), input("what", el("textarea", { maxlength: "1000" }, a.what)), t("CheckIn.Agreement.WhatHint"), errors["agreement-what"]),
      field("agreement-who", t("CheckIn.Agreement.Who"), input("who", el("input", { type: "text", maxlength: "200", value: a.who })), t("CheckIn.Agreement.WhoHint"), errors["agreement-who"]),
      field("agreement-byWhen", t("CheckIn.Agreement.ByWhen"), input("byWhen", el("input", { type: "date", min: config.today, value: a.byWhen })), t("CheckIn.Agreement.ByWhenHint"), errors["agreement-byWhen"]),
      field("agreement-howWeKnow", t("CheckIn.Agreement.HowWeKnow"), input("howWeKnow", el("textarea", { maxlength: "1000" }, a.howWeKnow)), t("CheckIn.Agreement.HowWeKnowHint"), errors["agreement-howWeKnow"]));
  }

  const dutchDate = iso => iso ? new Date(iso + "T12:00:00").toLocaleDateString("nl-NL", { day: "numeric", month: "long", year: "numeric" }) : "";

  function shown(id, q) {
    const s = draft.scores[id + "|" + q];
    if (!s) return "—";
    if (s.smiley !== undefined) return t("CheckIn.Smiley." + s.smiley);
    return s.value === undefined ? "—" : s.value.toFixed(1).replace(".", ",");
  }

  function renderSummary(section) {
    section.append(heading(t("CheckIn.Summary.Title")), el("p", { text: t("CheckIn.Summary.Intro") }));
    const people = [...draft.respondents.map(r => r.id), "pro"];
    section.append(el("table", { class: "summary" },
      el("thead", {}, el("tr", {}, el("th", { scope: "col", text: t("CheckIn.Summary.Question") }),
        people.map(id => el("th", { scope: "col", class: id === "pro" ? "pro" : null, text: id === "pro" ? t("CheckIn.Summary.Professional") : respondentName(id) })))),
      el("tbody", {}, questions.map(q => el("tr", {}, el("th", { scope: "row", text: t("Question." + q) }),
        people.map(id => el("td", { class: "score" + (id === "pro" ? " pro" : ""), text: shown(id, q) })))))));
    const a = draft.agreement;
    section.append(el("h3", { text: t("CheckIn.Agreement.Title") }),
      el("div", { class: "agreement" }, el("p", { class: "what", text: a.what }), el("p", { text: a.who + " — " + dutchDate(a.byWhen) }), el("p", { text: a.howWeKnow })));
  }

  // ---- sending --------------------------------------------------------------------------------------------
  function request() {
    const respondents = draft.respondents.map(r => ({
      respondentId: r.id, side: "client", role: r.role, label: r.label.trim() || null, form: r.smiley ? "smiley" : "line",
    }));
    respondents.push({ respondentId: "pro", side: "professional", role: "professional", label: null, form: "line" });
    const scores = [];
    for (const q of questions)
      for (const r of respondents) {
        const s = draft.scores[r.respondentId + "|" + q] ?? {};
        scores.push({
          respondentId: r.respondentId, question: q,
          value: s.value ?? null, smiley: s.smiley ?? null,
          mostSatisfied: s.most?.trim() || null, leastSatisfied: s.least?.trim() || null,
        });
      }
    return {
      checkInId: draft.checkInId, heldOn: draft.heldOn, form: "line", respondents, scores,
      reviews: config.openAgreements.map(a => ({ agreementId: a.agreementId, outcome: draft.reviews[a.agreementId]?.outcome, note: draft.reviews[a.agreementId]?.note?.trim() || null })),
      agreement: { what: draft.agreement.what.trim(), who: draft.agreement.who.trim(), byWhen: draft.agreement.byWhen, howWeKnow: draft.agreement.howWeKnow.trim() },
    };
  }

  function say(kind, text, ...actions) {
    status.replaceChildren(el("div", { class: "notice " + kind }, el("p", { text }), actions.length ? el("p", {}, ...actions) : null));
  }

  function save() {
    if (!valid(steps()[draft.step])) { render(false); return; }
    localStorage.setItem(outboxKey, JSON.stringify({ body: request(), at: new Date().toISOString() }));
    send(false);
  }

  let sending = false;
  async function send(resent) {
    const queued = load(outboxKey);
    if (!queued || sending) return;
    sending = true;
    say("wait", t("CheckIn.Saving"));
    let response;
    try {
      response = await fetch(`/api/cases/${config.caseId}/check-ins`, {
        method: "POST", credentials: "same-origin",
        headers: {
          "Content-Type": "application/json", "Accept": "application/json", "Idempotency-Key": queued.body.checkInId,
          "RequestVerificationToken": document.querySelector("meta[name=request-verification-token]")?.content ?? "",
        },
        body: JSON.stringify(queued.body),
      });
    } catch {
      // No network (or the server is unreachable): kept here, sent when the network is back.
      sending = false;
      say("wait", t("CheckIn.Queued"));
      return;
    }
    sending = false;
    if (response.ok) return done(resent);
    const problem = await response.json().catch(() => ({}));
    if (response.status === 503 || response.status >= 500) { say("wait", t("CheckIn.Queued")); return; }
    // A page kept from an earlier sign-in carries a stale token: reload (the outbox stays and is sent from the new page).
    if (response.status === 403 && problem.title === "The page is out of date") { location.reload(); return; }
    if (response.status === 401) { location.assign("/aanmelden?ReturnUrl=" + encodeURIComponent(location.pathname)); return; }
    if (response.status === 409 || response.status === 412 || response.status === 422) {
      say("bad", t("CheckIn.Conflict"),
        el("button", { type: "button", onclick: () => { localStorage.removeItem(outboxKey); location.reload(); }, text: t("CheckIn.Review") }), " ",
        el("button", { type: "button", onclick: () => send(true), text: t("CheckIn.Resend") }));
      return;
    }
    if (response.status === 400 && problem.errors) {
      localStorage.removeItem(outboxKey);
      const list = el("ul", {}, Object.entries(problem.errors).map(([k, v]) => el("li", { text: k + ": " + v.join(" ") })));
      status.replaceChildren(el("div", { class: "notice bad", role: "alert" }, el("p", { text: t("CheckIn.Invalid") }), list));
      return;
    }
    say("bad", t("CheckIn.Failed", problem.detail ?? problem.title ?? response.status));
  }

  async function done(resent) {
    localStorage.removeItem(outboxKey);
    localStorage.removeItem(draftKey);
    // The page as the service worker kept it holds this client's data: gone now that it is sent.
    if ("caches" in window) for (const name of await caches.keys()) (await caches.open(name)).delete(location.pathname);
    root.replaceChildren(el("p", {}, el("a", { class: "button primary big", href: `/clienten/${config.caseId}`, text: t("CheckIn.ToClient") })));
    say("ok", resent ? t("CheckIn.Sent") : t("CheckIn.Saved"));
    status.querySelector(".notice")?.setAttribute("tabindex", "-1");
    status.querySelector(".notice")?.focus();
  }

  window.addEventListener("online", () => send(true));
  setInterval(() => { if (navigator.onLine) send(true); }, 30000);

  if (load(outboxKey)) {
    say("wait", t("CheckIn.Queued"));
    render(false);
    if (navigator.onLine) send(true);
  } else {
    render(false);
  }
})();

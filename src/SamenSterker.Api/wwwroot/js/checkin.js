// The check-in conversation in the seed's order and in about ten minutes: an opening (the method's words, who takes part:
// last time's people already chosen), the previous agreement first, then one screen per question with every client-side
// person on their own line or faces and then the professional, the sides next to each other with their own words, and
// only then the new SMART agreement. Everything typed is kept in this browser (localStorage) until the API has it;
// without a network the finished check-in waits in an outbox and is sent, once (its checkInId), when the network is back.
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

  // Who takes part, as the opening offers them: last time's people (or, on a case from before people were kept, last
  // time's respondents, who become people of the case saying whom they continue), else one new person.
  function lastTime() {
    const list = config.last.map(r => r.personId
      ? { key: r.personId, personId: r.personId, name: r.name ?? "", role: r.role, faces: r.form === "smiley" }
      : { key: "l-" + r.respondentId, continues: { checkInId: config.lastCheckInId, respondentId: r.respondentId }, name: r.name ?? "", role: r.role, faces: r.form === "smiley" });
    if (list.length > 0) return list;
    const child = config.kind === "child";
    return [{ key: "n1", name: "", role: child ? "child" : (config.kind === "adult" ? "client" : "parent"), faces: child }];
  }

  const newDraft = () => ({
    checkInId: crypto.randomUUID(), heldOn: config.today, startedOn: config.today, taking: lastTime(),
    reviews: {}, scores: {}, agreement: { what: "", who: "", byWhen: "", howWeKnow: "" }, step: 0,
  });
  let draft = load(draftKey) ?? newDraft();
  if (!draft.taking) draft = newDraft(); // a draft of the earlier page: start again
  for (const p of draft.taking) delete p.ahead; // "vooraf sturen" opens closed on every visit
  // Links made before the meeting (sent the day before, or from another device): this check-in is that one. A draft
  // already under way here is left as it is.
  const underWay = d => d.step > 0 || Object.keys(d.scores).length > 0 || d.taking.some(p => p.link);
  if (config.prepared && draft.checkInId !== config.prepared.checkInId && !underWay(draft)) draft = adopt(config.prepared);
  // Prepared on an earlier day: the conversation is held today (a date typed for a paper check-in stays).
  if (draft.startedOn && draft.startedOn !== config.today && draft.heldOn === draft.startedOn) { draft.heldOn = config.today; draft.startedOn = config.today; }

  function adopt(prepared) {
    const fresh = newDraft();
    fresh.checkInId = prepared.checkInId;
    fresh.taking = fresh.taking.filter(p => p.personId || p.continues || p.name.trim());
    let n = 0;
    for (const l of prepared.links) {
      const link = { linkId: l.linkId, respondentId: l.respondentId, expiresAt: l.expiresAt, emailed: l.emailed, earlier: true };
      let p = l.personId && fresh.taking.find(x => x.personId === l.personId);
      if (!p) {
        const known = l.personId && config.people.find(x => x.personId === l.personId);
        p = known ? { key: known.personId, personId: known.personId, name: known.name ?? "", role: known.role, faces: known.form === "smiley" }
          : { key: "n" + (++n), name: l.name, role: l.role, faces: l.form === "smiley" };
        fresh.taking.push(p);
      }
      p.link = link;
      p.linkState = "open";
    }
    return fresh;
  }
  // An agreement made since this draft was started (say, by a colleague) is reviewed first: the conversation's order.
  if (config.openAgreements.some(a => !draft.reviews[a.agreementId]?.outcome)) draft.step = Math.min(draft.step, 1);

  function load(key) {
    try { return JSON.parse(localStorage.getItem(key)); } catch { return null; }
  }
  function keep() { localStorage.setItem(draftKey, JSON.stringify(draft)); }

  // ---- the steps -------------------------------------------------------------------------------------------
  function steps() {
    const list = [{ kind: "start" }];
    if (config.openAgreements.length > 0) list.push({ kind: "reviews" });
    for (const q of questions) list.push({ kind: "question", question: q });
    list.push({ kind: "summary" }, { kind: "agreement" });
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
      input.addEventListener("input", () => {
        input.removeAttribute("aria-invalid");
        delete errors[id];
        document.getElementById(id + "-error")?.remove();
        input.setAttribute("aria-describedby", hint ? id + "-hint" : "");
      }, { once: true });
    }
    return el("div", { class: "field" },
      el("label", { for: id, text: label }),
      hint ? el("p", { class: "hint", id: id + "-hint", text: hint }) : null,
      input,
      error ? el("p", { class: "field-error", id: id + "-error", text: error }) : null);
  }

  const roleWord = role => t("CheckIn.Role." + role);
  const nameOf = p => p.name?.trim() || roleWord(p.role);
  const number = v => v.toFixed(1).replace(".", ",");

  let errors = {};

  function render(focusHeading = true) {
    const all = steps();
    draft.step = Math.min(Math.max(draft.step, 0), all.length - 1);
    const step = all[draft.step];
    root.replaceChildren();
    root.append(el("p", { class: "progress", text: t("CheckIn.Step", draft.step + 1, all.length) }));
    const section = el("section", { class: "step", "aria-labelledby": "step-title" });
    ({ start: renderStart, reviews: renderReviews, question: renderQuestion, summary: renderSummary, agreement: renderAgreement })[step.kind](section, step);
    root.append(section);

    const last = draft.step === all.length - 1;
    root.append(el("div", { class: "nav" },
      draft.step > 0 ? el("button", { type: "button", id: "back", onclick: () => go(-1), text: t("CheckIn.Back") }) : el("span"),
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

  const answered = (key, q) => { const s = draft.scores[key + "|" + q]; return s && (s.value !== undefined || s.smiley !== undefined); };

  // What makes a step complete before going on (the API checks it all again).
  function valid(step) {
    errors = {};
    if (step.kind === "start") {
      if (draft.taking.length === 0) errors.taking = t("CheckIn.Respondents.NeedOne");
      if (!draft.heldOn) errors.heldOn = t("CheckIn.HeldOn");
    }
    if (step.kind === "reviews")
      for (const a of config.openAgreements) if (!draft.reviews[a.agreementId]?.outcome) errors["review-" + a.agreementId] = t("CheckIn.OutcomeMissing");
    if (step.kind === "question")
      for (const key of [...draft.taking.map(p => p.key), "pro"]) if (!answered(key, step.question))
      {
        const person = draft.taking.find(p => p.key === key);
        errors["score-" + key] = person?.link ? t("CheckIn.Phone.NotYet") : t(person?.faces ? "CheckIn.FaceMissing" : "CheckIn.LineMissing");
      }
    if (step.kind === "agreement") {
      for (const k of ["what", "who", "byWhen", "howWeKnow"])
        if (!draft.agreement[k]?.trim()) errors["agreement-" + k] = t("CheckIn.Agreement." + k[0].toUpperCase() + k.slice(1) + ".Missing");
      // A date typed by hand passes the field's min: the agreement is done after the check-in, not before it.
      if (draft.agreement.byWhen && draft.agreement.byWhen < (draft.heldOn || config.today)) errors["agreement-byWhen"] = t("CheckIn.Agreement.ByWhen.Early");
    }
    return Object.keys(errors).length === 0;
  }

  function heading(text) { return el("h2", { id: "step-title", tabindex: "-1", text }); }

  // ---- the opening ----------------------------------------------------------------------------------------
  function renderStart(section) {
    section.append(heading(t("CheckIn.Start.Title")),
      el("p", { class: "lead", text: t("CheckIn.Start.Intro") }),
      field("heldOn", t("CheckIn.HeldOn"),
        el("input", { type: "date", value: draft.heldOn, min: config.openedOn, max: config.today, onchange: e => { draft.heldOn = e.target.value; keep(); } }),
        null, errors.heldOn));
    // A conversation held on paper (seed 000: "op papier of op de laptop"): the blank forms, and typing it in afterwards.
    const [before, after] = (config.text["CheckIn.Paper"] ?? "").split("{0}"); // the raw text: t() would fill {0} with nothing
    section.append(el("p", { class: "hint paper" }, before,
      el("a", { href: "/formulieren/lijn", target: "_blank", text: t("CheckIn.Paper.Line") }), ", ",
      el("a", { href: "/formulieren/gezichtjes", target: "_blank", text: t("CheckIn.Paper.Faces") }), ", ",
      el("a", { href: "/formulieren/lijn?voor=professional", target: "_blank", text: t("CheckIn.Paper.Professional") }), after ?? ""));

    const fieldset = el("fieldset", { class: "taking" }, el("legend", { text: t("CheckIn.Respondents.Title") }),
      el("p", { class: "hint", text: t("CheckIn.Respondents.Intro") }));
    // The people of the case (and last time's respondents of an older case), each to tick.
    const known = [...config.people.map(p => ({ key: p.personId, personId: p.personId, name: p.name ?? "", role: p.role, faces: p.form === "smiley" })),
      ...config.last.filter(r => !r.personId).map(r => ({ key: "l-" + r.respondentId, continues: { checkInId: config.lastCheckInId, respondentId: r.respondentId },
        name: r.name ?? "", role: r.role, faces: r.form === "smiley" }))];
    for (const p of known) {
      const chosen = draft.taking.some(x => x.key === p.key);
      fieldset.append(el("label", { class: "check person" },
        el("input", { type: "checkbox", name: "person", value: p.key, checked: chosen, onchange: e => {
          if (e.target.checked) draft.taking.push(p); else draft.taking = draft.taking.filter(x => x.key !== p.key);
          keep();
        } }),
        el("span", {}, el("strong", { text: nameOf(p) }), " · " + roleWord(p.role) + (p.faces ? " · " + t("CheckIn.Respondents.OnFaces") : ""))));
    }
    // New people: a name, who they are, and faces for a child (the default for a child).
    for (const p of draft.taking.filter(x => !x.personId && !x.continues)) {
      const role = el("select", { onchange: e => { p.role = e.target.value; if (p.role === "child") p.faces = true; keep(); render(false); document.getElementById("role-" + p.key)?.focus(); } },
        ["parent", "child", "client", "other"].map(r => el("option", { value: r, selected: p.role === r, text: roleWord(r) })));
      fieldset.append(el("div", { class: "respondent" },
        field("name-" + p.key, t("CheckIn.Respondents.Label"), el("input", { type: "text", value: p.name, maxlength: "100", autocomplete: "off", oninput: e => {
          p.name = e.target.value; keep();
          const make = document.getElementById("make-link-" + p.key);
          if (make) make.textContent = t("CheckIn.Phone.Make", nameOf(p));
        } })),
        field("role-" + p.key, t("CheckIn.Respondents.Role"), role),
        el("label", { class: "check" }, el("input", { type: "checkbox", id: "faces-" + p.key, checked: p.faces, onchange: e => { p.faces = e.target.checked; keep(); } }), t("CheckIn.Respondents.Smileys")),
        el("button", { type: "button", class: "link", onclick: () => { draft.taking = draft.taking.filter(x => x !== p); keep(); render(false); },
          text: t("CheckIn.Respondents.Remove"), "aria-label": t("CheckIn.Respondents.Remove") + " " + nameOf(p) })));
    }
    if (errors.taking) fieldset.append(el("p", { class: "field-error", role: "alert", text: errors.taking }));
    fieldset.append(el("p", {}, el("button", { type: "button", id: "add-person", onclick: () => {
      const n = Math.max(0, ...draft.taking.map(x => /^n(\d+)$/.exec(x.key)?.[1] ?? 0).map(Number)) + 1;
      draft.taking.push({ key: "n" + n, name: "", role: config.kind === "child" ? "child" : "parent", faces: config.kind === "child" });
      keep(); render(false);
      document.getElementById("name-n" + n)?.focus();
    }, text: t("CheckIn.Respondents.Add") })));
    section.append(fieldset);
    section.append(renderPhones());
  }

  // ---- answering on their own phone (a link and QR code per person; the service takes the answers in) --------
  // A person with a link keeps the respondent id the link was made for (a new person's id of the case is derived from it);
  // the others take the first "c<n>" not taken.
  function respondentIds() {
    const taken = new Set(draft.taking.map(p => p.link?.respondentId).filter(Boolean));
    let n = 0;
    return new Map(draft.taking.map(p => {
      if (p.link?.respondentId) return [p, p.link.respondentId];
      do n++; while (taken.has("c" + n));
      return [p, "c" + n];
    }));
  }
  const respondentIdOf = p => respondentIds().get(p);
  function renderPhones() {
    const box = el("fieldset", { class: "phones" }, el("legend", { text: t("CheckIn.Phone.Title") }),
      el("p", { class: "hint", text: t("CheckIn.Phone.Intro") }));
    for (const p of draft.taking) {
      const row = el("div", { class: "phone", id: "phone-" + p.key });
      if (!p.link) {
        row.append(el("p", { class: "phone-actions" },
          el("button", { type: "button", class: "link-button", id: "make-link-" + p.key, onclick: () => makeLink(p), text: t("CheckIn.Phone.Make", nameOf(p)) }),
          " ",
          el("button", { type: "button", class: "link", id: "ahead-" + p.key, "aria-expanded": p.ahead ? "true" : "false",
            onclick: () => { p.ahead = !p.ahead; render(false); document.getElementById(p.ahead ? "email-" + p.key : "ahead-" + p.key)?.focus(); },
            text: t("CheckIn.Phone.Ahead", nameOf(p)) })));
        if (p.ahead) row.append(el("div", { class: "ahead" },
          field("email-" + p.key, t("CheckIn.Phone.Email", nameOf(p)),
            el("input", { type: "email", autocomplete: "off", value: emails[p.key] ?? "", oninput: e => { emails[p.key] = e.target.value; } }),
            t("CheckIn.Phone.EmailHint")),
          el("button", { type: "button", id: "send-ahead-" + p.key, onclick: () => makeLink(p, true), text: t("CheckIn.Phone.SendAhead") })));
      } else {
        row.append(el("p", {}, el("strong", { text: nameOf(p) }), " · ", el("span", { class: "phone-state", text: phoneState(p) })));
        if (p.linkState !== "answered") {
          if (p.link.url) {
            const qr = el("div", { class: "qr", role: "img", "aria-label": t("CheckIn.Phone.Qr", nameOf(p)) });
            qr.innerHTML = p.link.qrSvg; // drawn by the service (QRCoder) from the link it made
            const copy = el("button", { type: "button", class: "copy", id: "copy-" + p.key, text: t("CheckIn.Phone.Copy"), onclick: async () => {
              const input = document.getElementById("link-" + p.key);
              input.select();
              try { await navigator.clipboard.writeText(p.link.url); copy.textContent = t("CheckIn.Phone.Copied"); }
              catch { document.execCommand?.("copy"); copy.textContent = t("CheckIn.Phone.Copied"); }
            } });
            const linkField = field("link-" + p.key, t("CheckIn.Phone.Link"), el("input", { type: "text", readonly: true, value: p.link.url }));
            const input = linkField.querySelector("input");
            const pair = el("span", { class: "with-button" });
            input.replaceWith(pair);
            pair.append(input, copy);
            row.append(qr, linkField);
          }
          row.append(el("p", { class: "hint", id: "sent-" + p.key, text: [
            p.link.emailed === true ? t("CheckIn.Phone.Emailed") : p.link.emailed === false && !p.link.earlier ? t("CheckIn.Phone.NotEmailed") : "",
            p.link.earlier && !p.link.emailed ? t("CheckIn.Phone.Earlier") : "",
            t("CheckIn.Phone.Until", until(p.link.expiresAt)),
          ].filter(Boolean).join(" ") }));
        }
        row.append(el("button", { type: "button", class: "link", onclick: () => withdraw(p), text: t("CheckIn.Phone.Withdraw") }));
      }
      box.append(row);
    }
    if (errors.phone) box.append(el("p", { class: "field-error", role: "alert", text: errors.phone }));
    return box;
  }

  // E-mail addresses typed to send a link: used once, never kept in the draft.
  const emails = {};
  const until = at => new Date(at).toLocaleString("nl-NL", { weekday: "long", day: "numeric", month: "long", hour: "2-digit", minute: "2-digit", timeZone: "Europe/Amsterdam" });
  const phoneState = p => t(p.linkState === "answered" ? "CheckIn.Phone.Answered" : "CheckIn.Phone.Waiting");

  async function linkCall(method, url, body) {
    return fetch(url, {
      method, credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json", "Accept-Language": "nl",
        "RequestVerificationToken": document.querySelector("meta[name=request-verification-token]")?.content ?? "" },
      body: body ? JSON.stringify(body) : undefined,
    });
  }

  // Now (two hours, at the table) or ahead of the meeting (48 hours, e-mailed or copied to send).
  async function makeLink(p, ahead) {
    errors = {};
    const respondentId = respondentIdOf(p);
    let response;
    try {
      response = await linkCall("POST", `/api/cases/${config.caseId}/answer-links`, {
        checkInId: draft.checkInId, respondentId, personId: p.personId ?? null,
        name: p.name.trim() || null, role: p.role, form: p.faces ? "smiley" : "line",
        validForMinutes: ahead ? 48 * 60 : null, sendTo: ahead ? (emails[p.key]?.trim() || null) : null,
      });
    } catch { errors.phone = t("CheckIn.Phone.Offline"); render(false); return; }
    if (!response.ok) {
      const problem = await response.json().catch(() => ({}));
      errors.phone = problem.errors ? Object.values(problem.errors).flat().join(" ") : (problem.detail ?? String(response.status));
      render(false);
      return;
    }
    p.link = { ...(await response.json()), respondentId };
    p.linkState = "open";
    delete p.ahead;
    delete emails[p.key];
    keep();
    render(false);
    document.getElementById("link-" + p.key)?.focus();
    follow();
  }

  async function withdraw(p) {
    if (p.link) await linkCall("DELETE", `/api/cases/${config.caseId}/answer-links/${p.link.linkId}`).catch(() => null);
    for (const q of questions) if (draft.scores[p.key + "|" + q]?.byLink) delete draft.scores[p.key + "|" + q];
    delete p.link; delete p.linkState;
    keep();
    render(false);
  }

  // Every few seconds while someone has a link and has not answered: who has answered. Their marks are kept for the
  // side-by-side step and shown nowhere before it.
  let following = null;
  function follow() {
    if (following) return;
    following = setInterval(async () => {
      const open = draft.taking.filter(p => p.link && p.linkState !== "answered");
      if (open.length === 0) { clearInterval(following); following = null; return; }
      let links;
      try {
        const response = await fetch(`/api/cases/${config.caseId}/answer-links?checkInId=${draft.checkInId}`, { credentials: "same-origin", headers: { "Accept": "application/json" } });
        if (!response.ok) return;
        links = await response.json();
      } catch { return; }
      let changed = false;
      for (const p of open) {
        const link = links.find(l => l.linkId === p.link.linkId);
        if (!link || link.state !== "answered") continue;
        for (const a of link.answers) draft.scores[p.key + "|" + a.question] = {
          value: a.value ?? undefined, smiley: a.smiley ?? undefined, most: a.mostSatisfied ?? "", least: a.leastSatisfied ?? "", byLink: true,
        };
        p.linkState = "answered";
        changed = true;
      }
      if (changed) {
        keep();
        const step = steps()[draft.step].kind;
        if (step === "start" || step === "question") render(false);
      }
    }, 3000);
  }

  // ---- the previous agreement -----------------------------------------------------------------------------
  function renderReviews(section) {
    section.append(heading(t("CheckIn.Reviews.Title")), el("p", { text: t("CheckIn.Reviews.Intro") }));
    for (const a of config.openAgreements) {
      const review = draft.reviews[a.agreementId] ??= { outcome: "", note: "" };
      const name = "outcome-" + a.agreementId;
      const fieldset = el("fieldset", { class: "outcomes", "aria-invalid": errors["review-" + a.agreementId] ? "true" : null },
        el("legend", { text: t("CheckIn.Reviews.HowDidItGo") }),
        ["achieved", "partly", "notAchieved"].map(o => el("label", {},
          el("input", { type: "radio", name, value: o, checked: review.outcome === o, onchange: () => { review.outcome = o; keep(); } }),
          t("CheckIn.Outcome." + o))));
      section.append(el("div", { class: "agreement" },
        el("p", { class: "what", text: a.what }),
        el("dl", { class: "smart" },
          el("dt", { text: t("CheckIn.Agreement.Who") }), el("dd", { text: a.who }),
          el("dt", { text: t("CheckIn.Agreement.ByWhen") }), el("dd", { text: a.byWhen }),
          el("dt", { text: t("CheckIn.Agreement.HowWeKnow") }), el("dd", { text: a.howWeKnow })),
        a.said?.length ? el("details", { class: "said" }, el("summary", { text: t("CheckIn.Reviews.Said", a.madeOn) }),
          el("ul", {}, a.said.map(s => el("li", {}, el("strong", { text: s.who + ", " + t("Question." + s.question).toLowerCase() + ": " }),
            s.most ? el("span", { text: "+ " + s.most + " " }) : null, s.least ? el("span", { text: "− " + s.least }) : null)))) : null,
        fieldset,
        errors["review-" + a.agreementId] ? el("p", { class: "field-error", role: "alert", text: errors["review-" + a.agreementId] }) : null,
        field("note-" + a.agreementId, t("CheckIn.Outcome.Note"),
          el("textarea", { rows: "2", maxlength: "2000", oninput: e => { review.note = e.target.value; keep(); } }, review.note))));
    }
  }

  // ---- one question: every client-side person, then the professional --------------------------------------
  const faceWords = [1, 2, 3, 4, 5];
  function face(n, size = 56) {
    // A simple face: the mouth curves from sad (1) to happy (5).
    const curve = [-9, -5, 0, 5, 9][n - 1];
    const ns = "http://www.w3.org/2000/svg";
    const svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 64 64"); svg.setAttribute("width", String(size)); svg.setAttribute("height", String(size)); svg.setAttribute("aria-hidden", "true");
    const colors = ["#c0392b", "#e67e22", "#f1c40f", "#7dbb42", "#27ae60"];
    svg.innerHTML = `<circle cx="32" cy="32" r="29" fill="${colors[n - 1]}" stroke="#1b1f24" stroke-width="2"/>` +
      `<circle cx="22" cy="25" r="4" fill="#1b1f24"/><circle cx="42" cy="25" r="4" fill="#1b1f24"/>` +
      `<path d="M18 ${44 - curve / 2} Q32 ${44 + curve} 46 ${44 - curve / 2}" stroke="#1b1f24" stroke-width="4" fill="none" stroke-linecap="round"/>`;
    return svg;
  }

  function answer(key, who, question, faces, pro) {
    const score = draft.scores[key + "|" + question] ??= {};
    const error = errors["score-" + key];
    const box = el("fieldset", { class: "answer" + (pro ? " pro" : ""), "data-who": key },
      el("legend", {}, el("span", { class: "who-answers" + (pro ? " pro" : ""), text: who })));
    if (pro) box.append(el("p", { class: "question pro", text: t("QuestionText.pro." + question) }));
    if (faces) {
      box.append(el("div", { class: "smileys", role: "radiogroup", "aria-label": t("CheckIn.Scale.Faces", who), "aria-invalid": error ? "true" : null },
        faceWords.map(n => el("label", {},
          el("input", { type: "radio", name: "face-" + key, value: String(n), checked: score.smiley === n,
            onchange: () => { score.smiley = n; delete score.value; keep(); } }),
          el("span", { class: "face" }, face(n)),
          el("span", { class: "face-word", text: t("CheckIn.Smiley." + n) })))));
    } else {
      // The line starts empty, as on paper: no mark until one is set (the thumb shows once touched).
      const touched = score.value !== undefined;
      const id = "score-" + key;
      const output = el("output", { for: id, id: id + "-value", text: touched ? number(score.value) : "—" });
      const range = el("input", {
        type: "range", id, class: touched ? null : "untouched", min: "0", max: "10", step: "0.1", value: touched ? String(score.value) : "5",
        "aria-valuetext": touched ? number(score.value) : t("CheckIn.NotChosen"), "aria-invalid": error ? "true" : null,
        "aria-label": t("CheckIn.Scale.Line", who),
      });
      const set = () => {
        score.value = Math.round(Number(range.value) * 10) / 10; delete score.smiley;
        output.textContent = number(score.value); range.setAttribute("aria-valuetext", number(score.value)); range.classList.remove("untouched"); keep();
      };
      range.addEventListener("input", set);
      range.addEventListener("change", set);
      // A tap where the value already is (the middle, on an empty line) changes nothing, so no input event: it is a mark too.
      range.addEventListener("pointerup", set);
      box.append(el("div", { class: "scale" }, output, range,
        el("div", { class: "ends", "aria-hidden": "true" }, el("span", { text: t("CheckIn.Scale.Low") }), el("span", { text: t("CheckIn.Scale.High") }))));
    }
    if (error) box.append(el("p", { class: "field-error", role: "alert", text: error }));
    box.append(el("div", { class: "words" },
      field("most-" + key, t(pro ? "CheckIn.MostSatisfied.pro" : "CheckIn.MostSatisfied"), el("textarea", { rows: "2", maxlength: "2000", oninput: e => { score.most = e.target.value; keep(); } }, score.most ?? "")),
      field("least-" + key, t(pro ? "CheckIn.LeastSatisfied.pro" : "CheckIn.LeastSatisfied"), el("textarea", { rows: "2", maxlength: "2000", oninput: e => { score.least = e.target.value; keep(); } }, score.least ?? ""))));
    return box;
  }

  function renderQuestion(section, step) {
    const q = step.question;
    section.append(heading(t("Question." + q)),
      el("p", { class: "question", text: t("QuestionText." + q) }),
      el("p", { class: "hint", text: t("CheckIn.Question.Order") }));
    for (const p of draft.taking)
      section.append(p.link
        ? el("fieldset", { class: "answer by-phone", "data-who": p.key }, el("legend", {}, el("span", { class: "who-answers", text: nameOf(p) })),
            el("p", { class: "phone-state", text: phoneState(p) }),
            errors["score-" + p.key] ? el("p", { class: "field-error", role: "alert", text: errors["score-" + p.key] }) : null)
        : answer(p.key, nameOf(p), q, p.faces, false));
    section.append(answer("pro", t("CheckIn.You"), q, false, true));
  }

  // ---- the sides next to each other, with their words --------------------------------------------------------
  function mark(key, q) {
    const s = draft.scores[key + "|" + q] ?? {};
    if (s.smiley !== undefined) return el("span", { class: "mark" }, el("span", { class: "face" }, face(s.smiley, 28)), " " + t("CheckIn.Smiley." + s.smiley));
    return el("span", { class: "mark", text: s.value === undefined ? "—" : number(s.value) });
  }
  const onLine = (key, q) => { const s = draft.scores[key + "|" + q] ?? {}; return s.smiley !== undefined ? (s.smiley - 1) * 2.5 : s.value; };

  function renderSummary(section) {
    section.append(heading(t("CheckIn.Summary.Title")), el("p", { text: t("CheckIn.Summary.Intro") }));
    for (const q of questions) {
      const pro = onLine("pro", q);
      const rows = [...draft.taking.map(p => ({ key: p.key, who: nameOf(p), pro: false })), { key: "pro", who: t("CheckIn.Summary.Professional"), pro: true }];
      section.append(el("section", { class: "summary-question", "aria-labelledby": "sum-" + q },
        el("h3", { id: "sum-" + q, text: t("Question." + q) }),
        el("ul", { class: "sides" }, rows.map(r => {
          const s = draft.scores[r.key + "|" + q] ?? {};
          const far = !r.pro && pro !== undefined && onLine(r.key, q) !== undefined && Math.abs(pro - onLine(r.key, q)) >= 3;
          return el("li", { class: "side" + (r.pro ? " pro" : "") + (far ? " far" : "") },
            el("p", { class: "side-who" }, el("strong", { text: r.who }), " ", mark(r.key, q),
              far ? el("span", { class: "gap-note", text: t("CheckIn.Summary.FarApart") }) : null),
            s.most?.trim() ? el("p", { class: "said" }, el("span", { class: "sign", text: t("CheckIn.Summary.Most") }), " " + s.most.trim()) : null,
            s.least?.trim() ? el("p", { class: "said" }, el("span", { class: "sign", text: t("CheckIn.Summary.Least") }), " " + s.least.trim()) : null);
        }))));
    }
  }

  // ---- the new agreement, made from what was just said ----------------------------------------------------
  function renderAgreement(section) {
    section.append(heading(t("CheckIn.Agreement.Title")), el("p", { text: t("CheckIn.Agreement.Intro") }));
    const a = draft.agreement;
    const input = (k, node) => { node.addEventListener("input", e => { a[k] = e.target.value; keep(); }); return node; };
    section.append(
      field("agreement-what", t("CheckIn.Agreement.What"), input("what", el("textarea", { rows: "3", maxlength: "1000" }, a.what)), t("CheckIn.Agreement.WhatHint"), errors["agreement-what"]),
      field("agreement-who", t("CheckIn.Agreement.Who"), input("who", el("input", { type: "text", maxlength: "200", value: a.who })), t("CheckIn.Agreement.WhoHint"), errors["agreement-who"]),
      field("agreement-byWhen", t("CheckIn.Agreement.ByWhen"), input("byWhen", el("input", { type: "date", min: draft.heldOn || config.today, value: a.byWhen })), t("CheckIn.Agreement.ByWhenHint"), errors["agreement-byWhen"]),
      field("agreement-howWeKnow", t("CheckIn.Agreement.HowWeKnow"), input("howWeKnow", el("textarea", { rows: "2", maxlength: "1000" }, a.howWeKnow)), t("CheckIn.Agreement.HowWeKnowHint"), errors["agreement-howWeKnow"]));
  }

  // ---- sending --------------------------------------------------------------------------------------------
  function request() {
    const ids = respondentIds();
    const respondents = draft.taking.map(p => ({
      respondentId: ids.get(p), side: "client", personId: p.personId ?? null, continues: p.continues ?? null,
      role: p.role, label: p.name.trim() || null, form: p.faces ? "smiley" : "line",
      // Answered on their own phone: the service takes the answers from the link, not from this page.
      answerLinkId: p.link && p.linkState === "answered" ? p.link.linkId : null,
    }));
    respondents.push({ respondentId: "pro", side: "professional", role: "professional", label: null, form: "line", personId: null, continues: null });
    const keys = [...draft.taking.map(p => p.key), "pro"];
    const scores = [];
    for (const q of questions)
      respondents.forEach((r, i) => {
        if (r.answerLinkId) return;
        const s = draft.scores[keys[i] + "|" + q] ?? {};
        scores.push({
          respondentId: r.respondentId, question: q,
          value: s.value ?? null, smiley: s.smiley ?? null,
          mostSatisfied: s.most?.trim() || null, leastSatisfied: s.least?.trim() || null,
        });
      });
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
    if (!valid(steps()[draft.step])) { render(false); root.querySelector("[aria-invalid=true]")?.focus(); return; }
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
          "Content-Type": "application/json", "Accept": "application/json", "Accept-Language": "nl", "Idempotency-Key": queued.body.checkInId,
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
      // "agreement.byWhen" is the field agreement-byWhen on this (the last) screen: said there, where the eye is.
      const atField = {}, elsewhere = [];
      for (const [name, texts] of Object.entries(problem.errors)) {
        const m = /^agreement\.(what|who|byWhen|howWeKnow)$/i.exec(name);
        if (m) atField["agreement-" + ["what", "who", "byWhen", "howWeKnow"].find(k => k.toLowerCase() === m[1].toLowerCase())] = texts.join(" ");
        else elsewhere.push(texts.join(" "));
      }
      errors = atField;
      render(false);
      if (elsewhere.length) {
        status.replaceChildren(el("div", { class: "notice bad", role: "alert", tabindex: "-1" }, el("p", { text: t("CheckIn.Invalid") }),
          el("ul", {}, elsewhere.map(text => el("li", { text })))));
        status.querySelector(".notice").focus();
      } else {
        status.replaceChildren();
        root.querySelector("[aria-invalid=true]")?.focus();
      }
      return;
    }
    say("bad", t("CheckIn.Failed", problem.detail ?? problem.title ?? response.status));
  }

  async function done(resent) {
    const saved = load(outboxKey)?.body.checkInId ?? draft.checkInId;
    localStorage.removeItem(outboxKey);
    localStorage.removeItem(draftKey);
    // The page as the service worker kept it holds this client's data: gone now that it is sent.
    if ("caches" in window) for (const name of await caches.keys()) (await caches.open(name)).delete(location.pathname);
    root.replaceChildren(el("p", { class: "done-actions" },
      el("a", { class: "button primary big", href: `/clienten/${config.caseId}`, text: t("CheckIn.ToClient") }), " ",
      el("a", { class: "button big", id: "summary-link", href: `/clienten/${config.caseId}/check-ins/${saved}/samenvatting`, text: t("Summary.Link") })));
    say("ok", resent ? t("CheckIn.Sent") : t("CheckIn.Saved"));
    status.querySelector(".notice")?.setAttribute("tabindex", "-1");
    status.querySelector(".notice")?.focus();
  }

  window.addEventListener("online", () => send(true));
  setInterval(() => { if (navigator.onLine) send(true); }, 30000);

  if (draft.taking.some(p => p.link && p.linkState !== "answered")) follow();
  if (load(outboxKey)) {
    say("wait", t("CheckIn.Queued"));
    render(false);
    if (navigator.onLine) send(true);
  } else {
    render(false);
  }
})();

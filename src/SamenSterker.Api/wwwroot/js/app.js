// Every page: the service worker (so a check-in page opened online still opens offline), and signing out clears
// what this device kept (drafts and queued check-ins are personal data).
(function () {
  "use strict";
  if ("serviceWorker" in navigator) navigator.serviceWorker.register("/sw.js").catch(() => { /* works without, only not offline */ });
  // A button that copies a field (the calendar link) to the clipboard, and says so.
  for (const button of document.querySelectorAll("button[data-copy]")) {
    button.addEventListener("click", async () => {
      const field = document.getElementById(button.dataset.copy);
      field.select();
      try { await navigator.clipboard.writeText(field.value); } catch { document.execCommand("copy"); }
      const status = document.querySelector("[data-copy-status]");
      if (status) status.textContent = button.dataset.copied;
    });
  }
  // The summary on the family's own phone: the API makes the link (and its QR code); the page only shows it.
  const share = document.getElementById("share-summary");
  share?.addEventListener("click", async () => {
    const failed = document.getElementById("share-failed");
    failed.hidden = true;
    share.disabled = true;
    try {
      const response = await fetch(share.dataset.api, {
        method: "POST", credentials: "same-origin",
        headers: { "Accept": "application/json", "Accept-Language": "nl",
          "RequestVerificationToken": document.querySelector("meta[name=request-verification-token]")?.content ?? "" },
      });
      if (!response.ok) throw new Error(String(response.status));
      const link = await response.json();
      const svg = new DOMParser().parseFromString(link.qrSvg, "image/svg+xml").documentElement;
      document.querySelector("#shared .qr").replaceChildren(document.importNode(svg, true));
      document.getElementById("shared-url").value = link.url;
      const until = new Date(link.expiresAt).toLocaleDateString("nl-NL", { day: "numeric", month: "long", year: "numeric", timeZone: "Europe/Amsterdam" });
      document.getElementById("shared-until").textContent = share.dataset.until.replace("{0}", until);
      document.getElementById("shared").hidden = false;
      share.hidden = true;
    } catch {
      failed.textContent = share.dataset.failed;
      failed.hidden = false;
      share.disabled = false;
    }
  });
  // After a form was saved: say so at the top of the page it led to.
  try {
    const main = document.querySelector("main[data-saved]");
    if (main && sessionStorage.getItem("samensterker.saved")) {
      sessionStorage.removeItem("samensterker.saved");
      const saved = document.createElement("p");
      saved.className = "notice ok saved";
      saved.setAttribute("role", "status");
      saved.textContent = main.dataset.saved;
      // Where the form led (a #part of the page): said there, under its heading, where the eye is; else at the top.
      const at = location.hash.length > 1 ? document.getElementById(decodeURIComponent(location.hash.slice(1))) : null;
      if (at) at.after(saved); else main.prepend(saved);
    }
  } catch { /* no sessionStorage: no confirmation */ }
  // A chart wider than the screen scrolls in its box: start at its end, where the latest months are.
  for (const box of document.querySelectorAll(".bars-scroll, .table-scroll.to-latest")) box.scrollLeft = box.scrollWidth;
  for (const form of document.querySelectorAll("form[data-sign-out]")) {
    form.addEventListener("submit", async () => {
      for (const key of Object.keys(localStorage)) if (key.startsWith("samensterker.")) localStorage.removeItem(key);
      if ("caches" in window) for (const name of await caches.keys()) await caches.delete(name);
    });
  }
})();
// A button that prints the page (the family's summary, the blank forms).
for (const button of document.querySelectorAll("button[data-print]")) button.addEventListener("click", () => window.print());

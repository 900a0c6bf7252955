// Live lease pages: countdowns computed from each lease's expiry (never decremented, so a
// throttled tab cannot drift), and a SignalR connection that tells htmx when to refetch.
(() => {
  "use strict";

  // Server clock minus browser clock, taken from the latest fragment the server rendered.
  let skew = 0;

  function syncSkew(root) {
    const stamped = (root.matches && root.matches("[data-server-now]")) ? root : root.querySelector("[data-server-now]");
    if (stamped) {
      skew = Date.parse(stamped.dataset.serverNow) - Date.now();
    }
  }

  function describe(ms) {
    const total = Math.ceil(ms / 1000);
    const h = Math.floor(total / 3600);
    const m = Math.floor((total % 3600) / 60);
    const s = total % 60;
    const parts = [];
    if (h > 0) parts.push(h === 1 ? "1 hour" : `${h} hours`);
    if (m > 0) parts.push(m === 1 ? "1 minute" : `${m} minutes`);
    if (s > 0 || parts.length === 0) parts.push(s === 1 ? "1 second" : `${s} seconds`);
    return parts.join(" ") + " left";
  }

  function tick() {
    const now = Date.now() + skew;
    document.querySelectorAll("[data-expires-at]").forEach((el) => {
      const left = Date.parse(el.dataset.expiresAt) - now;
      const text = left > 0 ? describe(left) : "expired";
      if (el.textContent !== text) el.textContent = text;
      if (left <= 0) el.closest("tr")?.classList.add("is-expired");
    });
  }

  // One refresh at a time per region, and a change during a refresh asks for one more after
  // it. htmx's own hx-sync either aborts the request in flight (which htmx reports as a console
  // error) or queues the next one on the element the refresh replaces, where it is lost.
  const busy = new Set();
  const again = new Set();

  function refresh(id) {
    const el = document.getElementById(id);
    if (!el || !el.dataset.refreshUrl) return;
    if (busy.has(id)) {
      again.add(id);
      return;
    }
    busy.add(id);
    htmx.ajax("GET", el.dataset.refreshUrl, { source: el, target: el, swap: "outerHTML" })
      .catch(() => { /* htmx:sendError below has already told the user */ })
      .finally(() => {
        busy.delete(id);
        if (again.delete(id)) refresh(id);
      });
  }

  function refreshAll() {
    refresh("lease-list");
    refresh("panel-details");
  }

  function changed(leaseId) {
    document.body.dispatchEvent(new CustomEvent("leases-changed", { detail: { leaseId } }));
  }

  // A lease waiting for its image: its row's bar and words say how far the pull has come.
  function pulling(leaseId, done, total) {
    const bar = document.getElementById(`pull-${leaseId}`);
    const text = document.getElementById(`pull-text-${leaseId}`);
    if (!bar || !text) return;
    const mb = (bytes) => (bytes / 1048576).toFixed(1);
    if (total) {
      bar.max = total;
      bar.value = Math.min(done, total);
      text.textContent = `${mb(done)} / ${mb(total)} MB (${Math.floor((100 * Math.min(done, total)) / total)}%)`;
    } else {
      text.textContent = `${mb(done)} MB`;
    }
  }

  // An expiry or idle warning: the server renders the banner (its buttons carry the antiforgery
  // token); a newer warning of the same lease replaces the older one.
  function warn(leaseId, idle) {
    const area = document.getElementById("warnings");
    if (!area || !/^[0-9a-f]{32}$/.test(leaseId)) return;
    fetch(`/leases/${leaseId}/warning${idle ? "?idle=true" : ""}`, { headers: { "HX-Request": "true" }, credentials: "same-origin" })
      .then((r) => (r.status === 200 ? r.text() : ""))
      .then((html) => {
        if (!html) return;
        document.getElementById(`warning-${leaseId}`)?.remove();
        area.insertAdjacentHTML("beforeend", html);
        const banner = document.getElementById(`warning-${leaseId}`);
        if (banner) {
          htmx.process(banner);
          syncSkew(banner);
          tick();
        }
      })
      .catch(() => { /* the list's countdown still shows the time left */ });
  }

  document.addEventListener("click", (e) => {
    const dismiss = e.target.closest && e.target.closest(".warning-dismiss");
    if (dismiss) dismiss.closest(".expiry-warning")?.remove();
  });

  // A banner's extension worked: the warning has been answered.
  document.addEventListener("htmx:afterRequest", (e) => {
    const banner = e.detail.elt.closest && e.detail.elt.closest(".expiry-warning");
    if (banner && e.detail.successful) banner.remove();
  });

  function setLive(text, ok) {
    const el = document.getElementById("live-status");
    if (el) {
      el.textContent = text;
      el.classList.toggle("live-off", !ok);
    }
  }

  function connect() {
    const connection = new signalR.HubConnectionBuilder()
      .withUrl("/hubs/leases")
      .withAutomaticReconnect({ nextRetryDelayInMilliseconds: (ctx) => Math.min(1000 * 2 ** ctx.previousRetryCount, 15000) })
      .build();
    connection.on("leasesChanged", (leaseId) => changed(leaseId));
    connection.on("leaseExpiring", (leaseId) => warn(leaseId, false));
    connection.on("leaseIdle", (leaseId) => warn(leaseId, true));
    connection.on("leasePulling", (leaseId, done, total) => pulling(leaseId, done, total));
    // The usage panel (usage.js) streams over this same connection; tell it when the connection is (again) up.
    window.leaseEvents = connection;
    const connected = () => document.dispatchEvent(new CustomEvent("lease-events-connected"));
    connection.onreconnecting(() => setLive("Live updates paused; reconnecting…", false));
    connection.onreconnected(() => { setLive("Live updates on", true); changed(null); connected(); });
    connection.onclose(() => { setLive("Live updates off; retrying…", false); setTimeout(start, 5000); });
    const start = () => connection.start()
      .then(() => { setLive("Live updates on", true); changed(null); connected(); })
      .catch(() => { setLive("Live updates off; retrying…", false); setTimeout(start, 5000); });
    start();
  }

  // The log viewer and the terminal say when the selected lease's container is paused or
  // resumed; the panel's details, rendered by the server, are where that is known. Only a
  // change is announced, so their other messages stand between two refreshes.
  let announced = { leaseId: null, paused: false };

  function announcePause() {
    const details = document.getElementById("panel-details");
    const leaseId = document.getElementById("panel")?.dataset.leaseId;
    if (!details || !leaseId) return;
    if (announced.leaseId !== leaseId) announced = { leaseId, paused: false };
    const paused = !!details.querySelector(".paused-note");
    if (paused === announced.paused) return;
    announced.paused = paused;
    document.dispatchEvent(new CustomEvent("lease-paused", { detail: { leaseId, paused } }));
  }

  // e.target is the element now in the page; after an outerHTML swap e.detail.target is the old one.
  document.addEventListener("htmx:afterSwap", (e) => { syncSkew(e.target); tick(); announcePause(); });

  // htmx swaps nothing on an error answer; say so where the user looks, with the id to report.
  document.addEventListener("htmx:responseError", (e) => {
    const id = e.detail.xhr.getResponseHeader("X-Error-Id");
    const flash = document.getElementById("flash");
    if (flash) {
      flash.innerHTML = "";
      const p = document.createElement("p");
      p.className = "flash flash-error";
      p.textContent = id ? `Something went wrong (error id ${id}). Try again in a moment.` : "Something went wrong. Try again in a moment.";
      flash.appendChild(p);
    }
  });
  document.addEventListener("htmx:sendError", () => setLive("The server does not answer; retrying…", false));

  document.addEventListener("DOMContentLoaded", () => {
    syncSkew(document);
    tick();
    setInterval(tick, 1000);
    setInterval(() => refresh("lease-list"), 30000);
    // Sent by the hub below and, after a change made on this page, by the server's HX-Trigger.
    document.body.addEventListener("leases-changed", refreshAll);
    connect();
  });
})();

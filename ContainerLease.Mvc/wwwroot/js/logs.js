// The log viewer in the lease panel. It streams from the log hub, keeps at most MAX_LINES lines,
// follows the bottom unless the user scrolls up, and on a dropped connection resumes from the
// last line it saw, so nothing is lost or repeated.
(() => {
  "use strict";

  const MAX_LINES = 10000;
  let current = null;

  function createViewer(root) {
    const leaseId = root.dataset.leaseId;
    const el = (name) => root.querySelector(`[data-log="${name}"]`);
    const box = el("lines");
    const status = el("status");
    const lines = []; // { ts, stream, message, node }
    let pending = []; // lines received while paused or before the next frame
    let paused = false;
    let filter = "";
    let last = null; // { ts, seen }: resume position (system notices excluded)
    let subscription = null;
    let stopped = false;
    let frame = 0;

    const connection = new signalR.HubConnectionBuilder()
      .withUrl("/hubs/logs")
      .withAutomaticReconnect({ nextRetryDelayInMilliseconds: (ctx) => Math.min(1000 * 2 ** ctx.previousRetryCount, 10000) })
      .build();

    const say = (text) => { status.textContent = text; };
    const matches = (line) => !filter || line.message.toLowerCase().includes(filter);
    const atBottom = () => box.scrollTop + box.clientHeight >= box.scrollHeight - 8;

    function remember(item) {
      if (item.stream === "system") return;
      if (last && last.ts === item.timestamp) last.seen++;
      else last = { ts: item.timestamp, seen: 1 };
    }

    function render() {
      frame = 0;
      if (paused || pending.length === 0) return;
      const follow = el("follow").checked;
      const fragment = document.createDocumentFragment();
      for (const item of pending) {
        const node = document.createElement("div");
        node.className = `log-line log-${item.stream}`;
        node.textContent = item.message;
        node.title = item.timestamp;
        node.hidden = !matches(item);
        fragment.appendChild(node);
        lines.push({ ts: item.timestamp, stream: item.stream, message: item.message, node });
      }
      pending = [];
      box.appendChild(fragment);
      while (lines.length > MAX_LINES) lines.shift().node.remove();
      if (follow) box.scrollTop = box.scrollHeight;
    }

    function receive(item) {
      remember(item);
      pending.push(item);
      if (pending.length > MAX_LINES) pending.splice(0, pending.length - MAX_LINES);
      if (!frame) frame = requestAnimationFrame(render);
    }

    function stream() {
      const since = last ? last.ts : null;
      const seen = last ? last.seen : 0;
      let notice = null; // the server's own last word, e.g. that the container stopped or the server is shutting down
      subscription = connection.stream("StreamLogs", leaseId, since, seen).subscribe({
        next: (item) => {
          notice = item.stream === "system" ? item.message : null;
          receive(item);
        },
        // A completed stream is not an error: after a shutdown notice the connection drops and
        // onreconnected resumes after the last line shown.
        complete: () => say(notice ?? "The log ended."),
        error: (err) => {
          if (stopped) return;
          // A dropped connection errors the stream; onreconnected resumes it. Anything else is final.
          if (connection.state === signalR.HubConnectionState.Connected) say(`Log unavailable: ${err.message.replace(/^.*HubException: /, "")}`);
        },
      });
      say(since ? "Live again; resumed after the last line." : "Live");
    }

    const onPause = (e) => {
      if (e.detail.leaseId === leaseId) say(e.detail.paused ? "The container is paused; its log goes on when it resumes." : "Live");
    };
    document.addEventListener("lease-paused", onPause);
    connection.onreconnecting(() => say("Connection lost; reconnecting…"));
    connection.onreconnected(() => stream());
    connection.start().then(stream).catch(() => say("Could not connect to the log stream."));

    el("pause").addEventListener("click", (e) => {
      paused = !paused;
      e.target.textContent = paused ? "Resume" : "Pause";
      e.target.setAttribute("aria-pressed", String(paused));
      if (!paused) render();
    });
    el("filter").addEventListener("input", (e) => {
      filter = e.target.value.toLowerCase();
      for (const line of lines) line.node.hidden = !matches(line);
    });
    el("follow").addEventListener("change", (e) => {
      el("jump").hidden = e.target.checked;
      if (e.target.checked) box.scrollTop = box.scrollHeight;
    });
    el("jump").addEventListener("click", () => {
      el("follow").checked = true;
      el("jump").hidden = true;
      box.scrollTop = box.scrollHeight;
    });
    box.addEventListener("scroll", () => {
      const follow = el("follow");
      if (!atBottom() && follow.checked) { follow.checked = false; el("jump").hidden = false; }
    });
    const visibleText = () => lines.filter(matches).map((l) => `${l.ts} ${l.stream} ${l.message}`).join("\n") + "\n";
    el("copy").addEventListener("click", () => navigator.clipboard.writeText(visibleText()).then(() => say("Copied.")));
    el("download").addEventListener("click", () => {
      const url = URL.createObjectURL(new Blob([visibleText()], { type: "text/plain" }));
      const a = document.createElement("a");
      a.href = url;
      a.download = `lease-${leaseId}.log`;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    });

    return {
      root,
      stop() {
        stopped = true;
        document.removeEventListener("lease-paused", onPause);
        subscription?.dispose();
        connection.stop();
      },
    };
  }

  function attach() {
    const root = document.getElementById("log-viewer");
    if (current && current.root === root) return;
    current?.stop();
    current = root ? createViewer(root) : null;
  }

  document.addEventListener("DOMContentLoaded", attach);
  document.addEventListener("htmx:afterSettle", attach);
  window.addEventListener("pagehide", () => current?.stop());
})();

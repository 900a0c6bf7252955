// The usage panel: the selected lease's CPU, memory, processes, network and disk, pushed about
// every second over the page's lease-events connection (leases.js) while the panel is open, with
// sparklines of the last five minutes. Nothing is read from the engine while no panel is open.
(() => {
  "use strict";

  const POINTS = 300; // five minutes of one reading a second
  let current = null;

  const mb = (bytes) => `${(bytes / 1048576).toFixed(1)} MB`;
  const bytes = (n) => (n >= 1048576 ? mb(n) : `${(n / 1024).toFixed(1)} KB`);

  function draw(svg, values, max) {
    const top = Math.max(max, 1e-9);
    const step = 300 / (POINTS - 1);
    const start = POINTS - values.length;
    const points = values.map((v, i) => `${((start + i) * step).toFixed(1)},${(40 - (Math.min(v, top) / top) * 38 - 1).toFixed(1)}`);
    svg.querySelector("polyline").setAttribute("points", points.join(" "));
  }

  function createUsage(root) {
    const leaseId = root.dataset.leaseId;
    const el = (name) => root.querySelector(`[data-usage="${name}"]`);
    const cpu = [];
    const memory = [];
    let subscription = null;
    let stopped = false;

    function show(u) {
      el("cpu").textContent = `${u.cpuPercent.toFixed(1)} %`;
      el("memory").textContent = `${mb(u.memoryBytes)} of ${mb(u.memoryLimitBytes)}`;
      el("pids").textContent = u.pidsLimit > 0 ? `${u.pids} of ${u.pidsLimit}` : `${u.pids}`;
      el("net").textContent = `${bytes(u.netRxBytes)} / ${bytes(u.netTxBytes)}`;
      el("block").textContent = `${bytes(u.blockReadBytes)} / ${bytes(u.blockWriteBytes)}`;
      cpu.push(u.cpuPercent);
      memory.push(u.memoryBytes);
      if (cpu.length > POINTS) cpu.shift();
      if (memory.length > POINTS) memory.shift();
      // CPU is scaled to its own peak (at least one core's tenth), memory to the limit.
      draw(el("cpu-chart"), cpu, Math.max(10, ...cpu));
      draw(el("memory-chart"), memory, u.memoryLimitBytes);
      el("status").textContent = `Updated ${new Date(u.at).toLocaleTimeString()}`;
    }

    function stream() {
      const connection = window.leaseEvents;
      if (stopped || !connection || connection.state !== signalR.HubConnectionState.Connected) return;
      subscription?.dispose();
      subscription = connection.stream("StreamUsage", leaseId).subscribe({
        next: show,
        complete: () => { el("status").textContent = "The container stopped."; },
        error: (err) => {
          // A dropped connection errors the stream; "lease-events-connected" starts it again.
          if (connection.state === signalR.HubConnectionState.Connected) {
            el("status").textContent = `Usage unavailable: ${String(err?.message ?? err).replace(/^.*HubException: /, "")}`;
          }
        },
      });
    }

    document.addEventListener("lease-events-connected", stream);
    stream();

    return {
      root,
      stop() {
        stopped = true;
        document.removeEventListener("lease-events-connected", stream);
        subscription?.dispose();
      },
    };
  }

  function attach() {
    const root = document.getElementById("usage");
    if (current && current.root === root) return;
    current?.stop();
    current = root ? createUsage(root) : null;
  }

  document.addEventListener("DOMContentLoaded", attach);
  document.addEventListener("htmx:afterSettle", attach);
  window.addEventListener("pagehide", () => current?.stop());
})();

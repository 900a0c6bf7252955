// The terminal in the lease panel: xterm.js over the terminal hub. The server starts a shell on
// a TTY and streams what it prints as text (decoded once, server-side, so no character arrives
// split); keystrokes and pastes go back as typed, and the TTY follows the panel's size. Closing
// the terminal, or leaving the lease, ends the shell.
(() => {
  "use strict";

  const MAX_INPUT = 8192; // the hub's limit per call; a longer paste goes in pieces, in order
  let current = null;

  // xterm.js's DOM renderer adds <style> elements, which this page's content security policy
  // admits only with the page's nonce; stamp it on each one as it is made, before it is inserted.
  const nonce = document.querySelector('meta[name="style-nonce"]')?.content;
  if (nonce) {
    const create = document.createElement.bind(document);
    document.createElement = (tag, options) => {
      const element = create(tag, options);
      if (String(tag).toLowerCase() === "style") element.setAttribute("nonce", nonce);
      return element;
    };
  }

  function createTerminal(root) {
    const leaseId = root.dataset.leaseId;
    const el = (name) => root.querySelector(`[data-terminal="${name}"]`);
    const status = el("status");
    let term = null;
    let fit = null;
    let connection = null;
    let subscription = null;
    let session = null;
    let input = Promise.resolve();

    const say = (text) => { status.textContent = text; };
    const reason = (err) => String(err?.message ?? err).replace(/^.*HubException: /, "");
    const fitToPanel = () => { if (term) fit.fit(); };

    function send(data) {
      if (!session) return;
      const id = session;
      for (let i = 0; i < data.length; i += MAX_INPUT) {
        const piece = data.slice(i, i + MAX_INPUT);
        input = input.then(() => connection.invoke("Input", id, piece)).catch((err) => say(`Input not sent: ${reason(err)}`));
      }
    }

    function ended(text) {
      session = null;
      el("open").hidden = false;
      el("open").textContent = "Open a new terminal";
      el("close").hidden = true;
      if (text) say(text);
      window.removeEventListener("resize", fitToPanel);
      connection?.stop();
      connection = null;
    }

    async function open() {
      el("open").hidden = true;
      el("close").hidden = false;
      el("screen").hidden = false;
      say("Connecting…");
      term?.dispose();
      term = new Terminal({ cursorBlink: true, fontSize: 14, scrollback: 5000 });
      fit = new FitAddon.FitAddon();
      term.loadAddon(fit);
      term.open(el("screen"));
      fit.fit();
      term.onData(send);
      term.onResize(({ cols, rows }) => {
        if (session) connection.invoke("Resize", session, cols, rows).catch((err) => say(`Resize not sent: ${reason(err)}`));
      });
      window.addEventListener("resize", fitToPanel);

      // No automatic reconnect: a dropped connection ends the shell on the server, so the
      // terminal says so and offers a new one.
      connection = new signalR.HubConnectionBuilder().withUrl("/hubs/terminal").build();
      connection.onclose(() => { if (session) ended("The connection was lost; the shell has ended."); });
      try {
        await connection.start();
      } catch {
        ended("Could not connect to the terminal.");
        return;
      }

      subscription = connection.stream("Open", leaseId, term.cols, term.rows).subscribe({
        next: (item) => {
          if (item.kind === "started") {
            session = item.text;
            say("Connected");
            term.focus();
          } else if (item.kind === "data") {
            term.write(item.text);
          } else if (item.kind === "notice") {
            term.write(`\r\n\x1b[33m${item.text}\x1b[0m\r\n`);
            say(item.text);
          }
        },
        complete: () => ended(),
        error: (err) => ended(`Terminal unavailable: ${reason(err)}`),
      });
    }

    function stop(text) {
      subscription?.dispose();
      subscription = null;
      ended(text);
    }

    // Typing into a paused container's shell waits in its TTY until the container resumes.
    const onPause = (e) => {
      if (session && e.detail.leaseId === leaseId) say(e.detail.paused ? "The container is paused; what you type waits until it resumes." : "Connected");
    };
    document.addEventListener("lease-paused", onPause);

    el("open").addEventListener("click", open);
    el("close").addEventListener("click", () => {
      stop("Closed; the shell has ended.");
      term?.dispose();
      term = null;
      el("screen").hidden = true;
    });

    return {
      root,
      stop() {
        document.removeEventListener("lease-paused", onPause);
        stop();
        term?.dispose();
      },
    };
  }

  function attach() {
    const root = document.getElementById("terminal");
    if (current && current.root === root) return;
    current?.stop();
    current = root && root.querySelector('[data-terminal="open"]') ? createTerminal(root) : null;
  }

  document.addEventListener("DOMContentLoaded", attach);
  document.addEventListener("htmx:afterSettle", attach);
  window.addEventListener("pagehide", () => current?.stop());
})();

// The lease panel's upload form, sent by htmx as an XMLHttpRequest: its progress fills the
// <progress> beside the button, and a file over the server's cap is refused beside the field
// before a byte is sent.
(() => {
  "use strict";

  const uploadForm = (e) => (e.target instanceof Element ? e.target.closest("form[data-max-bytes]") : null);

  function size(bytes) {
    if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, "")} MB`;
    if (bytes >= 1024) return `${(bytes / 1024).toFixed(1).replace(/\.0$/, "")} KB`;
    return `${bytes} bytes`;
  }

  function say(form, text) {
    form.querySelector("[data-upload=error]").textContent = text;
    form.querySelector("input[type=file]").setAttribute("aria-invalid", text ? "true" : "false");
  }

  document.addEventListener("htmx:beforeRequest", (e) => {
    const form = uploadForm(e);
    if (!form) return;
    const file = form.querySelector("input[type=file]").files[0];
    const max = Number(form.dataset.maxBytes);
    if (file && file.size > max) {
      say(form, `${file.name} is ${size(file.size)}; an upload may be at most ${size(max)}.`);
      e.preventDefault();
      return;
    }
    say(form, "");
    const bar = form.querySelector("progress");
    bar.value = 0;
    bar.hidden = false;
  });

  // htmx reports the request's upload progress and then the answer's; both end full.
  document.addEventListener("htmx:xhr:progress", (e) => {
    const form = uploadForm(e);
    if (!form || !e.detail.lengthComputable || e.detail.total === 0) return;
    const bar = form.querySelector("progress");
    bar.max = e.detail.total;
    bar.value = e.detail.loaded;
  });
})();

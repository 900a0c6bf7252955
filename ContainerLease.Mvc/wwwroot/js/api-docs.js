// The API docs page (/docs/api/): a configuration module Scalar's page imports (same origin, so the
// content security policy admits it). It adds what Scalar's markup leaves out for assistive
// technology: the page's language, and the state of its code-editor comboboxes (closed until they
// say otherwise), which axe-core asks for.
document.documentElement.lang = "en";

function labelComboboxes() {
  for (const editor of document.querySelectorAll('[role="combobox"]:not([aria-expanded])')) {
    editor.setAttribute("aria-expanded", "false");
  }
}

labelComboboxes();
new MutationObserver(labelComboboxes).observe(document.body, { childList: true, subtree: true });

export default {};

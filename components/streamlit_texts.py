"""Streamlit's own interface texts in the session language (issue 20, "stray English").

Streamlit 1.67 writes the table toolbar's tooltips ("Search", "Fullscreen",
"Show/hide columns"), the table's search bar, its column menu and an empty
select box's placeholder in English only, with no option or config to change
them. :func:`follow_language` puts a small script in the page (``st.html`` with
JavaScript, served by our own host, nothing loaded from elsewhere) that swaps
those exact texts, and the same words in ``aria-label``, ``placeholder`` and
``title`` attributes, for the words of :func:`display.labels.streamlit_texts`
whenever Streamlit draws them (a ``MutationObserver``: tooltips and menus are
drawn on demand). Only whole texts equal to a key are swapped, so the app's own
texts and data are left alone.
"""

from __future__ import annotations

import json

import streamlit as st

from components.i18n import lang
from display.labels import streamlit_texts

#: Key of the container holding the script (hidden by CSS: it draws nothing).
CONTAINER_KEY = "streamlit_texts"
#: The page script; ``__SWAPS__`` is replaced by the swaps as a JSON object.
_SCRIPT = """<script>
(() => {
  const w = window;
  w.__tpmapSwaps = __SWAPS__;
  const ATTRIBUTES = ["aria-label", "placeholder", "title"];
  const swapped = (text) => {
    const key = text.trim();
    if (!key || !Object.prototype.hasOwnProperty.call(w.__tpmapSwaps, key)) return null;
    return text.replace(key, w.__tpmapSwaps[key]);
  };
  const fixText = (node) => {
    const to = swapped(node.nodeValue || "");
    if (to !== null) node.nodeValue = to;
  };
  const fixElement = (element) => {
    for (const name of ATTRIBUTES) {
      const value = element.getAttribute(name);
      const to = value ? swapped(value) : null;
      if (to !== null) element.setAttribute(name, to);
    }
    for (const child of element.childNodes) if (child.nodeType === 3) fixText(child);
  };
  const fix = (node) => {
    if (node.nodeType === 3) return fixText(node);
    if (node.nodeType !== 1) return;
    fixElement(node);
    node.querySelectorAll("*").forEach(fixElement);
  };
  if (!w.__tpmapSwapObserver) {
    w.__tpmapSwapObserver = new MutationObserver((records) => {
      for (const record of records) {
        if (record.type === "childList") record.addedNodes.forEach(fix);
        else if (record.type === "characterData") fixText(record.target);
        else fixElement(record.target);
      }
    });
    w.__tpmapSwapObserver.observe(document.body, {
      childList: true, subtree: true, characterData: true,
      attributes: true, attributeFilter: ATTRIBUTES,
    });
  }
  fix(document.body);
})();
</script>"""
#: Hides the (empty) container of the script, so it takes no room on the page.
HIDE_CSS = f".st-key-{CONTAINER_KEY} {{ display: none !important; }}"


def follow_language() -> None:
    """Put the script that swaps Streamlit's own texts for the session language in the page.

    Drawn once per page run (by :func:`components.layout.page_header`, and by
    the audit page, which has no area header), with the style that hides its
    container; the script installs one observer per browser tab and takes the
    new swaps when the language changes.
    """
    swaps = json.dumps(streamlit_texts(lang()), ensure_ascii=False)
    with st.container(key=CONTAINER_KEY):
        st.html(
            f"<style>{HIDE_CSS}</style>" + _SCRIPT.replace("__SWAPS__", swaps),
            unsafe_allow_javascript=True,
        )

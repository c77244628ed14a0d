// Names admin's autocomplete boxes (select2) for screen readers (issue 20: axe's aria-input-field-name
// and label). select2 hides the <select>, which has the label, and shows a box of its own with none.
// Each box is named after its <select>: its <label>, or the aria-label of a row in a table of rows.
(function () {
  "use strict";

  function nameOf(select) {
    var label = select.id ? document.querySelector('label[for="' + select.id + '"]') : null;
    var text = select.getAttribute("aria-label") || (label ? label.textContent : "") || select.name;
    return text.replace(/:\s*$/, "").trim();
  }

  function nameBoxes() {
    document.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      var box = select.nextElementSibling;
      if (!box || !box.classList.contains("select2")) {
        return;
      }
      var name = nameOf(select);
      box.querySelectorAll(".select2-selection").forEach(function (element) {
        // select2 points this at the chosen value, which is empty until something is chosen.
        element.removeAttribute("aria-labelledby");
        element.setAttribute("aria-label", name);
      });
      box.querySelectorAll(".select2-selection__rendered[role='textbox']").forEach(function (element) {
        element.setAttribute("aria-label", name + ": " + (element.textContent.trim() || "none chosen"));
      });
      box.querySelectorAll(".select2-search__field").forEach(function (element) {
        element.setAttribute("aria-label", "Search: " + name);
      });
    });
    // The search box of an open list lives at the end of the page.
    document.querySelectorAll(".select2-dropdown .select2-search__field:not([aria-label])").forEach(function (el) {
      el.setAttribute("aria-label", "Search");
    });
  }

  var pending = false;
  new MutationObserver(function () {
    if (!pending) {
      pending = true;
      window.requestAnimationFrame(function () {
        pending = false;
        nameBoxes();
      });
    }
  }).observe(document.documentElement, { childList: true, subtree: true });
  document.addEventListener("DOMContentLoaded", nameBoxes);
})();

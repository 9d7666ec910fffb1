// Progressive enhancement of the site's two disclosures, the chapters menu and "On this page".
// Without JavaScript each is a native <details> that opens and closes on its own. With it, each
// becomes a real <button aria-expanded> that shows or hides a panel, which every screen reader
// announces the same way. On wide screens the chapters stay listed (the stylesheet hides their button)
// and "On this page" starts open.
(function () {
  "use strict";
  var count = 0;
  var wide = window.matchMedia("(min-width: 64rem)");
  document.querySelectorAll("details[data-rss-disclosure]").forEach(function (details) {
    var summary = details.querySelector(":scope > summary");
    if (!summary) return;
    count += 1;
    var wrapper = document.createElement("div");
    var button = document.createElement("button");
    var panel = document.createElement("div");
    wrapper.className = details.className + " is-enhanced";
    button.type = "button";
    button.className = summary.className;
    button.innerHTML = summary.innerHTML;
    panel.className = "disclosure-panel";
    panel.id = "rss-disclosure-" + count;
    button.setAttribute("aria-controls", panel.id);
    while (summary.nextSibling) panel.appendChild(summary.nextSibling);
    function show(open) {
      button.setAttribute("aria-expanded", open ? "true" : "false");
      panel.hidden = !open;
    }
    show(details.open || (details.getAttribute("data-rss-disclosure") === "open-when-wide" && wide.matches));
    button.addEventListener("click", function () {
      show(button.getAttribute("aria-expanded") !== "true");
    });
    wrapper.appendChild(button);
    wrapper.appendChild(panel);
    details.replaceWith(wrapper);
  });
})();

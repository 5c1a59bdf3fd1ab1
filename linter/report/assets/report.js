"use strict";
// Filters: a finding shows when its severity and its category are both ticked. A highlight takes
// the colour of the most severe visible finding it covers and fades when none is visible.
(function () {
  var RANK = { info: 0, warning: 1, error: 2 };
  var boxes = document.querySelectorAll(".filters input[type=checkbox]");

  function ticked(kind) {
    var on = {};
    boxes.forEach(function (box) { if (box.dataset.filter === kind && box.checked) { on[box.value] = true; } });
    return on;
  }

  function apply() {
    var severities = ticked("severity"), categories = ticked("category");
    document.querySelectorAll("section.article").forEach(function (section) {
      var visible = {}, shown = 0;
      section.querySelectorAll("li.finding").forEach(function (item) {
        var on = severities[item.dataset.severity] === true && categories[item.dataset.category] === true;
        item.hidden = !on;
        if (on) { visible[item.dataset.index] = item.dataset.severity; shown += 1; }
      });
      section.querySelectorAll("mark.hl").forEach(function (mark) {
        var best = null;
        mark.dataset.f.split(" ").forEach(function (i) {
          var s = visible[i];
          if (s && (best === null || RANK[s] > RANK[best])) { best = s; }
        });
        mark.classList.remove("error", "warning", "info", "off");
        mark.classList.add(best || "off");
      });
      var count = section.querySelector(".shown");
      if (count) { count.textContent = String(shown); }
    });
  }

  boxes.forEach(function (box) { box.addEventListener("change", apply); });

  // A click in the list flashes the finding's highlights in the text.
  document.querySelectorAll("li.finding a").forEach(function (link) {
    link.addEventListener("click", function () {
      var section = link.closest("section.article"), index = link.parentNode.dataset.index;
      section.querySelectorAll("mark.hl").forEach(function (mark) {
        if (mark.dataset.f.split(" ").indexOf(index) >= 0) {
          mark.classList.add("flash");
          setTimeout(function () { mark.classList.remove("flash"); }, 1500);
        }
      });
    });
  });
})();

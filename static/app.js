// Progressive enhancement only: every page works without this file.
// Moves keyboard and screen-reader focus to a form's error summary, as GOV.UK Frontend does.
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.querySelector(".error-summary");
  if (summary) {
    summary.focus();
  }
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
});

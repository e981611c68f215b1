// The operations page's only script: asks for the panel again every few seconds and swaps it in,
// says when the figures were read and how far behind the event log they are, and follows the
// office chosen. The page works without it (the office form reloads the page).
(function () {
  "use strict";
  var every = 5000;
  var main = document.getElementById("figures");
  var status = document.getElementById("status");
  var select = document.getElementById("office");
  var form = document.getElementById("scope");
  var timer = null;
  var failures = 0;

  function office() { return select ? select.value : ""; }

  function describe(panel) {
    var events = Number(panel.getAttribute("data-lag-events") || "0");
    var seconds = Number(panel.getAttribute("data-lag-seconds") || "0");
    var at = new Date(panel.getAttribute("data-as-of"));
    return "Figures as of " + at.toLocaleTimeString() + "; " +
      (events === 0 ? "up to date with the event log." : events + " events behind the event log (" + seconds.toFixed(1) + " s).");
  }

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(refresh, document.hidden ? every * 4 : every);
  }

  function refresh() {
    var url = "/ops/panel" + (office() ? "?office=" + encodeURIComponent(office()) : "");
    fetch(url, { credentials: "same-origin", headers: { "Accept": "text/html" }, cache: "no-store" })
      .then(function (response) {
        if (response.status === 401) { window.location.assign("/sign-in?return=" + encodeURIComponent("/ops")); return null; }
        if (!response.ok) { throw new Error("HTTP " + response.status); }
        return response.text();
      })
      .then(function (html) {
        if (html === null) { return; }
        failures = 0;
        var open = Array.prototype.map.call(main.querySelectorAll("details"), function (d) { return d.open; });
        main.setAttribute("aria-busy", "true");
        main.innerHTML = html;
        main.setAttribute("data-office", office());
        Array.prototype.forEach.call(main.querySelectorAll("details"), function (d, i) { d.open = !!open[i]; });
        main.setAttribute("aria-busy", "false");
        var panel = document.getElementById("panel");
        status.textContent = describe(panel);
        status.classList.remove("stale");
      })
      .catch(function () {
        failures += 1;
        status.textContent = "Could not reach the server (" + failures + " tries); the figures below may be old. Trying again.";
        status.classList.add("stale");
      })
      .then(schedule);
  }

  if (form && select) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      history.replaceState(null, "", "/ops" + (office() ? "?office=" + encodeURIComponent(office()) : ""));
      document.querySelectorAll("nav a[href^='/ops/figures']").forEach(function (a) {
        a.setAttribute("href", a.getAttribute("href").split("?")[0] + (office() ? "?office=" + encodeURIComponent(office()) : ""));
      });
      refresh();
    });
    select.addEventListener("change", function () { form.requestSubmit ? form.requestSubmit() : form.submit(); });
  }
  document.addEventListener("visibilitychange", function () { if (!document.hidden) { refresh(); } });
  schedule();
})();

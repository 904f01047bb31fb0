/* The portfolio report's tables, offline (no network, no library):
   - a click on a column heading sorts the table: figures by their data-sort value, text in
     French order, a missing value always last; a second click reverses;
   - the filter bar above a table (data-filter-for="<table id>") keeps the rows whose
     company name or id contains the text typed (accents and case ignored) and whose
     sector is the one chosen. */
(function () {
  function plain(s) {
    return (s || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  function key(cell, numeric) {
    if (!cell) { return null; }
    var v = cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent.trim();
    if (v === "") { return null; }
    if (!numeric) { return v; }
    var x = parseFloat(v);
    return isNaN(x) ? null : x;
  }
  Array.prototype.forEach.call(document.querySelectorAll("table.rc-sortable"), function (table) {
    var body = table.tBodies[0];
    var heads = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(heads, function (th, k) {
      var button = th.querySelector(".rc-sort");
      if (!button) { return; }
      function sort() {
        var numeric = th.getAttribute("data-type") === "num";
        var dir = th.getAttribute("aria-sort") === "ascending" ? -1 : 1;
        Array.prototype.forEach.call(heads, function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", dir === 1 ? "ascending" : "descending");
        var rows = Array.prototype.map.call(body.rows, function (row, i) {
          return { row: row, i: i, key: key(row.cells[k], numeric) };
        });
        rows.sort(function (a, b) {
          if (a.key === null || b.key === null) {
            return (a.key === null) - (b.key === null) || a.i - b.i;
          }
          var c = numeric ? a.key - b.key : a.key.localeCompare(b.key, "fr", { numeric: true });
          return dir * c || a.i - b.i;
        });
        rows.forEach(function (r) { body.appendChild(r.row); });
      }
      button.addEventListener("click", sort);
      button.addEventListener("keydown", function (e) {
        if (e.key === "Enter" || e.key === " ") { e.preventDefault(); sort(); }
      });
    });
  });
  Array.prototype.forEach.call(document.querySelectorAll("[data-filter-for]"), function (bar) {
    var table = document.getElementById(bar.getAttribute("data-filter-for"));
    if (!table) { return; }
    var text = bar.querySelector("input");
    var sector = bar.querySelector("select");
    var count = bar.querySelector("output");
    function apply() {
      var wanted = plain(text.value), chosen = sector ? sector.value : "";
      var shown = 0;
      Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
        var ok = plain(row.getAttribute("data-search")).indexOf(wanted) !== -1 &&
          (chosen === "" || row.getAttribute("data-sector") === chosen);
        row.hidden = !ok;
        shown += ok ? 1 : 0;
      });
      if (count) { count.textContent = shown + " / " + table.tBodies[0].rows.length; }
    }
    text.addEventListener("input", apply);
    if (sector) { sector.addEventListener("change", apply); }
    apply();
  });
})();

/**
 * The report's only script: requirement filters and the copy button. It reads no model data (there is
 * nothing to escape here) and only toggles visibility; the page is complete without it. Kept ES5-plain
 * so that old viewers of an archived report still run it.
 */
export const REPORT_SCRIPT = `(function () {
  'use strict';
  var form = document.getElementById('filters');
  var table = document.getElementById('requirement-table');
  if (form && table) {
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    // Search the row's own cells, not the evidence shown on demand in its last cell.
    var texts = rows.map(function (row) {
      var text = '';
      for (var i = 0; i < row.cells.length; i += 1) if (row.cells[i].className !== 'evidence-cell') text += row.cells[i].textContent + ' ';
      return text.toLowerCase();
    });
    var count = document.getElementById('filter-count');
    var empty = document.getElementById('no-match');
    var apply = function () {
      var outcome = form.elements.outcome.value;
      var level = form.elements.level.value;
      var area = form.elements.area.value;
      var query = form.elements.q.value.trim().toLowerCase();
      var shown = 0;
      rows.forEach(function (row, index) {
        var visible = (!outcome || row.getAttribute('data-outcome') === outcome) &&
          (!level || row.getAttribute('data-level') === level) &&
          (!area || row.getAttribute('data-area') === area) &&
          (!query || texts[index].indexOf(query) !== -1);
        row.hidden = !visible;
        if (visible) shown += 1;
      });
      var noun = rows.length === 1 ? ' requirement' : ' requirements';
      count.textContent = shown === rows.length ? rows.length + noun : shown + ' of ' + rows.length + noun;
      empty.hidden = shown !== 0;
    };
    form.addEventListener('input', apply);
    form.addEventListener('change', apply);
    form.addEventListener('submit', function (event) { event.preventDefault(); });
    form.addEventListener('reset', function () { setTimeout(apply, 0); });
    form.hidden = false;
    apply();
  }
  var copy = document.getElementById('copy-command');
  var command = document.getElementById('reproduce-command');
  if (copy && command) {
    copy.hidden = false;
    copy.addEventListener('click', function () {
      var done = function () {
        copy.textContent = 'Copied';
        setTimeout(function () { copy.textContent = 'Copy'; }, 1500);
      };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(command.textContent).then(done, function () {});
      } else {
        var range = document.createRange();
        range.selectNodeContents(command);
        var selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
        if (document.execCommand('copy')) done();
      }
    });
  }
})();`;

"""The report page's inline stylesheet (screen and print) and its one small script: saving the
evaluator's fields as a notes file. Nothing is fetched from the network."""

from __future__ import annotations

CSS = """
*{box-sizing:border-box}
body{font:15px/1.45 "DejaVu Sans",Arial,sans-serif;color:#1d232b;margin:0;background:#f3f5f7}
main{max-width:1180px;margin:0 auto;padding:24px 28px 48px;background:#fff}
h1{font-size:24px;margin:0 0 4px}
h2{font-size:19px;margin:30px 0 10px;border-bottom:2px solid #dde3ea;padding-bottom:4px}
h3{font-size:16px;margin:16px 0 6px}
.kicker{color:#4b5663;font-size:13px;text-transform:uppercase;letter-spacing:.06em;margin:0}
.banner{background:#b3261e;color:#fff;padding:10px 14px;font-weight:bold;margin:0 0 10px}
.banner.regraded{background:#7a4b00}
.badge{display:inline-block;min-width:26px;text-align:center;color:#fff;font-weight:bold;
border-radius:4px;padding:1px 7px;margin-right:6px}
.status{display:inline-block;border-radius:3px;padding:0 6px;font-size:12px;font-weight:bold;
white-space:nowrap}
.status-met{background:#dcefe1;color:#14532d}.status-missed{background:#f8d7d4;color:#8a1c14}
.status-not_observed{background:#e6e8eb;color:#39424d}
table{border-collapse:collapse;width:100%;margin:6px 0;table-layout:auto}
th,td{text-align:left;vertical-align:top;padding:5px 7px;border-bottom:1px solid #e3e8ee;
overflow-wrap:anywhere}
th{background:#f0f3f6;font-size:13px}
table.facts th{width:210px;background:none;font-weight:bold}
.why,.note,.guide{color:#4b5663;font-size:13px}.crit{color:#b3261e;font-weight:bold}
li{margin:4px 0}.overall{font-size:18px;margin:8px 0 0}
.cite{color:#4b5663;font-size:12px;white-space:nowrap}
.afi{border-left:4px solid #c26a00;padding:2px 0 2px 12px;margin:12px 0;break-inside:avoid}
.afi.critical{border-color:#b3261e}
.afi dl{margin:4px 0;display:grid;grid-template-columns:max-content 1fr;gap:2px 10px}
.afi dt{font-weight:bold;font-size:13px}.afi dd{margin:0}
input,textarea{font:inherit;font-size:14px;width:100%;border:1px solid #b8c1cc;
border-radius:3px;padding:3px 5px;background:#fffef6}
textarea{min-height:60px;resize:vertical}
button{font:inherit;padding:6px 14px;border:1px solid #3a6ea5;background:#3a6ea5;color:#fff;
border-radius:4px;cursor:pointer}
.legend span{display:inline-block;margin-right:14px}
svg{display:block;max-width:100%;height:auto}svg#map{max-height:640px;margin:0 auto}
svg text{font-family:"DejaVu Sans",Arial,sans-serif}
.events td:nth-child(-n+3){white-space:nowrap;overflow-wrap:normal}
.sign{display:grid;grid-template-columns:1fr 1fr;gap:24px;margin-top:28px}
.sign div{border-top:1px solid #1d232b;padding-top:4px;font-size:13px}
.print-only{display:none}
table.tasks td:nth-child(2){width:18%}table.tasks td:nth-child(3){width:110px}
#plan-matrix td:first-child{width:38%}
@page{size:A4;margin:13mm 11mm 14mm}
@media print{
 body{background:#fff;font-size:10.5px;line-height:1.35}
 main{max-width:none;padding:0}
 h1{font-size:18px}h2{font-size:14px;margin:14px 0 6px;break-after:avoid}
 h3{font-size:12px;margin:8px 0 4px;break-after:avoid}
 th,td{padding:2px 4px;font-size:9.5px}th{font-size:9.5px}
 tr,li,.afi{break-inside:avoid}
 .screen-only{display:none}
 input,textarea{display:none}
 .print-only{display:block;min-height:1.4em;border-bottom:1px solid #8a96a3;white-space:pre-wrap}
 .why,.note,.guide,.cite{font-size:9px}
 .afi{margin:5px 0;padding:0 0 0 8px}.afi h3{margin:0 0 2px}
 .afi dl{margin:0;gap:1px 8px}.afi dt{font-size:9.5px}
 svg#map{max-height:120mm}
 section.plots{break-before:page}
}
"""

SCRIPT = """
document.querySelectorAll('[data-note],[data-plan]').forEach(function (el) {
  el.addEventListener('input', function () { el.nextElementSibling.textContent = el.value; });
});
document.getElementById('save-notes').addEventListener('click', function () {
  var main = document.querySelector('main');
  var notes = {schema: 'taskforce-notes/1', session: main.dataset.session,
               evaluator: '', point_of_contact: '', notes: '', plan: {}};
  document.querySelectorAll('[data-note]').forEach(function (el) {
    notes[el.dataset.note] = el.value;
  });
  document.querySelectorAll('[data-plan]').forEach(function (el) {
    var row = notes.plan[el.dataset.plan] || (notes.plan[el.dataset.plan] = {});
    row[el.dataset.field] = el.value;
  });
  var text = JSON.stringify(notes, null, 2) + '\\n';
  var link = document.createElement('a');
  link.href = URL.createObjectURL(new Blob([text], {type: 'application/json'}));
  link.download = main.dataset.session + '.notes.json';
  document.body.appendChild(link);
  link.click();
  link.remove();
  document.getElementById('saved').textContent =
    'Saved as ' + link.download + '. Give it to taskforce grade with --notes to carry it on.';
});
"""

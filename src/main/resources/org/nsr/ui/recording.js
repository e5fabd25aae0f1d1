// The page of a finished recording: a time slider over the recording's range; each position asks
// the server for the state at that time (/at?t=), one request at a time, the latest position winning.
(function () {
  'use strict';
  const COLORS = ['#4fc3f7', '#81c784', '#ffb74d', '#ba68c8', '#f06292', '#4db6ac', '#fff176', '#90a4ae'];
  const $ = (id) => document.getElementById(id);
  let chart = null, chartNames = '', inFlight = false, wanted = null, last = null;

  function fmt(n) {
    if (n === null || n === undefined || isNaN(n)) return '–';
    const a = Math.abs(n);
    if (a >= 1e9) return (n / 1e9).toFixed(2) + ' G';
    if (a >= 1e6) return (n / 1e6).toFixed(2) + ' M';
    if (a >= 1e4) return (n / 1e3).toFixed(1) + ' k';
    return Number.isInteger(n) ? String(n) : n.toFixed(1);
  }
  function bytes(n) { return fmt(n) + 'B'; }
  function el(tag, text, cls) {
    const e = document.createElement(tag);
    if (text !== undefined) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  }
  function rows(table, list, cells) {
    table.querySelector('tbody').replaceChildren(...list.map((x) => {
      const tr = el('tr');
      cells(x).forEach((c) => tr.appendChild(c instanceof Node ? c : el('td', c)));
      return tr;
    }));
  }
  function num(text, key, value) {
    const td = el('td', text, 'num');
    td.dataset.key = key; td.dataset.value = value;
    return td;
  }

  function draw(c) {
    const names = Object.keys(c.series);
    const data = [c.t].concat(names.map((n) => c.series[n]));
    if (!chart || names.join() !== chartNames) {
      if (chart) chart.destroy();
      chartNames = names.join();
      const node = $('rateChart');
      chart = new uPlot({ width: Math.max(300, node.clientWidth - 4), height: 220, scales: { x: { time: true } },
        axes: [{ stroke: '#8a97b1', grid: { stroke: '#26314a' } }, { stroke: '#8a97b1', grid: { stroke: '#26314a' }, size: 64 }],
        series: [{}].concat(names.map((n, i) => ({ label: n, stroke: COLORS[i % COLORS.length], width: 2,
          fill: COLORS[i % COLORS.length] + '22', points: { show: false } }))), legend: { live: false } }, data, node);
    } else {
      chart.setData(data);
    }
    $('rateChart').dataset.points = c.t.length;
  }

  function render(s) {
    last = s;
    window.nsrLast = s;
    $('clock').textContent = new Date(s.time).toLocaleString();
    $('clock').dataset.value = s.time;
    rows($('sources'), s.sources, (x) => [x.name, num(fmt(x.rate_1m), 'rate_1m:' + x.name, x.rate_1m),
      num(fmt(x.records_window), 'records_window:' + x.name, x.records_window),
      x.last_record_ms ? new Date(x.last_record_ms).toLocaleTimeString() : 'none in the window']);
    const t = s.traffic;
    $('trafficKpis').replaceChildren(...[['bytes/s', bytes(t.bytes_per_s)], ['flows/s', fmt(t.flows_per_s)],
      ['flows in the window', fmt(t.flows_total)]].map(([label, value]) => {
      const k = el('div', undefined, 'kpi'); k.append(el('b', value), el('small', label)); return k;
    }));
    const total = t.protocols_1m.reduce((a, x) => a + x.bytes, 0) || 1;
    $('protocols').replaceChildren(...t.protocols_1m.map((x) => {
      const d = el('div', undefined, 'proto');
      d.append(el('b', x.key), el('span', bytes(x.bytes) + ' · ' + (100 * x.bytes / total).toFixed(1) + ' %'));
      return d;
    }));
    showTops();
    const a = s.attacks;
    $('alertCount').textContent = a.total + ' raised';
    $('alertCount').className = 'pill ' + (a.total > 0 ? 'bad' : 'ok');
    $('alertCount').dataset.value = a.total;
    rows($('alerts'), a.recent, (x) => [x.rule, x.key, fmt(x.metric), fmt(x.threshold), x.window,
      new Date(x.first_ms).toLocaleTimeString(), new Date(x.last_ms).toLocaleTimeString()]);
    $('readInfo').textContent = 'read ' + fmt(s.read.records) + ' records from ' + s.read.files + ' files'
      + (s.read.truncated ? ' (stopped at the limit)' : '') + (s.read.problems ? ' · ' + s.read.problems : '');
    draw(s.chart);
  }
  function showTops() {
    if (!last) return;
    const t = last.traffic;
    rows($('talkers'), t['talkers_' + $('talkWin').value], (x) => [x.key, el('td', bytes(x.bytes), 'num'), el('td', fmt(x.flows), 'num')]);
    rows($('conversations'), t['conversations_' + $('convWin').value], (x) => [x.key, el('td', bytes(x.bytes), 'num'), el('td', fmt(x.flows), 'num')]);
  }

  function ask(ms) {
    wanted = ms;
    if (inFlight) return;
    inFlight = true;
    const t = wanted; wanted = null;
    $('status').textContent = 'reading…'; $('status').className = 'pill';
    fetch('/at?t=' + t).then((r) => { if (!r.ok) throw new Error('HTTP ' + r.status); return r.json(); })
      .then((s) => { render(s); $('status').textContent = 'at ' + new Date(s.time).toLocaleTimeString(); $('status').className = 'pill ok'; })
      .catch((e) => { $('status').textContent = 'failed: ' + e.message; $('status').className = 'pill bad'; })
      .finally(() => { inFlight = false; if (wanted !== null) ask(wanted); });
  }

  $('slider').addEventListener('input', () => ask(+$('slider').value));
  $('talkWin').addEventListener('change', showTops);
  $('convWin').addEventListener('change', showTops);
  fetch('/range').then((r) => r.json()).then((r) => {
    const s = $('slider');
    s.min = r.from_ms; s.max = r.to_ms; s.value = r.to_ms;
    s.dataset.from = r.from_ms; s.dataset.to = r.to_ms;
    ask(r.to_ms);
  });
})();

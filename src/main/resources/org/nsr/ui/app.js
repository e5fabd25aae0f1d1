// The NSR dashboard page: one EventSource, a bounded history (15 min of points), uPlot charts.
// Every array is trimmed to MAX points, so a page left open for a day holds what it held after 15 minutes.
(function () {
  'use strict';
  const MAX = 900;
  const COLORS = ['#4fc3f7', '#81c784', '#ffb74d', '#ba68c8', '#f06292', '#4db6ac', '#fff176', '#90a4ae'];
  const hist = { t: [], rates: {}, bytes: [], flows: [], alerts: [] };
  let rateChart = null, rateNames = '', trafficChart = null, alertChart = null;
  const $ = (id) => document.getElementById(id);

  function fmt(n) {
    if (n === null || n === undefined || isNaN(n)) return '–';
    const a = Math.abs(n);
    if (a >= 1e9) return (n / 1e9).toFixed(2) + ' G';
    if (a >= 1e6) return (n / 1e6).toFixed(2) + ' M';
    if (a >= 1e4) return (n / 1e3).toFixed(1) + ' k';
    return Number.isInteger(n) ? String(n) : n.toFixed(1);
  }
  function short(n) {
    const a = Math.abs(n);
    return a >= 1e9 ? (n / 1e9).toFixed(0) + 'G' : a >= 1e6 ? (n / 1e6).toFixed(0) + 'M' : a >= 1e3 ? (n / 1e3).toFixed(0) + 'k' : String(n);
  }
  function bytes(n) { return n < 0 ? '–' : fmt(n) + 'B'; }
  function ago(sec) {
    if (!sec) return 'never';
    const d = Math.max(0, Date.now() / 1000 - sec);
    return d < 90 ? d.toFixed(0) + ' s ago' : (d / 60).toFixed(0) + ' min ago';
  }
  function el(tag, text, cls) {
    const e = document.createElement(tag);
    if (text !== undefined) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  }
  function rows(tbody, list, cells) {
    const body = tbody.tagName === 'TBODY' ? tbody : tbody.querySelector('tbody');
    body.replaceChildren(...list.map((x) => {
      const tr = el('tr');
      cells(x).forEach((c) => tr.appendChild(c instanceof Node ? c : el('td', c)));
      return tr;
    }));
  }
  // A shown number carries its raw value in data-value, so a test can compare it with /metrics.
  function kpis(box, items) {
    box.replaceChildren(...items.map(([label, value, key, raw]) => {
      const k = el('div', undefined, 'kpi');
      const b = el('b', value);
      if (key) { b.dataset.key = key; b.dataset.value = raw; }
      k.append(b, el('small', label));
      return k;
    }));
  }
  function width(node) { return Math.max(300, node.clientWidth - 4); }
  function opts(node, height, series, stacked) {
    return {
      width: width(node), height: height,
      axes: [{ stroke: '#8a97b1', grid: { stroke: '#26314a' } }, { stroke: '#8a97b1', grid: { stroke: '#26314a' }, size: 64,
        values: (u, vals) => vals.map(short) }],
      scales: { x: { time: true } },
      series: [{}].concat(series.map((s, i) => Object.assign({ stroke: COLORS[i % COLORS.length], width: 2,
        fill: COLORS[i % COLORS.length] + '22', points: { show: false } }, s))),
      legend: { live: false },
    };
  }
  function trim(a) { while (a.length > MAX) a.shift(); }

  function addPoint(p, alerts) {
    hist.t.push(p.t);
    const names = Object.keys(p.rates);
    names.forEach((n) => { if (!hist.rates[n]) hist.rates[n] = hist.t.slice(0, -1).map(() => null); });
    Object.keys(hist.rates).forEach((n) => { hist.rates[n].push(n in p.rates ? p.rates[n] : null); trim(hist.rates[n]); });
    hist.bytes.push(p.bytes_per_s); hist.flows.push(p.flows_per_s); hist.alerts.push(alerts || 0);
    [hist.t, hist.bytes, hist.flows, hist.alerts].forEach(trim);
  }

  function drawCharts() {
    ['rateChart', 'trafficChart', 'alertChart'].forEach((id) => { $(id).dataset.points = hist.t.length; });
    const names = Object.keys(hist.rates);
    if (names.join() !== rateNames || !rateChart) {
      if (rateChart) rateChart.destroy();
      rateNames = names.join();
      rateChart = new uPlot(opts($('rateChart'), 240, names.map((n) => ({ label: n }))), [hist.t].concat(names.map((n) => hist.rates[n])), $('rateChart'));
    } else {
      rateChart.setData([hist.t].concat(names.map((n) => hist.rates[n])));
    }
    if (!trafficChart) {
      trafficChart = new uPlot(opts($('trafficChart'), 150, [{ label: 'bytes/s' }, { label: 'flows/s', scale: 'f' }]),
        [hist.t, hist.bytes, hist.flows], $('trafficChart'));
    } else {
      trafficChart.setData([hist.t, hist.bytes, hist.flows]);
    }
    if (!alertChart) {
      const o = opts($('alertChart'), 110, [{ label: 'alerts open', stroke: '#ef5350', fill: '#ef535033' }]);
      alertChart = new uPlot(o, [hist.t, hist.alerts], $('alertChart'));
    } else {
      alertChart.setData([hist.t, hist.alerts]);
    }
  }

  function queueBar(depth, cap) {
    const td = el('td');
    const pct = cap > 0 ? Math.min(100, (100 * depth) / cap) : 0;
    td.append(el('span', depth + ' / ' + cap));
    const bar = el('div', undefined, 'bar');
    bar.appendChild(el('i', undefined, pct > 80 ? 'bad' : pct > 50 ? 'warn' : ''));
    bar.firstChild.style.width = pct + '%';
    td.appendChild(bar);
    return td;
  }

  // The index and console cards show only when those components run (their metrics exist).
  function panels(s) {
    const ix = s.index, co = s.console;
    $('indexCard').hidden = !ix; $('consoleCard').hidden = !co;
    if (ix) {
      kpis($('indexKpis'), [['catch-up backlog', fmt(ix.catchup_backlog), 'index_catchup_backlog', ix.catchup_backlog],
        ['merges', fmt(ix.merges)], ['paused', fmt(ix.paused)], ['write failures', fmt(ix.write_failures)]]);
      rows($('indexSources'), ix.sources, (x) => {
        const lag = el('td', fmt(x.lag_records), 'num'); lag.dataset.key = 'index_lag:' + x.source; lag.dataset.value = x.lag_records;
        return [x.source, lag, el('td', fmt(x.flows), 'num'), el('td', fmt(x.dropped), x.dropped ? 'num fail' : 'num')];
      });
      rows($('indexLevels'), Object.entries(ix.indexes), ([name, x]) => {
        const files = el('td', fmt(x.files), 'num'); files.dataset.key = 'index_files:' + name; files.dataset.value = x.files;
        return [name, files, Object.entries(x.levels).map(([l, n]) => 'L' + l + ' ' + n).join(' · ')];
      });
    }
    if (co) {
      kpis($('consoleKpis'), [['connections open', fmt(co.connections_open), 'console_connections', co.connections_open],
        ['accepted', fmt(co.accepted)], ['refused (busy)', fmt(co.refused_busy)], ['failed logins', fmt(co.auth_failed)],
        ['commands', fmt(co.commands)], ['subscriptions', co.subscriptions === null ? 'n/a' : fmt(co.subscriptions)]]);
    }
  }

  function render(s) {
    if (!s.sources) return; // the server has not built its first snapshot yet
    window.nsrLast = s;
    window.nsrTicks = (window.nsrTicks || 0) + 1;
    $('clock').textContent = new Date(s.time).toLocaleString();
    rows($('sources'), s.sources, (x) => {
      const fails = Object.entries(x.failures).map(([k, v]) => k + ' ' + v).join(', ');
      const name = el('td', x.name); name.dataset.source = x.name;
      const rec = el('td', fmt(x.records), 'num'); rec.dataset.key = 'records:' + x.name; rec.dataset.value = x.records;
      const polls = el('td', fmt(x.polls_ok), 'num'); polls.dataset.key = 'polls_ok:' + x.name; polls.dataset.value = x.polls_ok;
      return [name, el('td', fmt(x.rate), 'num'), rec, polls,
        el('td', fails || 'none', fails ? 'fail' : 'muted'), el('td', ago(x.last_success)), queueBar(x.queue_depth, x.queue_capacity)];
    });
    const p = s.pipeline;
    const used = p.disk_total ? 100 * (1 - p.disk_free / p.disk_total) : 0;
    kpis($('pipeline'), [
      ['files written', fmt(p.writer_files), 'writer_files', p.writer_files],
      ['bytes written', bytes(p.writer_bytes), 'writer_bytes', p.writer_bytes],
      ['compression backlog', fmt(p.compress_backlog), 'compress_backlog', p.compress_backlog],
      ['compressed / raw', p.compress_ratio ? (100 * p.compress_ratio).toFixed(1) + ' %' : '–'],
      ['recording on disk', bytes(p.disk_used_by_recording)], ['disk free', bytes(p.disk_free)],
      ['disk used', used.toFixed(0) + ' %'], ['retention deleted', fmt(p.retention_deleted_files) + ' files'],
    ]);
    panels(s);
    const t = s.traffic;
    // Past its CPU budget the analysis reads a sample: say so, never show a sample as the whole.
    const an = s.analysis;
    const sampled = an && an.kept_share < 0.9995 ? 'sampled ' + (100 * an.kept_share).toFixed(1) + ' %' : 'all flows';
    kpis($('trafficKpis'), [['bytes/s', bytes(t.bytes_per_s)], ['flows/s', fmt(t.flows_per_s)],
      ['flows seen', fmt(t.flows_total), 'flows_total', t.flows_total],
      ['analysed', sampled + (an && an.sampled_out ? ' · ' + fmt(an.sampled_out) + ' skipped' : ''),
        'sampled_out', an ? an.sampled_out : 0]]);
    const total = t.protocols_1m.reduce((a, x) => a + x.bytes, 0) || 1;
    $('protocols').replaceChildren(...t.protocols_1m.map((x) => {
      const d = el('div', undefined, 'proto');
      d.append(el('b', x.key), el('span', bytes(x.bytes) + ' · ' + (100 * x.bytes / total).toFixed(1) + ' %'));
      const bar = el('div', undefined, 'bar'); const i = el('i'); i.style.width = (100 * x.bytes / total) + '%';
      bar.appendChild(i); d.appendChild(bar);
      return d;
    }));
    rows($('talkers'), t['talkers_' + $('talkWin').value], (x) => [x.key, el('td', bytes(x.bytes), 'num'), el('td', fmt(x.flows), 'num')]);
    rows($('conversations'), t['conversations_' + $('convWin').value], (x) => [x.key, el('td', bytes(x.bytes), 'num'), el('td', fmt(x.flows), 'num')]);
    const a = s.attacks;
    if (a) {
      $('alertCount').textContent = a.active + ' active · ' + a.total + ' total';
      $('alertCount').dataset.key = 'alerts_total'; $('alertCount').dataset.value = a.total;
      $('alertCount').className = 'pill ' + (a.active > 0 ? 'bad' : 'ok');
      rows($('alerts'), a.recent, (x) => [x.rule, x.key, fmt(x.metric), fmt(x.threshold), x.window,
        new Date(x.first_ms).toLocaleTimeString(), new Date(x.last_ms).toLocaleTimeString()]);
    } else {
      $('attacksCard').style.display = 'none';
    }
    addPoint(s.point, a ? a.active : 0);
    drawCharts();
  }

  function connect() {
    const es = new EventSource('/events');
    es.addEventListener('history', (e) => {
      const h = JSON.parse(e.data);
      hist.t.length = 0; hist.bytes.length = 0; hist.flows.length = 0; hist.alerts.length = 0;
      Object.keys(hist.rates).forEach((k) => delete hist.rates[k]);
      h.points.forEach((p) => addPoint(p, p.alerts));
    });
    es.addEventListener('tick', (e) => {
      render(JSON.parse(e.data));
      $('status').textContent = 'live'; $('status').className = 'pill ok';
    });
    es.onerror = () => { $('status').textContent = 'reconnecting…'; $('status').className = 'pill bad'; };
  }
  window.addEventListener('resize', () => {
    [rateChart, trafficChart, alertChart].forEach((c) => c && c.setSize({ width: width(c.root.parentNode), height: c.height }));
  });
  connect();
})();

/*
 * fanfetch web page: submits a job (POST /jobs?wait=false), follows its progress (GET
 * /jobs/{id}/events as Server-Sent Events: EventSource, or fetch() + a stream reader when an API
 * key must be sent; polling GET /jobs/{id} if streaming fails), draws the waterfall(s) and the
 * summary, and offers the report as JSON or CSV (made here, from the report).
 */
(function () {
  'use strict';

  const WF = window.FanfetchWaterfall;
  const $ = id => document.getElementById(id);

  const els = {
    form: $('job-form'),
    urls: $('urls'),
    file: $('url-file'),
    urlCount: $('url-count'),
    concurrency: $('concurrency'),
    perHost: $('per-host'),
    timeout: $('timeout'),
    apiKey: $('api-key'),
    run: $('run'),
    cancel: $('cancel'),
    status: $('status'),
    announce: $('announce'),
    error: $('error'),
    results: $('results'),
    summary: $('summary'),
    summaryEmpty: $('summary-empty'),
    cards: $('summary-cards'),
    wallLabel: $('wall-time-label'),
    wall: $('wall-time'),
    sum: $('fetch-sum'),
    speedupLabel: $('speedup-label'),
    speedup: $('speedup'),
    countDone: $('count-done'),
    countOk: $('count-ok'),
    countHttp: $('count-http'),
    countFailed: $('count-failed'),
    bytes: $('bytes'),
    note: $('speedup-note'),
    breakdown: $('breakdown'),
    runTable: $('run-table'),
    waterfalls: $('waterfalls'),
    rowDetail: $('row-detail'),
    tooltip: $('tooltip'),
    downloadJson: $('download-json'),
    downloadCsv: $('download-csv'),
    tableDetails: $('table-details'),
    table: $('results-table'),
    tableBody: $('results-body'),
    tableCount: $('table-count'),
    tableShown: $('table-shown'),
    tableMore: $('table-more'),
    heldBack: $('held-back'),
    filter: $('row-filter')
  };

  const TABLE_PAGE = 500;

  /** The job on screen (one at a time). */
  let job = null;
  let tableLimit = TABLE_PAGE;

  // --- formatting ------------------------------------------------------------------------------

  const nf1 = new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const nf0 = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
  const fmtMs = v => nf1.format(v) + ' ms';
  const fmtInt = v => nf0.format(v);
  const fmtX = v => v.toFixed(2) + '×';

  function fmtBytes(n) {
    if (n < 1024) {
      return fmtInt(n) + ' B';
    }
    const units = ['KiB', 'MiB', 'GiB', 'TiB'];
    let v = n / 1024;
    let u = 0;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return (v >= 100 ? v.toFixed(0) : v.toFixed(1)) + ' ' + units[u];
  }

  function plural(n, one, many) {
    return fmtInt(n) + ' ' + (n === 1 ? one : many);
  }

  // --- URL input -------------------------------------------------------------------------------

  function parseUrls(text) {
    return text.split(/\r\n|\r|\n/).map(s => s.trim()).filter(s => s.length > 0 && s.charAt(0) !== '#');
  }

  function updateUrlCount() {
    const n = parseUrls(els.urls.value).length;
    els.urlCount.textContent = n === 0 ? 'No URLs yet' : plural(n, 'URL', 'URLs');
    els.urlCount.dataset.count = String(n);
  }

  function addUrlText(text) {
    const current = els.urls.value;
    els.urls.value = current.trim().length === 0 ? text : current.replace(/\s*$/, '\n') + text;
    updateUrlCount();
  }

  function readFiles(files) {
    const list = Array.from(files || []);
    if (list.length === 0) {
      return;
    }
    Promise.all(list.map(f => f.text())).then(texts => {
      addUrlText(texts.join('\n'));
      els.status.textContent = 'Loaded ' + plural(parseUrls(texts.join('\n')).length, 'URL', 'URLs')
          + ' from ' + list.map(f => f.name).join(', ') + '.';
      announce(els.status.textContent);
    }, err => showError('Could not read the file: ' + err.message));
  }

  els.urls.addEventListener('input', updateUrlCount);
  els.file.addEventListener('change', () => {
    readFiles(els.file.files);
    els.file.value = '';
  });
  const hasFiles = e => e.dataTransfer && Array.from(e.dataTransfer.types || []).indexOf('Files') >= 0;
  ['dragenter', 'dragover'].forEach(type => els.urls.addEventListener(type, e => {
    if (hasFiles(e)) {
      e.preventDefault();
      e.dataTransfer.dropEffect = 'copy';
      els.urls.classList.add('dragging');
    }
  }));
  els.urls.addEventListener('dragleave', () => els.urls.classList.remove('dragging'));
  els.urls.addEventListener('drop', e => {
    els.urls.classList.remove('dragging');
    if (hasFiles(e)) {
      e.preventDefault();
      readFiles(e.dataTransfer.files);
    }
  });

  // --- API calls -------------------------------------------------------------------------------

  function authHeaders(extra) {
    const headers = Object.assign({}, extra || {});
    const key = els.apiKey.value.trim();
    if (key) {
      headers.Authorization = 'Bearer ' + key;
    }
    return headers;
  }

  function api(method, path, body) {
    const headers = authHeaders({ Accept: 'application/json' });
    const init = { method, headers, cache: 'no-store' };
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    return fetch(path, init);
  }

  function announce(text) {
    els.announce.textContent = text;
  }

  function clearError() {
    els.error.hidden = true;
    els.error.textContent = '';
  }

  function showError(message, items) {
    els.error.textContent = '';
    const p = document.createElement('p');
    p.style.margin = '0';
    p.textContent = message;
    els.error.appendChild(p);
    if (items && items.length) {
      const ul = document.createElement('ul');
      items.forEach(text => {
        const li = document.createElement('li');
        li.textContent = text;
        ul.appendChild(li);
      });
      els.error.appendChild(ul);
    }
    els.error.hidden = false;
  }

  /** Shows a refused request (an RFC 9457 problem, when the service sent one). */
  async function showProblem(response, what) {
    let problem = null;
    try {
      problem = await response.json();
    } catch (ignored) {
      // not JSON
    }
    const title = problem && problem.title ? problem.title : 'HTTP ' + response.status;
    const errors = problem && Array.isArray(problem.errors) ? problem.errors : [];
    const items = errors.map(e => (e.field ? e.field + ': ' : '') + e.message);
    // A detail that only repeats a field error is said once, in the list.
    const detail = problem && problem.detail ? String(problem.detail).trim() : '';
    const repeats = detail === '' || items.indexOf(detail) >= 0 || errors.some(e => e.message === detail);
    let message = what + ': ' + title + (repeats ? '' : ' – ' + detail) + '.';
    if (response.status === 401) {
      message += els.apiKey.value.trim()
          ? ' The API key was not accepted.' : ' This service needs an API key: enter it in the API key field.';
      els.apiKey.focus();
    } else if (response.status === 429) {
      const retry = response.headers.get('Retry-After');
      if (retry) {
        message += ' Try again in ' + retry + ' s.';
      }
    }
    showError(message, items);
  }

  // --- submitting ------------------------------------------------------------------------------

  function selectedMode() {
    const checked = els.form.querySelector('input[name=mode]:checked');
    return checked ? checked.value : 'parallel';
  }

  els.form.addEventListener('submit', async e => {
    e.preventDefault();
    clearError();
    const urls = parseUrls(els.urls.value);
    if (urls.length === 0) {
      showError('Enter at least one URL (one per line), or load a file.');
      els.urls.focus();
      return;
    }
    const mode = selectedMode();
    const spec = { urls, mode };
    const numbers = [[els.concurrency, 'concurrency', 'Concurrency'], [els.perHost, 'perHost', 'Per host'],
      [els.timeout, 'timeoutMs', 'Timeout']];
    for (const [input, field, label] of numbers) {
      const text = input.value.trim();
      if (text === '') {
        if (input.validity && input.validity.badInput) {
          showError(label + ' must be a whole number of at least 1.');
          input.focus();
          return;
        }
        continue;
      }
      const value = Number(text);
      if (!Number.isInteger(value) || value < 1) {
        showError(label + ' must be a whole number of at least 1.');
        input.focus();
        return;
      }
      spec[field] = value;
    }
    detach();
    els.run.disabled = true;
    els.status.textContent = 'Submitting ' + plural(urls.length, 'URL', 'URLs') + '…';
    let response;
    try {
      response = await api('POST', '/jobs?wait=false', spec);
    } catch (err) {
      els.run.disabled = false;
      els.status.textContent = '';
      showError('The service could not be reached: ' + err.message);
      return;
    }
    if (response.status !== 202 && response.status !== 200) {
      els.run.disabled = false;
      els.status.textContent = '';
      await showProblem(response, 'The job was refused');
      return;
    }
    const ack = await response.json();
    startJob(ack.id, mode, urls.length, urls);
    job.limits = { concurrency: spec.concurrency, perHost: spec.perHost };
    bringIntoView();
    if (response.status === 200 && ack.results) {
      onDone(job, ack);
    } else {
      connect(job);
    }
  });

  els.cancel.addEventListener('click', async () => {
    const current = job;
    if (!current || current.finished) {
      return;
    }
    els.cancel.disabled = true;
    els.status.textContent = 'Cancelling…';
    try {
      const response = await api('DELETE', '/jobs/' + encodeURIComponent(current.id));
      if (response.ok) {
        onDone(current, await response.json());
      } else {
        await showProblem(response, 'The job could not be cancelled');
        els.cancel.disabled = false;
      }
    } catch (err) {
      showError('The service could not be reached: ' + err.message);
      els.cancel.disabled = false;
    }
  });

  // --- a job on screen -------------------------------------------------------------------------

  function newRun(name, total) {
    return {
      name,
      total,
      completed: 0,
      ok: 0,
      http: 0,
      fail: 0,
      bytes: 0,
      cancelled: 0,
      sumMs: 0,
      maxEnd: 0,
      statusCounts: {},
      errorKinds: {},
      clientStart: null,
      clientEnd: null,
      waterfall: null
    };
  }

  function runNames(mode) {
    return mode === 'compare' ? ['sequential', 'parallel'] : [mode === 'sequential' ? 'sequential' : 'parallel'];
  }

  function startJob(id, mode, total, urls) {
    clearWaterfalls();
    const names = runNames(mode);
    job = {
      id,
      mode,
      total,
      urls,
      names,
      runs: {},
      report: null,
      finished: false,
      started: performance.now(),
      source: null,
      abort: null,
      poller: null,
      ticker: null
    };
    const maxHeight = mode === 'compare'
        ? Math.max(200, Math.min(380, Math.round(window.innerHeight * 0.38)))
        : Math.max(240, Math.min(600, Math.round(window.innerHeight * 0.62)));
    for (const name of names) {
      const run = newRun(name, total);
      const current = job;
      run.waterfall = new WF.Waterfall(els.waterfalls, {
        run: name,
        title: name === 'sequential' ? 'Sequential run' : 'Parallel run',
        total,
        maxHeight,
        urlAt: i => (current.urls ? current.urls[i] : ''),
        onHover: showHover,
        onSelect: showSelection,
        onBlur: hideTooltip,
        emptyText: 'No URL matches "' + filterLabel() + '" (yet).'
      });
      run.waterfall.setFilter(FILTERS[currentFilter()]);
      job.runs[name] = run;
    }
    job.runs[names[0]].clientStart = job.started;
    job.current = names[0];
    els.table.classList.toggle('with-run', mode === 'compare');
    tableLimit = TABLE_PAGE;
    els.tableBody.textContent = '';
    els.summary.dataset.jobId = id;
    els.summary.dataset.mode = mode;
    els.summary.dataset.state = 'running';
    els.summaryEmpty.hidden = true;
    els.cards.hidden = false;
    els.runTable.hidden = mode !== 'compare';
    els.downloadJson.disabled = true;
    els.downloadCsv.disabled = true;
    els.cancel.disabled = false;
    els.run.disabled = true;
    try {
      history.replaceState(null, '', '#job=' + encodeURIComponent(id));
    } catch (ignored) {
      // a sandboxed page may refuse
    }
    const current = job;
    job.ticker = setInterval(() => {
      if (current === job && !current.finished) {
        updateScale();
        scheduleRender();
      }
    }, 250);
    scheduleRender();
  }

  function clearWaterfalls() {
    if (job) {
      job.names.forEach(n => job.runs[n].waterfall.destroy());
    }
    els.waterfalls.textContent = '';
    hideTooltip();
  }

  /** Stops following the job on screen (the job itself goes on at the service). */
  function detach() {
    if (!job) {
      return;
    }
    if (job.source) {
      job.source.close();
      job.source = null;
    }
    if (job.abort) {
      job.abort.abort();
      job.abort = null;
    }
    clearInterval(job.poller);
    clearInterval(job.ticker);
    job.detached = true;
  }

  function runOf(j, result) {
    if (result.run && j.runs[result.run]) {
      return j.runs[result.run];
    }
    return j.runs[j.mode === 'compare' ? j.current : j.names[0]];
  }

  function onResult(j, result) {
    if (j !== job || j.finished || !result || typeof result.index !== 'number') {
      return;
    }
    const run = runOf(j, result);
    if (run.name !== j.current && j.names.indexOf(run.name) > j.names.indexOf(j.current)) {
      // compare mode: the parallel run has begun
      const now = performance.now();
      j.runs[j.current].clientEnd = now;
      run.clientStart = now;
      j.current = run.name;
    }
    if (run.waterfall.set(result.index, result)) {
      count(run, result, 1);
    } else {
      recount(run);
    }
    scheduleRender();
  }

  function count(run, r, sign) {
    const outcome = WF.outcomeOf(r);
    run.completed += sign;
    run[outcome] += sign;
    run.bytes += sign * (typeof r.bytes === 'number' ? r.bytes : 0);
    const p = WF.phasesOf(r);
    run.sumMs += sign * (r.timings && typeof r.timings.totalMs === 'number' ? r.timings.totalMs : 0);
    if (sign > 0 && p.start + p.total > run.maxEnd) {
      run.maxEnd = p.start + p.total;
    }
    if (r.status != null) {
      const key = String(r.status);
      run.statusCounts[key] = (run.statusCounts[key] || 0) + sign;
    }
    if (r.error) {
      const kind = r.error.kind || 'error';
      run.errorKinds[kind] = (run.errorKinds[kind] || 0) + sign;
      if (kind === 'cancelled') {
        run.cancelled += sign;
      }
    }
  }

  function recount(run) {
    Object.assign(run, { completed: 0, ok: 0, http: 0, fail: 0, bytes: 0, cancelled: 0, sumMs: 0, maxEnd: 0,
      statusCounts: {}, errorKinds: {} });
    const results = run.waterfall.results;
    for (let i = 0; i < results.length; i++) {
      if (results[i]) {
        count(run, results[i], 1);
      }
    }
  }

  function applyReport(j, report) {
    if (report.sequential && Array.isArray(report.sequential.results) && j.runs.sequential) {
      report.sequential.results.forEach(r => j.runs.sequential.waterfall.set(r.index,
          Object.assign({ run: 'sequential' }, r)));
    }
    const run = j.mode === 'compare' ? (report.run || 'parallel') : j.names[0];
    if (Array.isArray(report.results) && j.runs[run]) {
      report.results.forEach(r => j.runs[run].waterfall.set(r.index, r));
    }
    j.names.forEach(n => recount(j.runs[n]));
  }

  function onDone(j, report) {
    if (j !== job || j.finished) {
      return;
    }
    if (!report.results) {
      // The stream's done event is the report's head (its results came one by one): read the whole report.
      api('GET', '/jobs/' + encodeURIComponent(j.id))
        .then(response => response.ok ? response.json() : null)
        .then(full => onDone(j, full && full.results ? full : Object.assign({ results: [] }, report)))
        .catch(() => onDone(j, Object.assign({ results: [] }, report)));
      return;
    }
    j.finished = true;
    j.report = report;
    if (j.source) {
      j.source.close();
      j.source = null;
    }
    if (j.abort) {
      j.abort.abort();
      j.abort = null;
    }
    clearInterval(j.poller);
    clearInterval(j.ticker);
    const total = report.summary && typeof report.summary.total === 'number' ? report.summary.total : j.total;
    j.total = total;
    j.names.forEach(n => j.runs[n].waterfall.setTotal(total));
    applyReport(j, report);
    updateScale();
    els.downloadJson.disabled = false;
    els.downloadCsv.disabled = false;
    els.cancel.disabled = true;
    els.run.disabled = false;
    render();
  }

  // --- following progress ----------------------------------------------------------------------

  function connect(j) {
    if (els.apiKey.value.trim() || typeof EventSource === 'undefined') {
      streamWithFetch(j, 0);
    } else {
      streamWithEventSource(j);
    }
  }

  function eventsUrl(j) {
    return '/jobs/' + encodeURIComponent(j.id) + '/events';
  }

  function streamWithEventSource(j) {
    const source = new EventSource(eventsUrl(j));
    j.source = source;
    j.transport = 'eventsource';
    source.addEventListener('result', ev => onResult(j, JSON.parse(ev.data)));
    source.addEventListener('done', ev => {
      source.close();
      onDone(j, JSON.parse(ev.data));
    });
    source.onerror = () => {
      if (j.finished || j.detached) {
        source.close();
      } else if (source.readyState === EventSource.CLOSED) {
        // the stream was refused (not a dropped connection, which EventSource retries by itself)
        j.source = null;
        poll(j);
      }
    };
  }

  /** SSE over fetch(), which (unlike EventSource) can send the Authorization header. */
  async function streamWithFetch(j, attempt) {
    const controller = new AbortController();
    j.abort = controller;
    j.transport = 'fetch';
    let response;
    try {
      response = await fetch(eventsUrl(j), {
        headers: authHeaders({ Accept: 'text/event-stream' }),
        cache: 'no-store',
        signal: controller.signal
      });
    } catch (err) {
      return retryStream(j, attempt);
    }
    if (!response.ok || !response.body) {
      if (response.status === 401) {
        await showProblem(response, 'Progress could not be read');
        return;
      }
      return poll(j);
    }
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    let scanFrom = 0;
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) {
          break;
        }
        buffer += value.indexOf('\r') >= 0 ? value.replace(/\r\n?/g, '\n') : value;
        let end;
        while ((end = buffer.indexOf('\n\n', scanFrom)) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          scanFrom = 0;
          dispatchSse(j, block);
          if (j.finished) {
            return;
          }
        }
        scanFrom = Math.max(0, buffer.length - 1);
      }
    } catch (err) {
      // aborted or dropped
    }
    if (!j.finished && !j.detached) {
      retryStream(j, attempt);
    }
  }

  function retryStream(j, attempt) {
    if (j.finished || j.detached) {
      return;
    }
    if (attempt >= 3) {
      poll(j);
    } else {
      setTimeout(() => streamWithFetch(j, attempt + 1), 500 * (attempt + 1));
    }
  }

  function dispatchSse(j, block) {
    let event = 'message';
    const data = [];
    for (const line of block.split('\n')) {
      if (line.length === 0 || line.charAt(0) === ':') {
        continue;
      }
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      let value = colon < 0 ? '' : line.slice(colon + 1);
      if (value.charAt(0) === ' ') {
        value = value.slice(1);
      }
      if (field === 'event') {
        event = value;
      } else if (field === 'data') {
        data.push(value);
      }
    }
    if (data.length === 0) {
      return;
    }
    const payload = JSON.parse(data.join('\n'));
    if (event === 'result') {
      onResult(j, payload);
    } else if (event === 'done') {
      onDone(j, payload);
    }
  }

  /** The last resort: GET /jobs/{id} until the job is over. */
  function poll(j) {
    if (j.finished || j.detached || j.poller) {
      return;
    }
    j.transport = 'polling';
    const tick = async () => {
      if (j.finished || j.detached) {
        clearInterval(j.poller);
        return;
      }
      try {
        const response = await api('GET', '/jobs/' + encodeURIComponent(j.id));
        if (!response.ok) {
          if (response.status === 401 || response.status === 404) {
            clearInterval(j.poller);
            await showProblem(response, 'The job could not be read');
          }
          return;
        }
        const report = await response.json();
        if (report.state === 'done' || report.state === 'cancelled') {
          onDone(j, report);
        } else if (j === job) {
          applyReport(j, report);
          if (j.mode === 'compare' && report.run === 'parallel' && j.current !== 'parallel') {
            j.runs.sequential.clientEnd = performance.now();
            j.runs.parallel.clientStart = performance.now();
            j.current = 'parallel';
          }
          scheduleRender();
        }
      } catch (err) {
        // try again at the next tick
      }
    };
    j.poller = setInterval(tick, 700);
    tick();
  }

  /** Re-attaches to the job named in the address (#job=ID), e.g. after a reload. */
  async function attachFromHash() {
    const m = /^#job=([0-9A-Za-z]+)$/.exec(location.hash);
    if (!m) {
      return;
    }
    try {
      const response = await api('GET', '/jobs/' + encodeURIComponent(m[1]));
      if (!response.ok) {
        if (response.status === 401) {
          await showProblem(response, 'Job ' + m[1] + ' could not be shown');
        }
        return;
      }
      const report = await response.json();
      if (report.state === 'done' || report.state === 'cancelled') {
        display(report);
      } else {
        startJob(report.id, report.mode, report.summary && report.summary.total || 0, null);
        applyReport(job, report);
        connect(job);
      }
    } catch (err) {
      // nothing to show
    }
  }

  /** Shows a finished report as the job on screen. */
  function display(report) {
    startJob(report.id, report.mode, report.summary && report.summary.total || 0, null);
    onDone(job, report);
  }

  /** Scrolls the results into view when the job starts, unless they are already in sight. */
  function bringIntoView() {
    const top = els.results.getBoundingClientRect().top;
    if (top > window.innerHeight * 0.4 || top < 0) {
      const still = window.matchMedia && window.matchMedia('(prefers-reduced-motion: reduce)').matches;
      els.results.scrollIntoView({ block: 'start', behavior: still ? 'auto' : 'smooth' });
    }
  }

  // --- scale and summary -----------------------------------------------------------------------

  function runDuration(j, name) {
    const r = j.report;
    if (r) {
      if (j.mode !== 'compare') {
        return r.durationMs;
      }
      const block = r[name];
      return block ? block.durationMs : (name === 'parallel' ? r.durationMs : 0);
    }
    const run = j.runs[name];
    if (run.clientStart == null) {
      return 0;
    }
    return (run.clientEnd != null ? run.clientEnd : performance.now()) - run.clientStart;
  }

  /** One time scale for every waterfall of the job, so compare mode's two runs line up. */
  function updateScale() {
    if (!job) {
      return;
    }
    let max = 0;
    for (const name of job.names) {
      const run = job.runs[name];
      max = Math.max(max, run.waterfall.maxEnd(), runDuration(job, name));
    }
    // While running, the scale grows in tidy steps; once done it fits the longest run.
    const scale = job.finished ? Math.max(1, max * 1.02) : WF.niceCeil(max * 1.05);
    job.names.forEach(n => job.runs[n].waterfall.setScale(scale));
  }

  let renderPending = false;
  function scheduleRender() {
    if (!renderPending) {
      renderPending = true;
      requestAnimationFrame(() => {
        renderPending = false;
        render();
      });
    }
  }

  function setData(el, values) {
    for (const key of Object.keys(values)) {
      const v = values[key];
      if (v === null || v === undefined) {
        delete el.dataset[key];
      } else {
        el.dataset[key] = String(v);
      }
    }
  }

  function render() {
    const j = job;
    if (!j) {
      return;
    }
    updateScale();
    const report = j.report;
    const compare = j.mode === 'compare';
    const shown = compare && !report ? j.runs[j.current] : j.runs[compare ? 'parallel' : j.names[0]];
    const done = !!report;

    let wallMs;
    let sumMs;
    let speedup;
    let completed;
    let succeeded;
    let failed;
    let total = j.total;
    const cancelled = done && report.state === 'cancelled' ? shown.cancelled : 0;
    if (done) {
      wallMs = report.durationMs;
      sumMs = report.fetchTimeSumMs;
      // A cancelled job's wall time is cut short: no speedup can be told from it.
      speedup = report.state === 'cancelled' ? null : report.speedup;
      const s = report.summary || {};
      total = s.total != null ? s.total : total;
      completed = s.completed != null ? s.completed : shown.completed;
      succeeded = s.succeeded != null ? s.succeeded : shown.ok;
      failed = s.failed != null ? s.failed : completed - succeeded;
    } else {
      wallMs = runDuration(j, shown.name);
      sumMs = shown.sumMs;
      speedup = compare ? null : (wallMs > 0 ? sumMs / wallMs : 0);
      completed = shown.completed;
      succeeded = shown.ok;
      failed = shown.http + shown.fail;
    }

    const state = done ? report.state : 'running';
    setData(els.summary, {
      state,
      jobId: j.id,
      mode: j.mode,
      total,
      completed,
      succeeded,
      failed,
      httpErrors: shown.http,
      errors: shown.fail,
      bytes: done && report.summary ? report.summary.bytes : shown.bytes,
      wallMs: done ? wallMs : null,
      sumMs: done ? sumMs : null,
      speedup: done ? speedup : null,
      cancelled: done ? cancelled : null,
      run: compare ? shown.name : null,
      transport: j.transport || null
    });

    els.wallLabel.textContent = compare ? 'Wall time (' + (done ? 'parallel' : shown.name) + ' run)' : 'Wall time';
    els.wall.textContent = fmtMs(wallMs);
    els.sum.textContent = fmtMs(sumMs);
    // While the job runs, the ratio is of the URLs done so far, and says so.
    els.speedupLabel.textContent = compare ? 'Parallel vs sequential'
        : done ? 'Speedup (sum ÷ wall)' : 'Speedup so far (sum ÷ wall)';
    els.speedup.textContent = speedup != null ? fmtX(speedup) : done ? '–' : '…';
    els.countDone.textContent = cancelled > 0
        ? fmtInt(completed - cancelled) + ' done, ' + fmtInt(cancelled) + ' cancelled'
        : fmtInt(completed) + ' / ' + fmtInt(total);
    els.countOk.textContent = fmtInt(shown.ok);
    els.countHttp.textContent = fmtInt(shown.http);
    els.countFailed.textContent = fmtInt(shown.fail - cancelled);
    els.bytes.textContent = fmtBytes(done && report.summary ? report.summary.bytes : shown.bytes);

    renderNote(j, report, shown);
    renderHeldBack(j, report);
    renderBreakdown(shown);
    if (compare) {
      renderRunRow(j, 'sequential');
      renderRunRow(j, 'parallel');
    }
    for (const name of j.names) {
      const run = j.runs[name];
      const dur = runDuration(j, name);
      const counts = done && report.state === 'cancelled' && run.cancelled > 0
          ? fmtInt(run.completed - run.cancelled) + ' done, ' + fmtInt(run.cancelled) + ' cancelled'
          : fmtInt(run.completed) + ' of ' + fmtInt(j.total) + ' done';
      run.waterfall.setMeta(counts + (run.clientStart != null || done ? ' · ' + fmtMs(dur) + ' wall' : ''));
    }

    let status;
    if (!done) {
      status = 'Job ' + j.id + ' running' + (compare ? ' (' + shown.name + ' run)' : '') + ': '
          + fmtInt(completed) + ' of ' + fmtInt(total) + ' done.';
    } else if (report.state === 'cancelled') {
      status = 'Job ' + j.id + ' cancelled after ' + fmtMs(wallMs) + ': ' + fmtInt(completed - cancelled) + ' done, '
          + fmtInt(cancelled) + ' cancelled.';
    } else {
      status = 'Job ' + j.id + ' done: ' + plural(total, 'URL', 'URLs') + ' in ' + fmtMs(wallMs)
          + (report.deadlineExceeded ? ' (deadline exceeded)' : '') + '.';
    }
    els.status.textContent = status;
    // Screen readers hear the start and the end of a job, not every URL in between.
    if (els.announce.dataset.job !== j.id || (done && els.announce.dataset.state !== state)) {
      announce(done ? status : 'Job ' + j.id + ' started: ' + plural(total, 'URL', 'URLs') + ', ' + j.mode + ' mode.');
      els.announce.dataset.job = j.id;
      els.announce.dataset.state = state;
    }
    if (els.tableDetails.open) {
      scheduleTable();
    }
    els.tableCount.textContent = '(' + plural(tableRowCount(j), 'row', 'rows') + ')';
  }

  function renderNote(j, report, shown) {
    let text = '';
    if (report && report.state === 'cancelled') {
      text = 'Cancelled: ' + plural(shown.cancelled, 'URL was', 'URLs were') + ' not fetched, so the wall time '
          + 'is cut short and there is no speedup to tell.';
    } else if (report && report.state === 'done') {
      const x = report.speedup;
      if (j.mode === 'compare' && report.sequential && report.parallel) {
        const s = report.sequential.durationMs;
        const p = report.parallel.durationMs;
        text = 'Sequential ' + fmtMs(s) + ' vs parallel ' + fmtMs(p) + ': parallel was '
            + (x >= 1 ? fmtX(x) + ' faster.' : 'slower (' + fmtX(x) + ').');
      } else if (j.mode === 'sequential') {
        text = 'One after another, the job takes about the sum of its fetches (' + fmtX(x) + ').';
      } else if (j.total === 1) {
        text = 'One URL: nothing ran in parallel, so there is no speedup to tell.';
      } else {
        text = 'The fetches add up to ' + fmtMs(report.fetchTimeSumMs) + ', but the job took ' + fmtMs(report.durationMs)
            + ': ' + fmtX(x) + (x >= 1 ? ' faster than one after another.' : ': slower than one after another.');
      }
    }
    els.note.textContent = text;
    els.note.hidden = text === '';
  }

  /** Which limit held URLs back longest (summary.heldBackBy), with what lifts it, when the report tells. */
  const REMEDIES = {
    concurrency: 'raise Concurrency',
    perHost: 'raise Per host',
    nodeInFlight: "raise the node's limits.maxInFlight or its open-file limit",
    rate: "raise the job's rate limit",
    pool: "raise the node's fetchers.maxConnectionsPerHost",
    nodePerHost: "raise the node's per-host limit"
  };

  function renderHeldBack(j, report) {
    const held = report && report.summary && report.summary.heldBackBy;
    let text = '';
    if (held && typeof held.limit === 'string' && typeof held.ms === 'number' && held.ms >= 1) {
      const value = held.value != null ? held.value : (j.limits || {})[held.limit];
      text = 'Most waiting was for ' + held.limit + (value != null ? ' (' + fmtInt(value) + ')' : '')
          + (typeof held.urls === 'number' ? ': ' + plural(held.urls, 'URL', 'URLs') + ' waited ' : ': waited ')
          + fmtMs(held.ms) + ' in all' + (REMEDIES[held.limit] ? '; ' + REMEDIES[held.limit] + ' to lift it.' : '.');
    }
    els.heldBack.textContent = text;
    els.heldBack.hidden = text === '';
  }

  function renderBreakdown(run) {
    const parts = [];
    const statuses = Object.keys(run.statusCounts).filter(k => run.statusCounts[k] > 0).sort();
    if (statuses.length) {
      parts.push('Statuses: ' + statuses.map(k => k + ' × ' + fmtInt(run.statusCounts[k])).join(', '));
    }
    const kinds = Object.keys(run.errorKinds).filter(k => run.errorKinds[k] > 0).sort();
    if (kinds.length) {
      parts.push('errors: ' + kinds.map(k => k + ' × ' + fmtInt(run.errorKinds[k])).join(', '));
    }
    els.breakdown.textContent = parts.join(' · ');
    els.breakdown.hidden = parts.length === 0;
  }

  function renderRunRow(j, name) {
    const row = $('summary-' + name);
    const run = j.runs[name];
    const block = j.report ? j.report[name] : null;
    const wall = block ? block.durationMs : runDuration(j, name);
    const sum = block ? block.fetchTimeSumMs : run.sumMs;
    const ratio = block ? block.speedup : (wall > 0 ? sum / wall : 0);
    const s = block && block.summary ? block.summary : null;
    const succeeded = s ? s.succeeded : run.ok;
    const failed = s ? s.failed : run.http + run.fail;
    const started = run.clientStart != null || block;
    row.querySelector('.wall').textContent = started ? fmtMs(wall) + (block ? '' : ' so far') : '–';
    row.querySelector('.sum').textContent = started ? fmtMs(sum) : '–';
    row.querySelector('.ratio').textContent = started ? fmtX(ratio) : '–';
    row.querySelector('.ok').textContent = started ? fmtInt(succeeded) : '–';
    row.querySelector('.failed').textContent = started ? fmtInt(failed) : '–';
    setData(row, {
      completed: run.completed,
      succeeded,
      failed,
      wallMs: block ? block.durationMs : null,
      sumMs: block ? block.fetchTimeSumMs : null,
      speedup: block ? block.speedup : null
    });
  }

  // --- hover and keyboard details --------------------------------------------------------------

  function outcomeLine(r) {
    const outcome = WF.outcomeOf(r);
    const mark = outcome === 'ok' ? '■' : outcome === 'http' ? '▲' : '✕';
    if (outcome === 'fail') {
      const e = r.error;
      return mark + ' ' + e.kind + (e.phase ? ' (' + e.phase + ')' : '') + (r.status != null ? ', status ' + r.status : '')
          + ': ' + (e.message || 'failed') + (r.bytes ? ' · ' + fmtInt(r.bytes) + ' bytes' : '');
    }
    return mark + ' ' + r.status + ' · ' + fmtInt(r.bytes || 0) + ' bytes' + (r.contentType ? ' · ' + r.contentType : '');
  }

  function fillTooltip(r, index, run) {
    const t = els.tooltip;
    t.textContent = '';
    t.className = 'tooltip ' + WF.outcomeOf(r);
    const url = document.createElement('div');
    url.className = 'tt-url';
    url.textContent = '#' + (index + 1) + ' ' + r.url + (r.finalUrl && r.finalUrl !== r.url ? ' → ' + r.finalUrl : '');
    const outcome = document.createElement('div');
    outcome.className = 'tt-outcome';
    outcome.textContent = outcomeLine(r);
    const table = document.createElement('table');
    const timings = r.timings || {};
    const p = WF.phasesOf(r);
    const rows = [['start', timings.startMs, null]];
    // queueMs is the wait before the URL was sent (before start); p.wait is inside the fetch (a pooled connection).
    if (queuedNoticeably(r)) {
      rows.push(['queued before start' + (r.queuedBy ? ' (' + r.queuedBy + ')' : ''), r.queueMs, null]);
    }
    if (p.wait >= 1) {
      rows.push(['waiting (pool)', p.wait, 'p-wait']);
    }
    WF.PHASES.forEach((ph, k) => {
      // a failed fetch's phases are what ran; the one it failed in is marked
      const value = typeof timings[ph.key] === 'number' || k === p.failedAt ? p.parts[k] : timings[ph.key];
      rows.push([ph.name + (k === p.failedAt ? ' ✕ failed here' : ''), value,
        'p-' + ph.key.replace('Ms', '').toLowerCase()]);
    });
    rows.push(['total', timings.totalMs, null]);
    for (const [name, value, cls] of rows) {
      const tr = document.createElement('tr');
      const a = document.createElement('td');
      if (cls) {
        const sw = document.createElement('span');
        sw.className = 'tt-swatch ' + cls;
        a.appendChild(sw);
      }
      a.appendChild(document.createTextNode(name));
      const b = document.createElement('td');
      b.className = 'num';
      b.textContent = typeof value === 'number' ? fmtMs(value) : '–';
      tr.append(a, b);
      table.appendChild(tr);
    }
    const extra = document.createElement('div');
    const bits = [];
    if (run) {
      bits.push(run + ' run');
    }
    bits.push(timings.reusedConnection ? 'reused connection' : 'new connection');
    if (r.redirects) {
      bits.push(plural(r.redirects, 'redirect', 'redirects'));
    }
    if (r.attempts > 1) {
      bits.push(plural(r.attempts, 'attempt', 'attempts'));
    }
    extra.textContent = bits.join(' · ');
    const connection = document.createElement('div');
    connection.className = 'tt-connection';
    connection.textContent = connectionLine(r);
    t.append(url, outcome, table, extra);
    if (connection.textContent) {
      t.append(connection);
    }
    t.hidden = false;
  }

  /**
   * What the result tells of its connection, each part only when present: HTTP version, remote
   * address, connection id, TLS version and cipher, and time queued with what held it.
   */
  function connectionLine(r) {
    const parts = [];
    if (r.httpVersion) {
      parts.push(String(r.httpVersion));
    }
    if (r.remoteAddress) {
      parts.push('to ' + r.remoteAddress);
    }
    if (r.connectionId != null) {
      parts.push('connection ' + r.connectionId);
    }
    if (r.tls && (r.tls.version || r.tls.cipher)) {
      parts.push([r.tls.version, r.tls.cipher].filter(Boolean).join(' '));
    }
    if (queuedNoticeably(r)) {
      parts.push('queued ' + fmtMs(r.queueMs) + (r.queuedBy ? ' by ' + r.queuedBy : ''));
    }
    return parts.join(' · ');
  }

  /** A wait before sending worth a line: a limit held the URL, or it waited a millisecond or more. */
  function queuedNoticeably(r) {
    return typeof r.queueMs === 'number' && (r.queuedBy != null || r.queueMs >= 1);
  }

  function placeTooltip(x, y, below) {
    const t = els.tooltip;
    const w = t.offsetWidth;
    const h = t.offsetHeight;
    let left = x + 14;
    let top = below ? y + 4 : y + 16;
    if (left + w > window.innerWidth - 8) {
      left = Math.max(8, x - w - 14);
    }
    if (top + h > window.innerHeight - 8) {
      top = Math.max(8, (below ? y - 26 : y - 8) - h);
    }
    t.style.left = left + 'px';
    t.style.top = top + 'px';
  }

  function hideTooltip() {
    els.tooltip.hidden = true;
  }

  function showHover(r, index, x, y, waterfall) {
    if (!r) {
      hideTooltip();
      return;
    }
    fillTooltip(r, index, job && job.mode === 'compare' ? waterfall.run : null);
    placeTooltip(x, y, false);
  }

  function showSelection(r, index, rect, waterfall) {
    if (index < 0) {
      hideTooltip();
      els.rowDetail.textContent = '';
      return;
    }
    const prefix = (job && job.mode === 'compare' ? waterfall.run + ' run, ' : '') + 'row ' + fmtInt(index + 1) + ' of '
        + fmtInt(waterfall.total) + ': ';
    if (!r) {
      hideTooltip();
      els.rowDetail.textContent = prefix + 'not finished yet.';
      return;
    }
    els.rowDetail.textContent = prefix + r.url + ', ' + outcomeLine(r).replace(/^[■▲✕] /, '')
        + ', total ' + fmtMs(r.timings ? r.timings.totalMs : 0) + '.';
    fillTooltip(r, index, job && job.mode === 'compare' ? waterfall.run : null);
    if (rect) {
      placeTooltip(rect.left + (rect.right - rect.left) * 0.35, rect.bottom, true);
    }
  }

  window.addEventListener('scroll', hideTooltip, { passive: true });

  // --- the accessible table --------------------------------------------------------------------

  /** Rows the table has for the filter chosen. */
  function tableRowCount(j) {
    const filter = FILTERS[currentFilter()];
    if (!filter) {
      return j.names.reduce((n, name) => n + j.runs[name].completed, 0);
    }
    return j.names.reduce((n, name) => n + j.runs[name].waterfall.results.filter(r => r && filter(r)).length, 0);
  }

  let tableTimer = null;
  function scheduleTable() {
    if (tableTimer == null) {
      tableTimer = setTimeout(() => {
        tableTimer = null;
        renderTable();
      }, job && job.finished ? 0 : 400);
    }
  }

  function cell(tr, text, cls) {
    const td = document.createElement('td');
    if (cls) {
      td.className = cls;
    }
    td.textContent = text;
    tr.appendChild(td);
    return td;
  }

  function renderTable() {
    const j = job;
    els.tableBody.textContent = '';
    if (!j) {
      return;
    }
    const fragment = document.createDocumentFragment();
    const filter = FILTERS[currentFilter()];
    let shown = 0;
    let all = 0;
    for (const name of j.names) {
      const results = j.runs[name].waterfall.results;
      for (let i = 0; i < results.length; i++) {
        const r = results[i];
        if (!r || (filter && !filter(r))) {
          continue;
        }
        all++;
        if (shown >= tableLimit) {
          continue;
        }
        shown++;
        const tr = document.createElement('tr');
        const outcome = WF.outcomeOf(r);
        const timings = r.timings || {};
        tr.dataset.index = String(r.index);
        tr.dataset.run = name;
        tr.dataset.outcome = outcome;
        tr.dataset.status = r.status == null ? '' : String(r.status);
        tr.dataset.bytes = String(r.bytes || 0);
        tr.dataset.totalMs = String(timings.totalMs || 0);
        tr.dataset.error = r.error ? r.error.kind : '';
        const th = document.createElement('th');
        th.scope = 'row';
        th.textContent = String(r.index + 1);
        tr.appendChild(th);
        cell(tr, name, 'col-run');
        cell(tr, r.url, 'url');
        const statusCell = cell(tr, ' ' + (r.status == null ? '–' : r.status), 'status');
        const mark = document.createElement('span');
        mark.className = 'mark ' + outcome;
        mark.setAttribute('aria-hidden', 'true');
        mark.textContent = outcome === 'ok' ? '■' : outcome === 'http' ? '▲' : '✕';
        statusCell.prepend(mark);
        cell(tr, fmtInt(r.bytes || 0), 'num');
        cell(tr, nf1.format(timings.startMs || 0), 'num');
        cell(tr, nf1.format(timings.totalMs || 0), 'num');
        cell(tr, r.error ? r.error.kind + ': ' + (r.error.message || '') : '', 'err');
        fragment.appendChild(tr);
      }
    }
    els.tableBody.appendChild(fragment);
    els.table.dataset.rows = String(shown);
    els.tableShown.textContent = shown < all ? 'Showing ' + fmtInt(shown) + ' of ' + fmtInt(all) + ' rows.'
        : plural(all, 'row', 'rows') + '.';
    els.tableMore.hidden = shown >= all;
  }

  els.tableDetails.addEventListener('toggle', () => {
    if (els.tableDetails.open) {
      renderTable();
    } else {
      els.tableBody.textContent = '';
    }
  });
  els.tableMore.addEventListener('click', () => {
    tableLimit += TABLE_PAGE;
    renderTable();
  });

  // --- downloads -------------------------------------------------------------------------------

  /**
   * The report as CSV: the service's own (GET /jobs/{id} with Accept: text/csv), so the page, the
   * API and the command line share one encoder and its columns.
   */
  async function reportCsv(j) {
    const response = await fetch('/jobs/' + encodeURIComponent(j.id),
        { headers: authHeaders({ Accept: 'text/csv' }), cache: 'no-store' });
    if (!response.ok) {
      throw new Error(response.status === 404
          ? 'the service no longer keeps this job\'s report (download it as JSON instead)'
          : 'the service answered ' + response.status);
    }
    return response.text();
  }

  function download(name, type, text) {
    const url = URL.createObjectURL(new Blob([text], { type }));
    const a = document.createElement('a');
    a.href = url;
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  }

  els.downloadJson.addEventListener('click', () => {
    if (job && job.report) {
      download('fanfetch-' + job.id + '.json', 'application/json', JSON.stringify(job.report, null, 2) + '\n');
    }
  });
  els.downloadCsv.addEventListener('click', async () => {
    const current = job;
    if (current && current.report) {
      try {
        download('fanfetch-' + current.id + '.csv', 'text/csv;charset=utf-8', await reportCsv(current));
      } catch (err) {
        showError('The CSV could not be made: ' + err.message + '.');
      }
    }
  });

  // --- the row filter --------------------------------------------------------------------------

  /** What each choice of the filter keeps: every row, failed fetches, anything but a 2xx answer. */
  const FILTERS = {
    all: null,
    failed: r => !!r.error,
    'non-2xx': r => !r.ok
  };

  function currentFilter() {
    const checked = els.filter.querySelector('input[name=show]:checked');
    return checked && Object.prototype.hasOwnProperty.call(FILTERS, checked.value) ? checked.value : 'all';
  }

  function filterLabel() {
    const checked = els.filter.querySelector('input[name=show]:checked');
    return checked ? checked.parentNode.textContent.trim() : 'All';
  }

  els.filter.addEventListener('change', () => {
    els.results.dataset.filter = currentFilter();
    if (job) {
      job.names.forEach(n => {
        job.runs[n].waterfall.options.emptyText = 'No URL matches "' + filterLabel() + '"' + (job.finished ? '.' : ' (yet).');
        job.runs[n].waterfall.setFilter(FILTERS[currentFilter()]);
      });
      if (els.tableDetails.open) {
        renderTable();
      }
      render();
    }
  });

  // --- for tests and the curious ---------------------------------------------------------------

  window.fanfetchUi = {
    csv: () => reportCsv(job),
    display,
    report: () => (job ? job.report : null),
    job: () => (job ? { id: job.id, mode: job.mode, total: job.total, finished: job.finished, transport: job.transport } : null),
    parseUrls
  };

  updateUrlCount();
  attachFromHash();
})();

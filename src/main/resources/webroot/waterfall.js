/*
 * fanfetch waterfall: one row per URL on a canvas, virtually scrolled (only the visible rows are
 * drawn, so 10,000 rows cost the same as 20). Each bar starts at the result's startMs and is split
 * into DNS, connect, first byte (ttfb) and download, in the outcome's colour from light to dark.
 * Outcome is told three ways: colour (Okabe–Ito), a shape marker (■ ▲ ✕) and text (status or
 * error kind); failed bars are also striped.
 */
(function (global) {
  'use strict';

  const ROW_H = 22;
  const AXIS_H = 26;
  const STATUS_W = 96;
  const FONT = '12px system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", "Noto Sans", "Liberation Sans", Arial, sans-serif';
  const FONT_BOLD = '600 12px system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", "Noto Sans", "Liberation Sans", Arial, sans-serif';
  const FONT_SMALL = '11px system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", "Noto Sans", "Liberation Sans", Arial, sans-serif';

  /** The phases of a bar, in order, with how much of the outcome colour each one gets. */
  const PHASES = [
    { key: 'dnsMs', name: 'DNS', tint: 0.35 },
    { key: 'connectMs', name: 'connect', tint: 0.55 },
    { key: 'ttfbMs', name: 'first byte', tint: 0.78 },
    { key: 'downloadMs', name: 'download', tint: 1 }
  ];

  /** ok (2xx), http (answered, not 2xx), fail (error). */
  function outcomeOf(result) {
    if (result.error) {
      return 'fail';
    }
    return result.ok ? 'ok' : 'http';
  }

  /** What the status column says. */
  function statusText(result) {
    if (result.error) {
      return result.error.kind || 'error';
    }
    return result.status == null ? '–' : String(result.status);
  }

  function num(value) {
    return typeof value === 'number' && isFinite(value) ? value : 0;
  }

  /** Where a failed fetch was (error.phase), as an index into PHASES; queued and unknown phases have none. */
  const FAILED_IN = { connect: 1, ttfb: 2, download: 3 };

  function failedPhase(result) {
    const e = result.error;
    if (!e) {
      return -1;
    }
    if (e.kind === 'dns') {
      return 0;
    }
    return Object.prototype.hasOwnProperty.call(FAILED_IN, e.phase) ? FAILED_IN[e.phase] : -1;
  }

  /**
   * Splits a result's totalMs into a lead-in wait and the four phases (ms). A failed fetch shows
   * the phases it reports as they were; the time no phase accounts for went to the phase it failed
   * in (error.phase), when that phase reports none itself (failed results used to carry no phase
   * times at all): a timeout waiting for the first byte is drawn as first byte, not as a wait for a
   * connection. failedAt is that phase's index, or -1.
   */
  function phasesOf(result) {
    const t = result.timings || {};
    const total = num(t.totalMs);
    const parts = PHASES.map(p => Math.max(0, num(t[p.key])));
    const known = parts.reduce((a, b) => a + b, 0);
    let wait = Math.max(0, total - known);
    const failedAt = failedPhase(result);
    if (failedAt >= 0 && parts[failedAt] === 0 && wait > 0) {
      parts[failedAt] = wait;
      wait = 0;
    }
    return { start: num(t.startMs), total: Math.max(total, known), wait, parts, failedAt };
  }

  // --- colours ---------------------------------------------------------------------------------

  const probe = document.createElement('canvas').getContext('2d');

  function toRgb(css) {
    probe.fillStyle = '#000000';
    probe.fillStyle = css.trim();
    const hex = probe.fillStyle;
    if (hex.charAt(0) === '#') {
      return [parseInt(hex.substr(1, 2), 16), parseInt(hex.substr(3, 2), 16), parseInt(hex.substr(5, 2), 16)];
    }
    const m = hex.match(/\d+(\.\d+)?/g) || [0, 0, 0];
    return [+m[0], +m[1], +m[2]];
  }

  function mix(rgb, base, amount) {
    const c = rgb.map((v, i) => Math.round(base[i] + (v - base[i]) * amount));
    return 'rgb(' + c.join(',') + ')';
  }

  /** Reads the page's colours (CSS custom properties), so the canvas follows light and dark. */
  function readTheme() {
    const css = getComputedStyle(document.documentElement);
    const v = name => css.getPropertyValue(name) || '#000';
    const panel = toRgb(v('--panel'));
    const theme = {
      panel: mix(panel, panel, 1),
      fg: v('--fg').trim(),
      muted: v('--muted').trim(),
      line: v('--line').trim(),
      stripe: v('--stripe').trim(),
      focus: v('--focus').trim(),
      wait: v('--wait').trim(),
      outcome: {}
    };
    for (const key of ['ok', 'http', 'fail']) {
      const rgb = toRgb(v('--' + key));
      theme.outcome[key] = {
        solid: mix(rgb, panel, 1),
        phases: PHASES.map(p => mix(rgb, panel, p.tint))
      };
    }
    theme.hatch = makeHatch();
    return theme;
  }

  function makeHatch() {
    const tile = document.createElement('canvas');
    tile.width = 6;
    tile.height = 6;
    const g = tile.getContext('2d');
    g.strokeStyle = 'rgba(255,255,255,0.75)';
    g.lineWidth = 1.6;
    g.beginPath();
    g.moveTo(-1, 7);
    g.lineTo(7, -1);
    g.moveTo(-1, 1);
    g.lineTo(1, -1);
    g.moveTo(5, 7);
    g.lineTo(7, 5);
    g.stroke();
    return probe.createPattern(tile, 'repeat');
  }

  let theme = null;
  const themed = new Set();
  function currentTheme() {
    if (!theme) {
      theme = readTheme();
    }
    return theme;
  }
  if (global.matchMedia) {
    const mq = global.matchMedia('(prefers-color-scheme: dark)');
    const reset = () => {
      theme = null;
      themed.forEach(w => w.invalidate());
    };
    if (mq.addEventListener) {
      mq.addEventListener('change', reset);
    }
  }

  // --- time axis -------------------------------------------------------------------------------

  function niceStep(raw) {
    if (!(raw > 0)) {
      return 1;
    }
    const pow = Math.pow(10, Math.floor(Math.log10(raw)));
    const f = raw / pow;
    const nice = f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10;
    return nice * pow;
  }

  /** Rounds a time span up to a tidy axis end, so the scale grows in steps rather than every frame. */
  function niceCeil(ms) {
    if (!(ms > 0)) {
      return 100;
    }
    const pow = Math.pow(10, Math.floor(Math.log10(ms)));
    for (const f of [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) {
      if (f * pow >= ms) {
        return f * pow;
      }
    }
    return 10 * pow;
  }

  /** Axis labels: milliseconds for short spans, seconds (one unit for the whole axis) for long ones. */
  function axisLabel(ms, step, scaleMs) {
    if (ms === 0) {
      return '0';
    }
    if (scaleMs >= 2000) {
      const digits = step >= 1000 ? 0 : step >= 100 ? 1 : 2;
      return (ms / 1000).toFixed(digits) + ' s';
    }
    const digits = step >= 1 ? 0 : step >= 0.1 ? 1 : 2;
    return ms.toFixed(digits) + ' ms';
  }

  function fmtDuration(ms) {
    if (ms >= 9999.5) {
      return (ms / 1000).toFixed(1) + ' s';
    }
    if (ms >= 999.5) {
      return (ms / 1000).toFixed(2) + ' s';
    }
    if (ms >= 9.95) {
      return Math.round(ms) + ' ms';
    }
    return ms.toFixed(1) + ' ms';
  }

  // --- the waterfall ---------------------------------------------------------------------------

  let seq = 0;

  class Waterfall {
    /**
     * @param parent  element to append the waterfall to
     * @param options {run, title, total, maxHeight, onHover(result|null, index, x, y), onSelect(result|null, index, rect)}
     */
    constructor(parent, options) {
      this.options = options;
      this.run = options.run;
      this.total = options.total || 0;
      this.results = new Array(this.total);
      this.received = 0;
      this.scaleMs = 100;
      this.hover = -1;
      this.selected = -1;
      this.labels = new Map();
      this.labelWidth = 0;
      this.pending = false;
      this.drawn = { first: 0, last: -1, count: 0 };
      // With a filter, the rows shown are the indices in view (rebuilt when results change).
      this.filter = null;
      this.view = null;
      this.viewStale = false;
      this.id = 'wf-' + (++seq);

      const section = document.createElement('section');
      section.className = 'waterfall';
      section.id = 'waterfall-' + this.run;
      section.dataset.run = this.run;
      const heading = document.createElement('h3');
      heading.id = this.id + '-heading';
      const title = document.createElement('span');
      title.textContent = options.title;
      this.meta = document.createElement('span');
      this.meta.className = 'wf-meta';
      heading.append(title, this.meta);

      const scroller = document.createElement('div');
      scroller.className = 'wf-scroll';
      scroller.tabIndex = 0;
      scroller.setAttribute('role', 'group');
      scroller.setAttribute('aria-roledescription', 'waterfall');
      scroller.setAttribute('aria-labelledby', heading.id);
      scroller.setAttribute('aria-describedby', this.id + '-help');
      const help = document.createElement('span');
      help.id = this.id + '-help';
      help.className = 'visually-hidden';
      help.textContent = 'Up and down arrow keys, Page Up, Page Down, Home and End select a row and read out its outcome. '
          + 'The full list is in the results table below.';
      const canvas = document.createElement('canvas');
      canvas.setAttribute('aria-hidden', 'true');
      const spacer = document.createElement('div');
      spacer.className = 'wf-spacer';
      scroller.append(canvas, spacer);
      section.append(heading, help, scroller);
      parent.appendChild(section);

      this.section = section;
      // for tests and the curious: the element leads to its waterfall
      section.fanfetchWaterfall = this;
      this.scroller = scroller;
      this.canvas = canvas;
      this.spacer = spacer;
      this.ctx = canvas.getContext('2d');

      scroller.addEventListener('scroll', () => this.invalidate(), { passive: true });
      scroller.addEventListener('mousemove', e => this.onMouse(e));
      scroller.addEventListener('mouseleave', () => this.setHover(-1, 0, 0));
      scroller.addEventListener('keydown', e => this.onKey(e));
      scroller.addEventListener('blur', () => {
        if (this.options.onBlur) {
          this.options.onBlur(this);
        }
      });
      scroller.addEventListener('focus', () => {
        if (this.selected >= 0) {
          this.announceSelection();
        }
      });
      if (global.ResizeObserver) {
        new ResizeObserver(() => this.invalidate()).observe(scroller);
      } else {
        global.addEventListener('resize', () => this.invalidate());
      }
      themed.add(this);
      this.layout();
    }

    destroy() {
      themed.delete(this);
      this.section.remove();
    }

    setTotal(total) {
      if (total !== this.total) {
        this.total = total;
        this.results.length = total;
        this.viewStale = this.filter != null;
        this.layout();
      }
    }

    /** Shows only the finished results the predicate keeps (null: every row, finished or not). */
    setFilter(filter) {
      this.filter = filter || null;
      this.viewStale = this.filter != null;
      this.view = null;
      this.hover = -1;
      this.layout();
    }

    /** How many rows are shown. */
    rowCount() {
      this.refreshView();
      return this.view ? this.view.length : this.total;
    }

    /** The result index of the row at a position. */
    indexAt(position) {
      return this.view ? this.view[position] : position;
    }

    /** The position of a result index among the rows shown, or -1. */
    positionOf(index) {
      return this.view ? this.view.indexOf(index) : index;
    }

    refreshView() {
      if (!this.viewStale) {
        return;
      }
      this.viewStale = false;
      const view = [];
      for (let i = 0; i < this.results.length; i++) {
        const r = this.results[i];
        if (r && this.filter(r)) {
          view.push(i);
        }
      }
      this.view = view;
      this.sizeToRows();
    }

    /** Records a finished URL; returns false when that row already had a result. */
    set(index, result) {
      if (index < 0) {
        return false;
      }
      if (index >= this.total) {
        this.setTotal(index + 1);
      }
      const had = this.results[index] != null;
      this.results[index] = result;
      this.labels.delete(index);
      if (this.filter) {
        this.viewStale = true;
      }
      if (!had) {
        this.received++;
      }
      this.invalidate();
      return !had;
    }

    get(index) {
      return this.results[index];
    }

    /** Greatest end (startMs + totalMs) over the results. */
    maxEnd() {
      let max = 0;
      for (let i = 0; i < this.results.length; i++) {
        const r = this.results[i];
        if (r) {
          const p = phasesOf(r);
          if (p.start + p.total > max) {
            max = p.start + p.total;
          }
        }
      }
      return max;
    }

    setScale(ms) {
      if (ms > 0 && ms !== this.scaleMs) {
        this.scaleMs = ms;
        this.section.dataset.scaleMs = String(ms);
        this.invalidate();
      }
    }

    setMeta(text) {
      this.meta.textContent = text;
    }

    layout() {
      this.refreshView();
      this.sizeToRows();
      this.invalidate();
    }

    sizeToRows() {
      const rows = this.view ? this.view.length : this.total;
      const maxHeight = this.options.maxHeight || 440;
      const full = AXIS_H + rows * ROW_H;
      const height = Math.max(AXIS_H + ROW_H, Math.min(full, maxHeight));
      this.viewHeight = height;
      this.scroller.style.height = (height + 2) + 'px';
      this.spacer.style.height = Math.max(0, full - height) + 'px';
      this.section.dataset.total = String(this.total);
      this.section.dataset.shown = String(rows);
    }

    invalidate() {
      if (!this.pending) {
        this.pending = true;
        global.requestAnimationFrame(() => {
          this.pending = false;
          this.draw();
        });
      }
    }

    geometry() {
      const width = this.scroller.clientWidth;
      const labelW = Math.round(Math.max(150, Math.min(380, width * 0.3)));
      const x0 = labelW + STATUS_W + 8;
      // room on the right for the longest bar's duration label
      const x1 = Math.max(x0 + 40, width - 58);
      return { width, labelW, x0, x1 };
    }

    xOf(ms, g) {
      return g.x0 + (ms / this.scaleMs) * (g.x1 - g.x0);
    }

    draw() {
      this.refreshView();
      const t = currentTheme();
      const g = this.geometry();
      const height = this.viewHeight;
      const dpr = global.devicePixelRatio || 1;
      const canvas = this.canvas;
      if (canvas.width !== Math.round(g.width * dpr) || canvas.height !== Math.round(height * dpr)) {
        canvas.width = Math.round(g.width * dpr);
        canvas.height = Math.round(height * dpr);
        canvas.style.height = height + 'px';
      }
      if (g.labelW !== this.labelWidth) {
        this.labels.clear();
        this.labelWidth = g.labelW;
      }
      const ctx = this.ctx;
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      ctx.fillStyle = t.panel;
      ctx.fillRect(0, 0, g.width, height);

      const scrollTop = this.scroller.scrollTop;
      const rows = this.view ? this.view.length : this.total;
      const first = Math.max(0, Math.floor(scrollTop / ROW_H));
      const last = Math.min(rows - 1, Math.floor((scrollTop + height - AXIS_H - 1) / ROW_H));
      const step = niceStep(this.scaleMs / Math.max(2, Math.floor((g.x1 - g.x0) / 90)));

      // rows
      ctx.save();
      ctx.beginPath();
      ctx.rect(0, AXIS_H, g.width, height - AXIS_H);
      ctx.clip();
      for (let i = first; i <= last; i++) {
        const y = AXIS_H + i * ROW_H - scrollTop;
        if (i % 2 === 1) {
          ctx.fillStyle = t.stripe;
          ctx.fillRect(0, y, g.width, ROW_H);
        }
      }
      // grid lines behind the bars
      ctx.strokeStyle = t.line;
      ctx.lineWidth = 1;
      ctx.beginPath();
      for (let ms = step; ms <= this.scaleMs + 1e-9; ms += step) {
        const x = Math.round(this.xOf(ms, g)) + 0.5;
        ctx.moveTo(x, AXIS_H);
        ctx.lineTo(x, height);
      }
      ctx.moveTo(g.x0 - 0.5, AXIS_H);
      ctx.lineTo(g.x0 - 0.5, height);
      ctx.stroke();
      let count = 0;
      for (let k = first; k <= last; k++) {
        this.drawRow(ctx, t, g, this.indexAt(k), AXIS_H + k * ROW_H - scrollTop);
        count++;
      }
      if (rows === 0 && this.filter) {
        ctx.font = FONT;
        ctx.fillStyle = t.muted;
        ctx.textBaseline = 'middle';
        ctx.fillText(this.options.emptyText || 'No row matches the filter.', 8, AXIS_H + ROW_H / 2);
      }
      ctx.restore();

      // axis (always on top)
      ctx.fillStyle = t.panel;
      ctx.fillRect(0, 0, g.width, AXIS_H);
      ctx.strokeStyle = t.line;
      ctx.beginPath();
      ctx.moveTo(0, AXIS_H - 0.5);
      ctx.lineTo(g.width, AXIS_H - 0.5);
      ctx.stroke();
      ctx.font = FONT_BOLD;
      ctx.fillStyle = t.muted;
      ctx.textBaseline = 'middle';
      ctx.textAlign = 'left';
      ctx.fillText('URL', 8, AXIS_H / 2);
      ctx.fillText('Status', g.labelW + 8, AXIS_H / 2);
      ctx.font = FONT_SMALL;
      for (let ms = 0; ms <= this.scaleMs + 1e-9; ms += step) {
        const x = this.xOf(ms, g);
        const label = axisLabel(ms, step, this.scaleMs);
        const w = ctx.measureText(label).width;
        ctx.textAlign = x + w / 2 > g.width - 2 ? 'right' : ms === 0 ? 'left' : 'center';
        ctx.fillText(label, ms === 0 ? x : Math.min(x, g.width - 2), AXIS_H / 2);
        ctx.beginPath();
        ctx.moveTo(Math.round(x) + 0.5, AXIS_H - 5);
        ctx.lineTo(Math.round(x) + 0.5, AXIS_H - 1);
        ctx.stroke();
      }
      ctx.textAlign = 'left';

      this.drawn = { first, last, count };
      this.section.dataset.rows = String(this.received);
      this.section.dataset.drawnFirst = String(first);
      this.section.dataset.drawnLast = String(last);
      this.section.dataset.drawnCount = String(count);
    }

    drawRow(ctx, t, g, i, y) {
      const r = this.results[i];
      const mid = y + ROW_H / 2;
      if (i === this.hover || i === this.selected) {
        ctx.fillStyle = t.focus;
        ctx.globalAlpha = 0.12;
        ctx.fillRect(0, y, g.width, ROW_H);
        ctx.globalAlpha = 1;
        if (i === this.selected) {
          ctx.strokeStyle = t.focus;
          ctx.lineWidth = 2;
          ctx.strokeRect(1, y + 1, g.width - 2, ROW_H - 2);
          ctx.lineWidth = 1;
        }
      }
      ctx.textBaseline = 'middle';
      ctx.textAlign = 'left';
      ctx.font = FONT;
      // label: row number and URL
      ctx.fillStyle = t.muted;
      const numText = String(i + 1);
      ctx.fillText(numText, 8, mid);
      const numW = Math.max(24, ctx.measureText(String(this.total)).width + 8);
      ctx.fillStyle = r ? t.fg : t.muted;
      ctx.fillText(this.label(ctx, i, r, g.labelW - numW - 16), 8 + numW, mid);
      if (!r) {
        ctx.fillStyle = t.muted;
        ctx.fillText('…', g.labelW + 8, mid);
        return;
      }
      const outcome = outcomeOf(r);
      const colours = t.outcome[outcome];
      // status: shape marker + text
      const sx = g.labelW + 8;
      this.marker(ctx, outcome, colours.solid, sx + 5, mid);
      ctx.fillStyle = t.fg;
      ctx.font = outcome === 'ok' ? FONT : FONT_BOLD;
      let status = statusText(r);
      const maxStatusW = STATUS_W - 20;
      while (ctx.measureText(status).width > maxStatusW && status.length > 2) {
        status = status.slice(0, -2) + '…';
      }
      ctx.fillText(status, sx + 14, mid);

      // bar
      const p = phasesOf(r);
      const top = y + 5;
      const h = ROW_H - 10;
      const xs = this.xOf(p.start, g);
      let x = xs;
      if (p.wait > 0) {
        const w = (p.wait / this.scaleMs) * (g.x1 - g.x0);
        ctx.fillStyle = t.wait;
        ctx.fillRect(x, mid - 1, w, 2);
        x += w;
      }
      const barStart = x;
      for (let k = 0; k < PHASES.length; k++) {
        const w = (p.parts[k] / this.scaleMs) * (g.x1 - g.x0);
        if (w <= 0) {
          continue;
        }
        ctx.fillStyle = colours.phases[k];
        ctx.fillRect(x, top, w, h);
        x += w;
      }
      let barEnd = x;
      if (barEnd - barStart < 2 && p.total > 0) {
        // too short to see its phases: a 2px tick in the outcome colour
        ctx.fillStyle = colours.solid;
        ctx.fillRect(barStart, top, 2, h);
        barEnd = barStart + 2;
      }
      if (outcome === 'fail') {
        if (barEnd - barStart >= 2) {
          ctx.fillStyle = t.hatch;
          ctx.fillRect(barStart, top, barEnd - barStart, h);
        }
        // a cross where the fetch ended
        this.marker(ctx, 'fail', colours.solid, Math.max(xs, barEnd) + 6, mid);
        barEnd = Math.max(xs, barEnd) + 12;
      }
      // duration after the bar, when it fits
      ctx.font = FONT_SMALL;
      ctx.fillStyle = t.muted;
      const label = fmtDuration(p.total);
      const lw = ctx.measureText(label).width;
      if (barEnd + 6 + lw <= g.width - 4) {
        ctx.fillText(label, barEnd + 6, mid);
      } else if (xs - 6 - lw >= g.x0) {
        ctx.textAlign = 'right';
        ctx.fillText(label, xs - 6, mid);
        ctx.textAlign = 'left';
      }
    }

    /** A shape per outcome, so colour is never the only cue: ■ ok, ▲ http, ✕ failed. */
    marker(ctx, outcome, colour, cx, cy) {
      ctx.fillStyle = colour;
      ctx.strokeStyle = colour;
      if (outcome === 'ok') {
        ctx.fillRect(cx - 4, cy - 4, 8, 8);
      } else if (outcome === 'http') {
        ctx.beginPath();
        ctx.moveTo(cx, cy - 5);
        ctx.lineTo(cx + 5, cy + 4);
        ctx.lineTo(cx - 5, cy + 4);
        ctx.closePath();
        ctx.fill();
      } else {
        ctx.lineWidth = 2.2;
        ctx.beginPath();
        ctx.moveTo(cx - 4, cy - 4);
        ctx.lineTo(cx + 4, cy + 4);
        ctx.moveTo(cx + 4, cy - 4);
        ctx.lineTo(cx - 4, cy + 4);
        ctx.stroke();
        ctx.lineWidth = 1;
      }
    }

    /** A row's URL as given, scheme and all: a URL without one must look as wrong as it is. */
    labelText(i) {
      const r = this.results[i];
      const url = r ? r.url : (this.options.urlAt ? this.options.urlAt(i) : '');
      return String(url == null ? '' : url);
    }

    /** The URL shortened in the middle to fit, cached per row. */
    label(ctx, i, r, width) {
      const cached = this.labels.get(i);
      if (cached !== undefined) {
        return cached;
      }
      let text = this.labelText(i);
      if (ctx.measureText(text).width > width) {
        let lo = 1;
        let hi = text.length;
        let best = '…';
        while (lo <= hi) {
          const keep = (lo + hi) >> 1;
          const head = Math.ceil(keep * 0.45);
          const candidate = text.slice(0, head) + '…' + text.slice(text.length - (keep - head));
          if (ctx.measureText(candidate).width <= width) {
            best = candidate;
            lo = keep + 1;
          } else {
            hi = keep - 1;
          }
        }
        text = best;
      }
      if (this.labels.size > 2000) {
        this.labels.clear();
      }
      this.labels.set(i, text);
      return text;
    }

    rowAtClientY(clientY) {
      const rect = this.scroller.getBoundingClientRect();
      const y = clientY - rect.top - 1;
      if (y < AXIS_H) {
        return -1;
      }
      const k = Math.floor((y - AXIS_H + this.scroller.scrollTop) / ROW_H);
      return k >= 0 && k < this.rowCount() ? this.indexAt(k) : -1;
    }

    /** Where row i is on screen (client coordinates), or null when it is scrolled out of view. */
    rowRect(i) {
      const k = this.positionOf(i);
      if (k < 0) {
        return null;
      }
      const rect = this.scroller.getBoundingClientRect();
      const top = rect.top + 1 + AXIS_H + k * ROW_H - this.scroller.scrollTop;
      if (top < rect.top + AXIS_H - 1 || top + ROW_H > rect.bottom + 1) {
        return null;
      }
      return { left: rect.left, right: rect.right, top, bottom: top + ROW_H };
    }

    onMouse(e) {
      this.setHover(this.rowAtClientY(e.clientY), e.clientX, e.clientY);
    }

    setHover(i, x, y) {
      if (i !== this.hover) {
        this.hover = i;
        this.invalidate();
      }
      if (this.options.onHover) {
        const r = i >= 0 ? this.results[i] : null;
        this.options.onHover(r || null, i, x, y, this);
      }
    }

    onKey(e) {
      const page = Math.max(1, Math.floor((this.viewHeight - AXIS_H) / ROW_H) - 1);
      const rows = this.rowCount();
      const at = this.selected < 0 ? -1 : this.positionOf(this.selected);
      let next = at;
      const start = at < 0 ? this.drawn.first - 1 : at;
      switch (e.key) {
        case 'ArrowDown': next = start + 1; break;
        case 'ArrowUp': next = at < 0 ? this.drawn.first : start - 1; break;
        case 'PageDown': next = start + page; break;
        case 'PageUp': next = start - page; break;
        case 'Home': next = 0; break;
        case 'End': next = rows - 1; break;
        case 'Escape':
          if (this.selected >= 0) {
            this.selected = -1;
            this.invalidate();
            if (this.options.onSelect) {
              this.options.onSelect(null, -1, null);
            }
            e.preventDefault();
          }
          return;
        default: return;
      }
      e.preventDefault();
      if (rows === 0) {
        return;
      }
      this.select(this.indexAt(Math.max(0, Math.min(rows - 1, next))));
    }

    /** Selects the row of result index i and scrolls it into view. */
    select(i) {
      this.selected = i;
      const top = Math.max(0, this.positionOf(i)) * ROW_H;
      const visible = this.viewHeight - AXIS_H;
      if (top < this.scroller.scrollTop) {
        this.scroller.scrollTop = top;
      } else if (top + ROW_H > this.scroller.scrollTop + visible) {
        this.scroller.scrollTop = top + ROW_H - visible;
      }
      this.section.dataset.selected = String(i);
      this.draw();
      this.announceSelection();
    }

    announceSelection() {
      if (this.options.onSelect) {
        const i = this.selected;
        this.options.onSelect(this.results[i] || null, i, this.rowRect(i), this);
      }
    }
  }

  global.FanfetchWaterfall = {
    Waterfall,
    PHASES,
    outcomeOf,
    statusText,
    phasesOf,
    niceCeil,
    fmtDuration,
    ROW_H,
    AXIS_H
  };
})(window);

// The inspector page: the exchanges live over server-sent events, filters, the detail of one, replays (with edits
// and a diff), saved sets, HAR out and in, and the tcp/tls/udp connections. Everything a visitor sent is put on the
// page as text (textContent, never markup): exchange content is attacker-controlled.
'use strict';

(() => {
  const $ = (id) => document.getElementById(id);
  const THEME_KEY = 'portway-inspect-theme';

  // ---- small helpers -------------------------------------------------------------------------------------------

  /** An element with attributes/properties and children (strings become text nodes, never markup). */
  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    if (props) {
      for (const [k, v] of Object.entries(props)) {
        if (v === undefined || v === null || v === false) continue;
        if (k === 'class') node.className = v;
        else if (k === 'text') node.textContent = v;
        else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
        else if (k in node && k !== 'list') node[k] = v;
        else node.setAttribute(k, v);
      }
    }
    for (const c of children) {
      if (c === undefined || c === null || c === false) continue;
      node.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return node;
  }

  function clear(node) {
    node.replaceChildren();
    return node;
  }

  async function api(path, options) {
    const res = await fetch(path, Object.assign({ cache: 'no-store' }, options));
    if (res.status === 204) return null;
    let body = null;
    const text = await res.text();
    try { body = text ? JSON.parse(text) : null; } catch (e) { body = null; }
    if (!res.ok) {
      const message = body && body.error ? body.error.message : res.status + ' ' + res.statusText;
      const err = new Error(message);
      err.status = res.status;
      throw err;
    }
    return body;
  }

  function postJson(path, value) {
    return api(path, { method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: value === undefined ? '' : JSON.stringify(value) });
  }

  let toastTimer = 0;
  function toast(message) {
    const t = $('toast');
    t.textContent = message;
    t.hidden = false;
    clearTimeout(toastTimer);
    toastTimer = setTimeout(() => { t.hidden = true; }, 3500);
  }

  function fmtBytes(n) {
    if (n === undefined || n === null) return '';
    if (n < 1024) return n + ' B';
    if (n < 1024 * 1024) return (n / 1024).toFixed(1) + ' kB';
    return (n / 1024 / 1024).toFixed(1) + ' MB';
  }

  function fmtTime(iso) {
    const d = new Date(iso);
    if (isNaN(d)) return '';
    const p = (n, w) => String(n).padStart(w || 2, '0');
    return p(d.getHours()) + ':' + p(d.getMinutes()) + ':' + p(d.getSeconds()) + '.' + p(d.getMilliseconds(), 3);
  }

  function fmtMs(ms) {
    if (ms === undefined || ms === null) return '';
    return ms < 1000 ? ms + ' ms' : (ms / 1000).toFixed(2) + ' s';
  }

  function shortType(ct) {
    if (!ct) return '';
    const base = ct.split(';')[0].trim().toLowerCase();
    const sub = base.split('/')[1] || base;
    if (sub.endsWith('+json') || sub === 'json') return 'json';
    if (sub === 'x-www-form-urlencoded') return 'form';
    if (sub === 'javascript' || sub === 'ecmascript') return 'js';
    if (sub === 'octet-stream') return 'binary';
    return sub.replace(/^x-/, '');
  }

  function header(headers, name) {
    const h = (headers || []).find((x) => x.name.toLowerCase() === name);
    return h ? h.value : '';
  }

  // ---- theme ---------------------------------------------------------------------------------------------------

  const darkQuery = window.matchMedia('(prefers-color-scheme: dark)');
  function effectiveTheme() {
    return document.documentElement.dataset.theme || (darkQuery.matches ? 'dark' : 'light');
  }
  function showThemeButton() {
    $('theme').textContent = effectiveTheme() === 'dark' ? 'Light' : 'Dark';
  }
  const savedTheme = localStorage.getItem(THEME_KEY);
  if (savedTheme === 'dark' || savedTheme === 'light') document.documentElement.dataset.theme = savedTheme;
  showThemeButton();
  darkQuery.addEventListener('change', showThemeButton);
  $('theme').addEventListener('click', () => {
    const next = effectiveTheme() === 'dark' ? 'light' : 'dark';
    document.documentElement.dataset.theme = next;
    localStorage.setItem(THEME_KEY, next);
    showThemeButton();
  });

  // ---- tabs ----------------------------------------------------------------------------------------------------

  const views = { exchanges: $('view-exchanges'), sets: $('view-sets'), connections: $('view-connections') };
  function showTab(name) {
    for (const [k, v] of Object.entries(views)) {
      v.hidden = k !== name;
      const tab = $('tab-' + k);
      tab.classList.toggle('active', k === name);
      tab.setAttribute('aria-selected', String(k === name));
    }
    if (name === 'sets') loadSets();
    if (name === 'connections') loadConnections();
  }
  // An open connection's byte counts move without an event: read them again while the tab shows.
  setInterval(() => {
    if (views.connections.hidden || document.hidden) return;
    for (const tr of conns.values()) {
      if (tr.dataset.state === 'open') { loadConnections(); return; }
    }
  }, 2000);
  for (const k of Object.keys(views)) $('tab-' + k).addEventListener('click', () => showTab(k));

  // ---- the exchanges list --------------------------------------------------------------------------------------

  const rows = new Map(); // id -> { s: summary, tr }
  const checked = new Set();
  let cursor = null; // the selected exchange's id
  let anchor = null; // where a shift-click range starts
  let searchIds = null; // ids holding the search text (from the server), or null: no search
  const tbody = $('exchanges').tBodies[0];
  const listPane = $('list-pane');

  function filters() {
    return {
      method: $('filter-method').value,
      path: $('filter-path').value.trim().toLowerCase(),
      status: $('filter-status').value.trim().toLowerCase(),
    };
  }

  /** "2xx", "404", "4xx,5xx", "failed", "pending": does the summary's status match one of them? */
  function statusMatches(s, spec) {
    if (!spec) return true;
    return spec.split(/[\s,]+/).filter(Boolean).some((one) => {
      if (one === 'failed' || one === 'pending' || one === 'done') return s.state === one;
      const code = s.status ? String(s.status) : '';
      if (/^[1-5]xx$/.test(one) || /^[1-5]$/.test(one)) return code.startsWith(one[0]);
      return code === one;
    });
  }

  function visible(s, f) {
    if (f.method && s.method !== f.method) return false;
    if (f.path && !String(s.path).toLowerCase().includes(f.path)) return false;
    if (!statusMatches(s, f.status)) return false;
    return searchIds === null || searchIds.has(s.id);
  }

  function statusCell(s) {
    if (s.state === 'pending') return el('td', { class: 'c-status st-pending', text: 'pending' });
    if (s.state === 'failed') return el('td', { class: 'c-status st-failed', text: s.status ? s.status : 'failed' });
    return el('td', { class: 'c-status st-' + String(s.status).charAt(0), text: s.status });
  }

  function fillRow(tr, s, f) {
    const box = el('input', { type: 'checkbox', checked: checked.has(s.id), title: 'Select for a set or HAR' });
    box.dataset.role = 'check';
    // the badges stay visible when a long path is cut short
    const cell = el('div', { class: 'cell' }, el('span', { class: 'p', text: s.path }));
    if (s.replay_of !== undefined && s.replay_of !== null) {
      cell.append(el('span', { class: 'badge', text: 'replay of #' + s.replay_of }));
    }
    if (s.imported) cell.append(el('span', { class: 'badge', text: 'imported' }));
    const path = el('td', { class: 'c-path', title: s.failure ? s.path + '\n' + s.failure : s.path }, cell);
    tr.replaceChildren(
      el('td', { class: 'c-check' }, box),
      el('td', { class: 'c-id', text: s.id }),
      el('td', { class: 'c-method method', text: s.method }),
      path,
      statusCell(s),
      el('td', { class: 'c-type', text: shortType(s.content_type) }),
      el('td', { class: 'c-size', text: s.state === 'pending' ? '' : fmtBytes(s.response_bytes) }),
      el('td', { class: 'c-time', text: s.state === 'pending' ? '…' : fmtMs(s.duration_ms) }),
      el('td', { class: 'c-started', text: fmtTime(s.started) }));
    tr.className = [s.state, s.id === cursor ? 'selected' : '', checked.has(s.id) ? 'checked' : '']
      .filter(Boolean).join(' ');
    tr.hidden = !visible(s, f || filters());
  }

  // Events come in bursts: each is queued and the table is changed once per animation frame.
  const KEEP = 500; // the agent keeps the newest 500 (ExchangeLog.KEEP): older rows go here too
  const queued = new Map(); // id -> summary waiting for the next frame
  let queuedFrame = false;
  let maxId = 0;
  function upsert(s, fromSearch) {
    const q = queued.get(s.id);
    queued.set(s.id, q ? Object.assign(q, s, { fromSearch: q.fromSearch && fromSearch }) : Object.assign({}, s,
      { fromSearch: !!fromSearch }));
    if (queuedFrame) return;
    queuedFrame = true;
    // a hidden tab gets no frames: the queue is emptied on a timer there, so it never grows for long
    if (document.hidden) setTimeout(flush, 250); else requestAnimationFrame(flush);
  }

  // a frame asked for just before the tab was hidden would wait till it shows again: flush now instead
  document.addEventListener('visibilitychange', () => { if (document.hidden && queuedFrame) flush(); });

  function flush() {
    queuedFrame = false;
    const atBottom = listPane.scrollTop + listPane.clientHeight >= listPane.scrollHeight - 4; // one layout read
    const f = filters();
    let added = false;
    const batch = Array.from(queued.values());
    queued.clear();
    for (const s of batch) {
      const fromSearch = s.fromSearch;
      delete s.fromSearch;
      let row = rows.get(s.id);
      if (row) {
        row.s = Object.assign({}, row.s, s);
      } else {
        const tr = el('tr');
        tr.dataset.id = s.id;
        row = { s, tr };
        rows.set(s.id, row);
        if (s.id > maxId) {
          tbody.append(tr); // the usual case: the newest goes last
          maxId = s.id;
        } else {
          // an older one (read again after a resync, or found by a search): after the last smaller id
          let before = null;
          for (const other of tbody.rows) {
            if (Number(other.dataset.id) > s.id) { before = other; break; }
          }
          tbody.insertBefore(tr, before);
        }
        if (!fromSearch) added = true;
      }
      fillRow(row.tr, row.s, f);
      if (s.id === detailId && row.s.state !== 'pending' && shownState !== row.s.state) loadDetail(s.id);
    }
    while (rows.size > KEEP && tbody.firstElementChild) {
      const oldest = tbody.firstElementChild;
      const id = Number(oldest.dataset.id);
      oldest.remove();
      rows.delete(id);
      checked.delete(id);
    }
    $('empty').hidden = rows.size > 0;
    if (atBottom) listPane.scrollTop = listPane.scrollHeight;
    summarize();
    if (added && searchIds !== null) throttledSearch(); // new bodies may hold the text searched for
  }

  function refilter() {
    const f = filters();
    for (const { s, tr } of rows.values()) tr.hidden = !visible(s, f);
    const shown = visibleIds();
    $('empty').hidden = rows.size > 0;
    $('empty').textContent = rows.size > 0 && shown.length === 0 ? 'No exchange matches the filters.'
      : 'No exchanges yet. Requests through your tunnels show up here as they happen.';
    $('empty').hidden = shown.length > 0;
    summarize();
  }

  /** "8 / 12 requests · 14.2 kB received · 3 selected", like a network panel's status bar. */
  let summaryQueued = false;
  function summarize() {
    if (summaryQueued) return;
    summaryQueued = true;
    requestAnimationFrame(() => {
      summaryQueued = false;
      let shown = 0;
      let bytes = 0;
      for (const { s, tr } of rows.values()) {
        if (!tr.hidden) { shown++; bytes += s.response_bytes || 0; }
      }
      const parts = [(shown === rows.size ? '' : shown + ' / ') + rows.size + ' request' + (rows.size === 1 ? '' : 's'),
        fmtBytes(bytes) + ' received'];
      if (checked.size) parts.push(checked.size + ' selected');
      $('summary').textContent = parts.join('  ·  ');
    });
  }

  function visibleIds() {
    return Array.from(tbody.rows).filter((tr) => !tr.hidden).map((tr) => Number(tr.dataset.id));
  }

  /** Drops every row (the list is read again next). */
  function forget() {
    rows.clear();
    queued.clear();
    maxId = 0;
    checked.clear();
    clear(tbody);
    cursor = null;
    anchor = null;
    closeDetail();
    checkedChanged();
  }

  async function loadList() {
    try {
      const list = await api('/api/exchanges');
      for (const s of list.exchanges) upsert(s);
      refilter();
    } catch (e) {
      toast('Could not read the exchanges: ' + e.message);
    }
  }

  let searchTimer = 0;
  let searchSeq = 0;
  function scheduleSearch() {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(runSearch, 200);
  }

  /** New rows while a search is active: the server searches again at most about once a second. */
  let lastSearch = 0;
  let throttleTimer = 0;
  function throttledSearch() {
    if (throttleTimer) return;
    throttleTimer = setTimeout(() => { throttleTimer = 0; runSearch(); },
      Math.max(200, 1000 - (Date.now() - lastSearch)));
  }

  async function runSearch() {
    const q = $('search').value.trim();
    const seq = ++searchSeq;
    lastSearch = Date.now();
    if (!q) {
      searchIds = null;
      refilter();
      return;
    }
    try {
      const list = await api('/api/exchanges?q=' + encodeURIComponent(q));
      if (seq !== searchSeq) return;
      searchIds = new Set(list.exchanges.map((s) => s.id));
      for (const s of list.exchanges) if (!rows.has(s.id)) upsert(s, true);
      refilter();
    } catch (e) {
      toast('Search failed: ' + e.message);
    }
  }

  $('search').addEventListener('input', scheduleSearch);
  for (const id of ['filter-method', 'filter-path', 'filter-status']) {
    $(id).addEventListener('input', refilter);
    $(id).addEventListener('change', refilter);
  }

  function select(id, open) {
    const old = cursor === null ? null : rows.get(cursor);
    if (old) old.tr.classList.remove('selected');
    cursor = id;
    const row = rows.get(id);
    if (!row) return;
    row.tr.classList.add('selected');
    row.tr.scrollIntoView({ block: 'nearest' });
    if (open || detailId !== null) openDetail(id);
  }

  function setChecked(id, on) {
    const row = rows.get(id);
    if (!row) return;
    if (on) checked.add(id); else checked.delete(id);
    row.tr.classList.toggle('checked', on);
    const box = row.tr.querySelector('input[type=checkbox]');
    if (box) box.checked = on;
  }

  function checkRange(from, to) {
    const ids = visibleIds();
    let a = ids.indexOf(from);
    let b = ids.indexOf(to);
    if (a < 0) a = b;
    if (a > b) [a, b] = [b, a];
    for (let i = a; i <= b; i++) setChecked(ids[i], true);
    checkedChanged();
  }

  function checkedChanged() {
    const n = checked.size;
    $('checked-count').textContent = n ? n + ' selected' : '';
    $('save-set').disabled = n === 0;
    const ids = Array.from(checked).sort((a, b) => a - b);
    const params = [];
    if (n) params.push('ids=' + ids.join(','));
    if (raw) params.push('raw=true');
    $('export-har').href = '/api/har' + (params.length ? '?' + params.join('&') : '');
    $('export-har').textContent = n ? 'Export HAR (' + n + ')' : 'Export HAR';
    summarize();
  }

  tbody.addEventListener('click', (ev) => {
    const tr = ev.target.closest('tr');
    if (!tr) return;
    const id = Number(tr.dataset.id);
    if (ev.target.dataset.role === 'check') {
      if (ev.shiftKey && anchor !== null) checkRange(anchor, id);
      else { setChecked(id, ev.target.checked); checkedChanged(); }
      anchor = id;
      return;
    }
    if (ev.shiftKey) {
      checkRange(anchor !== null ? anchor : (cursor !== null ? cursor : id), id);
      anchor = id;
      return;
    }
    if (ev.ctrlKey || ev.metaKey) {
      setChecked(id, !checked.has(id));
      checkedChanged();
      anchor = id;
      return;
    }
    anchor = id;
    select(id, true);
  });

  $('check-all').addEventListener('change', (ev) => {
    for (const id of visibleIds()) setChecked(id, ev.target.checked);
    checkedChanged();
  });

  // ---- the detail ----------------------------------------------------------------------------------------------

  let detailId = null;
  let detail = null; // the detail shown (secrets hidden unless raw)
  let shownState = null;
  let raw = false;
  let detailSeq = 0;

  function openDetail(id) {
    if (detailId !== id) {
      $('editor').hidden = true;
      $('replay-result').hidden = true;
    }
    detailId = id;
    $('detail').hidden = false;
    loadDetail(id);
  }

  function closeDetail() {
    detailId = null;
    detail = null;
    $('detail').hidden = true;
    $('editor').hidden = true;
  }

  async function loadDetail(id) {
    const seq = ++detailSeq;
    try {
      const d = await api('/api/exchanges/' + id + (raw ? '?raw=true' : ''));
      if (seq !== detailSeq || detailId !== id) return;
      detail = d;
      shownState = d.state;
      renderDetail(d);
    } catch (e) {
      if (seq === detailSeq) toast('Could not read #' + id + ': ' + e.message);
    }
  }

  function renderDetail(d) {
    $('detail-title').textContent = '#' + d.id + '  ' + d.method + ' ' + d.path;
    $('detail-title').title = d.path;
    const bits = [];
    if (d.state === 'pending') bits.push('pending');
    else if (d.state === 'failed') bits.push('failed: ' + (d.failure || ''));
    else bits.push((d.http_version || 'HTTP') + ' ' + d.status + (d.reason ? ' ' + d.reason : ''));
    if (d.duration_ms !== undefined && d.duration_ms !== null) bits.push(fmtMs(d.duration_ms));
    bits.push(fmtBytes(d.request_bytes) + ' up, ' + fmtBytes(d.response_bytes) + ' down');
    bits.push(new Date(d.started).toLocaleString());
    if (d.replay_of !== undefined && d.replay_of !== null) bits.push('replay of #' + d.replay_of);
    if (d.imported) bits.push('imported from HAR');
    $('status-line').textContent = bits.join('  ·  ');
    renderHeaders($('request-headers'), d.request_headers);
    renderHeaders($('response-headers'), d.response_headers);
    renderBody($('request-body'), d.request_body, header(d.request_headers, 'content-type'));
    renderBody($('response-body'), d.response_body, header(d.response_headers, 'content-type') || d.content_type);
  }

  function renderHeaders(table, headers) {
    clear(table);
    for (const h of headers || []) {
      const value = el('td', { text: h.value });
      if (String(h.value).includes('[redacted]')) value.className = 'redacted';
      table.append(el('tr', null, el('td', { text: h.name }), value));
    }
  }

  function bytesOf(b64) {
    const bin = atob(b64);
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  }

  function hexDump(bytes, limit) {
    const lines = [];
    const n = Math.min(bytes.length, limit);
    for (let off = 0; off < n; off += 16) {
      let hex = '';
      let text = '';
      for (let i = off; i < off + 16; i++) {
        if (i < n) {
          hex += bytes[i].toString(16).padStart(2, '0') + ' ';
          text += bytes[i] >= 32 && bytes[i] < 127 ? String.fromCharCode(bytes[i]) : '.';
        } else {
          hex += '   ';
        }
        if (i === off + 7) hex += ' ';
      }
      lines.push(off.toString(16).padStart(8, '0') + '  ' + hex + ' ' + text);
    }
    return lines.join('\n');
  }

  /** Pretty JSON with its keys, strings, numbers and literals in spans, each made of text nodes. */
  function jsonPre(value) {
    const pre = el('pre', { class: 'json' });
    const text = JSON.stringify(value, null, 2);
    const token = /("(?:\\.|[^"\\])*")(\s*:)?|\b(true|false|null)\b|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g;
    let last = 0;
    let m;
    while ((m = token.exec(text)) !== null) {
      if (m.index > last) pre.append(text.slice(last, m.index));
      if (m[1] !== undefined) {
        pre.append(el('span', { class: m[2] ? 'j-key' : 'j-str', text: m[1] }));
        if (m[2]) pre.append(m[2]);
      } else {
        pre.append(el('span', { class: m[3] ? 'j-lit' : 'j-num', text: m[0] }));
      }
      last = token.lastIndex;
    }
    pre.append(text.slice(last));
    return pre;
  }

  function formTable(text) {
    const table = el('table', { class: 'form' }, el('tr', null, el('th', { text: 'Name' }), el('th', { text: 'Value' })));
    for (const [k, v] of new URLSearchParams(text)) table.append(el('tr', null, el('td', { text: k }), el('td', { text: v })));
    return table;
  }

  function renderBody(box, body, contentType) {
    clear(box);
    const ct = (contentType || '').split(';')[0].trim().toLowerCase();
    if (!body || body.size === 0) {
      box.append(el('p', { class: 'note', text: 'No body' }));
      return;
    }
    if (!body.captured) {
      box.append(el('p', { class: 'note', text: fmtBytes(body.size) + ', not captured: bodies are kept on the'
        + ' connections opened while someone looks at the inspector.' }));
      return;
    }
    const cut = body.cut_at !== undefined && body.cut_at !== null ? body.cut_at : body.captured;
    if (cut < body.size) {
      box.append(el('p', { class: 'note', text: 'The first ' + fmtBytes(cut) + ' of ' + fmtBytes(body.size) + ' (' + ct + ')' }));
    } else if (ct) {
      box.append(el('p', { class: 'note', text: fmtBytes(body.size) + ' · ' + ct }));
    }
    const complete = body.captured >= body.size;
    if (body.base64 !== undefined) {
      if (ct.startsWith('image/') && complete) {
        box.append(el('img', { src: 'data:' + ct + ';base64,' + body.base64, alt: 'the body, as an image' }));
        return;
      }
      const bytes = bytesOf(body.base64);
      box.append(el('pre', { class: 'hex', text: hexDump(bytes, 16384) }));
      if (bytes.length > 16384) box.append(el('p', { class: 'note', text: 'Hex of the first 16 kB.' }));
      return;
    }
    const text = body.text || '';
    if (ct === 'image/svg+xml' && complete) {
      // as an <img>: an SVG's scripts never run there
      const utf8 = new TextEncoder().encode(text);
      let bin = '';
      for (const b of utf8) bin += String.fromCharCode(b);
      box.append(el('img', { src: 'data:image/svg+xml;base64,' + btoa(bin), alt: 'the body, as an image' }));
      return;
    }
    if (ct === 'application/x-www-form-urlencoded') {
      box.append(formTable(text));
      return;
    }
    const looksJson = ct.includes('json') || /^\s*[[{]/.test(text);
    if (looksJson && complete) {
      try {
        box.append(jsonPre(JSON.parse(text)));
        return;
      } catch (e) {
        // not JSON after all: shown as text
      }
    }
    box.append(el('pre', { class: 'text', text }));
  }

  $('close-detail').addEventListener('click', closeDetail);
  $('secrets').addEventListener('click', () => {
    raw = !raw;
    $('secrets').setAttribute('aria-pressed', String(raw));
    $('secrets').textContent = raw ? 'Hide secrets' : 'Show secrets';
    checkedChanged();
    if (detailId !== null) loadDetail(detailId);
  });

  // ---- replay --------------------------------------------------------------------------------------------------

  function responseText(d) {
    if (!d) return '';
    const head = d.state === 'failed' ? 'failed: ' + (d.failure || '')
      : (d.http_version || 'HTTP') + ' ' + d.status + (d.reason ? ' ' + d.reason : '');
    const b = d.response_body;
    const body = !b ? '' : b.text !== undefined ? b.text : '(' + fmtBytes(b.size) + ' of binary)';
    return head + '\n\n' + body;
  }

  function diffView(lines) {
    const box = el('div', { class: 'diff' });
    for (const l of lines) {
      box.append(el('div', { class: l.op === '+' ? 'add' : l.op === '-' ? 'del' : 'same', text: l.text }));
    }
    return box;
  }

  async function diffSection(from, to) {
    try {
      const diff = await api('/api/exchanges/' + from + '/diff?to=' + to);
      const badge = el('span', { class: 'badge ' + (diff.changed ? 'changed' : 'same'),
        text: diff.changed ? 'changed' : 'unchanged' });
      return el('div', null, el('h3', null, 'Diff #' + from + ' → #' + to, badge), diffView(diff.lines));
    } catch (e) {
      return el('p', { class: 'note', text: 'No diff: ' + e.message });
    }
  }

  async function replay(id, edits) {
    const box = $('replay-result');
    if (detailId !== id) openDetail(id);
    clear(box).append(el('h3', { text: 'Replaying #' + id + '…' }));
    box.hidden = false;
    let original;
    let answer;
    try {
      original = detail && detail.id === id ? detail : await api('/api/exchanges/' + id);
      answer = await postJson('/api/exchanges/' + id + '/replay', edits);
    } catch (e) {
      clear(box).append(el('h3', { text: 'Replay of #' + id + ' failed' }), el('p', { class: 'note', text: e.message }));
      return;
    }
    upsert(answer);
    const sides = el('div', { class: 'sides' },
      el('div', null, el('h3', { text: 'Original #' + id }), el('pre', { class: 'text', text: responseText(original) })),
      el('div', null, el('h3', { text: 'Replay #' + answer.id }), el('pre', { class: 'text', text: responseText(answer) })));
    const diff = await diffSection(id, answer.id);
    clear(box).append(sides, diff);
    box.dataset.replayId = answer.id;
  }

  $('replay').addEventListener('click', () => { if (detailId !== null) replay(detailId); });

  // The edit form shows secrets hidden and sends what is typed: the server puts the captured value in place of each
  // one left hidden (a header, a query parameter), as the app does.
  let editing = null; // { id, lines, method, path, body }

  function openEditor() {
    if (detailId === null || !detail) return;
    const id = detailId;
    const shown = detail;
    const lines = (shown.request_headers || []).map((h) => h.name + ': ' + h.value);
    const body = shown.request_body && shown.request_body.text !== undefined ? shown.request_body.text : null;
    editing = { id, lines, method: shown.method, path: shown.path, body };
    $('edit-method').value = shown.method;
    $('edit-path').value = shown.path;
    $('edit-headers').value = lines.join('\n');
    $('edit-body').value = body === null ? '' : body;
    $('edit-body').disabled = body === null;
    $('edit-body').placeholder = body === null ? 'A binary body: sent as captured' : '';
    $('editor').hidden = false;
    $('edit-path').focus();
  }

  function edits() {
    const out = {};
    const method = $('edit-method').value.trim();
    const path = $('edit-path').value.trim();
    if (method && method !== editing.method) out.method = method;
    if (path && path !== editing.path) out.path = path;
    const lines = $('edit-headers').value.split('\n').map((l) => l.replace(/\r$/, '')).filter((l) => l.trim());
    if (lines.join('\n') !== editing.lines.join('\n')) {
      out.headers = lines.map((line) => {
        const colon = line.indexOf(':');
        if (colon <= 0) throw new Error('a header line is "Name: value", not "' + line + '"');
        return { name: line.slice(0, colon).trim(), value: line.slice(colon + 1).trim() };
      });
    }
    if (editing.body !== null && $('edit-body').value !== editing.body) out.body = $('edit-body').value;
    return out;
  }

  $('edit-replay').addEventListener('click', openEditor);
  $('edit-cancel').addEventListener('click', () => { $('editor').hidden = true; });
  $('editor').addEventListener('submit', (ev) => {
    ev.preventDefault();
    if (!editing) return;
    let e;
    try {
      e = edits();
    } catch (err) {
      toast(err.message);
      return;
    }
    $('editor').hidden = true;
    replay(editing.id, e);
  });

  // ---- keyboard ------------------------------------------------------------------------------------------------

  document.addEventListener('keydown', (ev) => {
    const t = ev.target;
    const typing = (t instanceof HTMLInputElement && t.type !== 'checkbox') || t instanceof HTMLTextAreaElement
      || t instanceof HTMLSelectElement;
    if (ev.key === 'Escape') {
      if (typing) { t.blur(); return; }
      if (!$('editor').hidden) { $('editor').hidden = true; return; }
      closeDetail();
      return;
    }
    if (typing || ev.ctrlKey || ev.metaKey || ev.altKey || views.exchanges.hidden) return;
    if (ev.key === 'ArrowDown' || ev.key === 'ArrowUp') {
      const ids = visibleIds();
      if (!ids.length) return;
      ev.preventDefault();
      const at = ids.indexOf(cursor);
      const next = at < 0 ? (ev.key === 'ArrowDown' ? 0 : ids.length - 1)
        : Math.max(0, Math.min(ids.length - 1, at + (ev.key === 'ArrowDown' ? 1 : -1)));
      select(ids[next], false);
    } else if (ev.key === 'Enter') {
      if (cursor !== null && t.tagName !== 'BUTTON' && t.tagName !== 'A') { ev.preventDefault(); openDetail(cursor); }
    } else if (ev.key === '/') {
      ev.preventDefault();
      $('search').focus();
    } else if (ev.key === 'r') {
      if (cursor !== null) { ev.preventDefault(); replay(cursor); }
    }
  });

  // ---- saved sets ----------------------------------------------------------------------------------------------

  $('save-set').addEventListener('click', async () => {
    const name = $('set-name').value.trim();
    if (!name) {
      toast('Name the set first');
      $('set-name').focus();
      return;
    }
    try {
      const saved = await postJson('/api/sets', { name, ids: Array.from(checked).sort((a, b) => a - b) });
      toast('Saved set ' + saved.name + ' (' + saved.count + ')');
      loadSets();
    } catch (e) {
      toast('Could not save the set: ' + e.message);
    }
  });

  async function loadSets() {
    const body = $('sets').tBodies[0];
    let list;
    try {
      list = await api('/api/sets');
    } catch (e) {
      $('sets-empty').textContent = 'Could not read the sets: ' + e.message;
      $('sets-empty').hidden = false;
      return;
    }
    clear(body);
    for (const s of list.sets) {
      const tr = el('tr', null,
        el('td', { class: 'mono', text: s.name }),
        el('td', { class: 'num', text: s.count }),
        el('td', { text: s.saved ? new Date(s.saved).toLocaleString() : '' }),
        el('td', null,
          el('button', { type: 'button', text: 'Replay', onclick: () => replaySet(s.name) }), ' ',
          el('button', { type: 'button', text: 'Delete', onclick: () => deleteSet(s.name) })));
      tr.dataset.name = s.name;
      body.append(tr);
    }
    $('sets-empty').textContent = 'No saved sets.';
    $('sets-empty').hidden = list.sets.length > 0;
  }

  async function deleteSet(name) {
    try {
      await api('/api/sets/' + encodeURIComponent(name), { method: 'DELETE' });
      loadSets();
    } catch (e) {
      toast('Could not delete the set: ' + e.message);
    }
  }

  async function replaySet(name) {
    const box = $('set-result');
    box.hidden = false;
    clear(box).append(el('h3', { text: 'Replaying ' + name + '…' }));
    let result;
    try {
      result = await postJson('/api/sets/' + encodeURIComponent(name) + '/replay');
    } catch (e) {
      clear(box).append(el('h3', { text: 'Replay of ' + name + ' failed' }), el('p', { class: 'note', text: e.message }));
      return;
    }
    const table = el('table', { class: 'grid' }, el('thead', null, el('tr', null,
      el('th', { text: 'Method' }), el('th', { text: 'Path' }), el('th', { text: 'Was' }), el('th', { text: 'Now' }),
      el('th', { text: 'Result' }), el('th'))));
    const tb = el('tbody');
    const diffBox = el('div');
    for (const r of result.results) {
      const o = r.original;
      const now = r.replayed ? (r.replayed.state === 'failed' ? 'failed' : r.replayed.status) : 'error';
      const what = r.error ? r.error : r.changed
        ? [r.status_changed ? 'status' : '', r.body_changed ? 'body' : ''].filter(Boolean).join(' and ') + ' changed'
        : 'same';
      const tr = el('tr', { class: r.changed || r.error ? 'changed' : 'same' },
        el('td', { class: 'method', text: o.method }),
        el('td', { class: 'mono', text: o.path }),
        el('td', { class: 'st-' + String(o.status).charAt(0), text: o.status }),
        el('td', { class: 'st-' + String(now).charAt(0), text: now }),
        el('td', null, el('span', { class: 'badge ' + (r.changed || r.error ? 'changed' : 'same'), text: what })),
        el('td', null, r.replayed ? el('button', { type: 'button', text: 'Diff', onclick: async () => {
          clear(diffBox).append(await diffSection(o.id, r.replayed.id));
        } }) : null));
      tb.append(tr);
      if (r.replayed) upsert(r.replayed);
    }
    table.append(tb);
    clear(box).append(el('h3', { text: 'Replayed ' + name + ': ' + result.changed + ' of ' + result.results.length
      + ' changed' }), table, diffBox);
  }

  // ---- HAR -----------------------------------------------------------------------------------------------------

  $('import-har').addEventListener('change', async (ev) => {
    const file = ev.target.files[0];
    ev.target.value = '';
    if (!file) return;
    try {
      const text = await file.text();
      const res = await api('/api/har', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: text });
      toast('Imported ' + res.imported + ' exchange' + (res.imported === 1 ? '' : 's') + ' from ' + file.name);
      await loadList();
    } catch (e) {
      toast('Could not import ' + file.name + ': ' + e.message);
    }
  });

  // ---- connections ---------------------------------------------------------------------------------------------

  const conns = new Map(); // id -> tr
  function upsertConnection(c) {
    let tr = conns.get(c.id);
    if (!tr) {
      tr = el('tr');
      tr.dataset.id = c.id;
      conns.set(c.id, tr);
      $('connections').tBodies[0].append(tr);
    }
    tr.dataset.state = c.state;
    const udp = c.type === 'udp';
    tr.replaceChildren(
      el('td', { class: 'c-id', text: c.id }),
      el('td', { class: 'method', text: c.type }),
      el('td', { class: 'mono', text: c.visitor || '' }),
      el('td', { class: 'mono', text: c.sni || '' }),
      el('td', { class: c.state === 'failed' ? 'st-failed' : c.state === 'open' ? 'st-2' : '', text: c.state }),
      el('td', { text: fmtTime(c.started) }),
      el('td', { class: 'num', text: c.state === 'open' ? '' : fmtMs(c.duration_ms) }),
      el('td', { class: 'num', text: fmtBytes(c.bytes_in) }),
      el('td', { class: 'num', text: fmtBytes(c.bytes_out) }),
      el('td', { class: 'num', text: udp ? (c.datagrams_in || 0) + ' / ' + (c.datagrams_out || 0) : '' }),
      el('td', { class: 'st-failed', text: c.failure || '' }));
    $('connections-empty').hidden = true;
  }

  async function loadConnections() {
    try {
      const list = await api('/api/connections');
      for (const c of list.connections) upsertConnection(c);
      $('connections-empty').hidden = conns.size > 0;
    } catch (e) {
      $('connections-empty').textContent = 'Could not read the connections: ' + e.message;
    }
  }

  // ---- live ----------------------------------------------------------------------------------------------------

  function follow() {
    const events = new EventSource('/api/events');
    events.addEventListener('exchange', (ev) => upsert(JSON.parse(ev.data)));
    events.addEventListener('connection', (ev) => upsertConnection(JSON.parse(ev.data)));
    // the agent skipped events while this page could not keep up: what it missed is in the lists
    events.addEventListener('resync', () => { loadList(); loadConnections(); });
    let opened = false;
    events.addEventListener('open', () => {
      $('live').textContent = 'live';
      $('live').classList.add('on');
      if (opened) forget(); // the agent may have restarted: its ids start again
      opened = true;
      loadList(); // events skipped while away (or before this stream) are in the list
    });
    events.addEventListener('error', () => {
      $('live').textContent = 'reconnecting…';
      $('live').classList.remove('on');
    });
  }

  checkedChanged();
  follow();
})();

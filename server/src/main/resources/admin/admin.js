// The admin page: signs in with POST /api/v1/login, or takes the session /admin/login handed over from the app's
// one-time code (either way the token lives in sessionStorage, for this tab only), then reads
// and steers the server through /api/v1/admin. Data from the server is only ever put in as text (textContent, or
// append() of a string, which makes a text node): an email or a socket name cannot become markup.
'use strict';

(() => {
  const API = '/api/v1';
  const TOKEN = 'portway.admin.token';
  const EMAIL = 'portway.admin.email';
  /** Set by /admin/login for a minute: the token of a sign-in through the app's one-time code. */
  const HANDOVER = 'portway_admin_handover';
  /** Live agents and the server's counts refresh this often while signed in. */
  const REFRESH_MS = 3000;
  const AUDIT_PAGE = 25;

  const $ = (selector, root = document) => root.querySelector(selector);

  class ApiError extends Error {
    constructor(status, code, message) {
      super(message);
      this.status = status;
      this.code = code;
    }
  }

  // ---- the API --------------------------------------------------------------------------------------------------

  /** Calls the API; a failure throws an ApiError with the server's {"error":{"code","message"}}. */
  async function api(method, path, body, token = sessionStorage.getItem(TOKEN)) {
    const headers = { Accept: 'application/json' };
    if (token) {
      headers.Authorization = 'Bearer ' + token;
    }
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
    }
    let res;
    try {
      res = await fetch(API + path, {
        method, headers, body: body === undefined ? undefined : JSON.stringify(body),
        cache: 'no-store', credentials: 'omit', redirect: 'error',
      });
    } catch (e) {
      throw new ApiError(0, 'unreachable', 'The server did not answer; is it running?');
    }
    if (res.status === 204) {
      return null;
    }
    let json = null;
    try {
      json = await res.json();
    } catch (e) {
      json = null;
    }
    if (!res.ok) {
      const err = json && json.error;
      const e = err ? new ApiError(res.status, err.code, err.message)
        : new ApiError(res.status, 'http_' + res.status, 'The server answered ' + res.status + '.');
      if (token && token === sessionStorage.getItem(TOKEN) && lostAccess(e)) {
        ended(e);
      }
      throw e;
    }
    return json;
  }

  /** The signed-in account may not use this page any more: token revoked, account disabled, admin role revoked. */
  function lostAccess(e) {
    return e.status === 401 || e.code === 'account_disabled' || e.code === 'forbidden';
  }

  // ---- small DOM helpers ----------------------------------------------------------------------------------------

  /** An element; strings among children become text nodes. Props: class, text, title, on<event>, data-*, others. */
  function el(tag, props = {}, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(props)) {
      if (v === undefined || v === null || v === false) {
        continue;
      }
      if (k === 'class') {
        e.className = v;
      } else if (k === 'text') {
        e.textContent = v;
      } else if (k.startsWith('on')) {
        e.addEventListener(k.slice(2), v);
      } else {
        e.setAttribute(k, v === true ? '' : String(v));
      }
    }
    for (const c of children.flat()) {
      if (c !== null && c !== undefined && c !== false) {
        e.append(c);
      }
    }
    return e;
  }

  function button(text, cls, onclick) {
    return el('button', { type: 'button', class: cls, onclick }, text);
  }

  function badge(text, kind) {
    return el('span', { class: 'badge ' + kind }, text);
  }

  function showError(section, e) {
    const p = $('.error', section);
    if (e) {
      p.textContent = e.message + (e.code ? ' (' + e.code + ')' : '');
      p.hidden = false;
    } else {
      p.textContent = '';
      p.hidden = true;
    }
  }

  function fmtTime(iso) {
    if (!iso) {
      return '—';
    }
    return new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
  }

  function ago(iso) {
    if (!iso) {
      return 'never';
    }
    const s = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000));
    if (s < 45) {
      return 'just now';
    }
    return duration(s) + ' ago';
  }

  function duration(seconds) {
    const m = Math.floor(seconds / 60);
    const h = Math.floor(m / 60);
    const d = Math.floor(h / 24);
    if (d > 0) {
      return d + ' d ' + (h % 24) + ' h';
    }
    if (h > 0) {
      return h + ' h ' + (m % 60) + ' min';
    }
    if (m > 0) {
      return m + ' min';
    }
    return seconds + ' s';
  }

  function bytes(n) {
    const units = ['B', 'KB', 'MB', 'GB', 'TB'];
    let v = n;
    let u = 0;
    while (v >= 1000 && u < units.length - 1) {
      v /= 1000;
      u++;
    }
    return (u === 0 ? String(v) : v.toFixed(v < 10 ? 1 : 0)) + ' ' + units[u];
  }

  function when(iso) {
    return el('span', { title: iso ? fmtTime(iso) : null }, ago(iso));
  }

  /** Fills a section's table body with rows, or shows its "empty" line. */
  function fill(section, rows) {
    const body = $('tbody', section);
    body.replaceChildren(...rows);
    const empty = $('.empty', section);
    if (empty) {
      empty.hidden = rows.length > 0;
    }
  }

  // ---- sign-in and sign-out -------------------------------------------------------------------------------------

  let timer = null;
  let me = null;

  function showSignIn(message) {
    stopRefresh();
    me = null;
    $('#app').hidden = true;
    $('#nav').hidden = true;
    $('#who').hidden = true;
    for (const body of document.querySelectorAll('#app tbody')) {
      body.replaceChildren();
    }
    $('#signin').hidden = false;
    const error = $('#signin-error');
    error.textContent = message || '';
    error.hidden = !message;
    $('#password').value = '';
    $(error.hidden ? '#email' : '#password').focus();
  }

  function ended(e) {
    sessionStorage.removeItem(TOKEN);
    sessionStorage.removeItem(EMAIL);
    const why = e.code === 'forbidden' ? 'This account is not an admin of this server any more.'
      : e.code === 'account_disabled' ? 'This account has been disabled.'
        : 'Your session has ended; sign in again.';
    showSignIn(why);
  }

  function notAdmin(email) {
    return email + ' is not an admin of this server, so this page shows it nothing. Sign in with an admin '
      + 'account, or ask an admin to grant this one the role.';
  }

  async function signIn(event) {
    event.preventDefault();
    const email = $('#email').value.trim();
    const password = $('#password').value;
    const go = $('#signin-button');
    const error = $('#signin-error');
    error.hidden = true;
    go.disabled = true;
    try {
      const login = await api('POST', '/login', { email, password }, null);
      const account = await api('GET', '/account', undefined, login.token);
      if (!account.admin) {
        // The token is of no use here: revoke it rather than leave it behind.
        await api('POST', '/logout', undefined, login.token).catch(() => null);
        showSignIn(notAdmin(account.email));
        return;
      }
      sessionStorage.setItem(TOKEN, login.token);
      sessionStorage.setItem(EMAIL, account.email);
      enter(account);
    } catch (e) {
      showSignIn(e.message + ' (' + e.code + ')');
    } finally {
      go.disabled = false;
    }
  }

  async function signOut() {
    const token = sessionStorage.getItem(TOKEN);
    sessionStorage.removeItem(TOKEN);
    sessionStorage.removeItem(EMAIL);
    showSignIn('');
    if (token) {
      await api('POST', '/logout', undefined, token).catch(() => null);
    }
  }

  /** A session handed over by /admin/login: taken into this tab, and the cookie that carried it deleted at once. */
  function takeHandover() {
    const prefix = HANDOVER + '=';
    const cookie = document.cookie.split('; ').find((c) => c.startsWith(prefix));
    if (!cookie) {
      return;
    }
    document.cookie = prefix + '; Path=/admin; Max-Age=0; SameSite=Strict';
    sessionStorage.setItem(TOKEN, decodeURIComponent(cookie.slice(prefix.length)));
  }

  /** A token from earlier in this tab, or just handed over: still good, and still an admin's? */
  async function resume() {
    takeHandover();
    if (!sessionStorage.getItem(TOKEN)) {
      showSignIn('');
      return;
    }
    try {
      const account = await api('GET', '/account');
      if (account.admin) {
        enter(account);
      } else {
        sessionStorage.removeItem(TOKEN);
        showSignIn(notAdmin(account.email));
      }
    } catch (e) {
      if (!lostAccess(e)) {
        showSignIn(e.message + ' (' + e.code + ')');
      }
    }
  }

  function enter(account) {
    me = account;
    $('#signin').hidden = true;
    $('#who-email').textContent = account.email;
    $('#who').hidden = false;
    $('#nav').hidden = false;
    $('#app').hidden = false;
    auditPages = [null];
    refreshAll();
    stopRefresh();
    timer = setInterval(refreshLive, REFRESH_MS);
  }

  function stopRefresh() {
    if (timer !== null) {
      clearInterval(timer);
      timer = null;
    }
  }

  // ---- loading the sections -------------------------------------------------------------------------------------

  /** Runs load for a section; its failure shows in the section, not elsewhere. */
  async function load(id, loader) {
    const section = document.getElementById(id);
    try {
      await loader(section);
      if (me) {
        showError(section, null);
      }
    } catch (e) {
      if (me) {
        showError(section, e);
      }
    }
  }

  function refreshAll() {
    return Promise.all([loadServer(), loadAgents(), loadUsers(), loadSockets(), loadCertificates(), loadAudit()]);
  }

  let refreshing = false;

  async function refreshLive() {
    if (refreshing || !me) {
      return;
    }
    refreshing = true;
    try {
      await Promise.all([loadServer(), loadAgents()]);
    } finally {
      refreshing = false;
    }
  }

  function loadServer() {
    return load('server', async () => {
      const s = await api('GET', '/admin/server');
      if (!me) {
        return;
      }
      $('#server-version').textContent = 'version ' + s.version + ' · ' + s.domain + ' · started '
        + fmtTime(s.started_at);
      $('#stat-uptime').textContent = duration(s.uptime_seconds);
      $('#stat-users').textContent = String(s.users);
      $('#stat-sockets').textContent = String(s.sockets);
      $('#stat-agents').textContent = String(s.agents_online);
      showPorts(s.tcp_ports, s.tcp_ports_in_use, '#stat-ports', '#port-range', '#ports-in-use');
      showPorts(s.udp_ports, s.udp_ports_in_use, '#stat-udp-ports', '#udp-port-range', '#udp-ports-in-use');
      showUdp(s.udp);
      const toggle = $('#signup-toggle');
      toggle.checked = s.signup;
      $('#signup-text').textContent = s.signup ? 'Open: anyone who reaches the API may create an account'
        : 'Closed: new accounts are refused';
      fill(document.getElementById('server'), s.listeners.map(l => el('tr', {},
        el('td', {}, l.name),
        el('td', { class: 'mono' }, l.host + ':' + l.port),
        el('td', {}, l.tls ? badge('TLS', 'ok') : badge('plain', 'plain')))));
    });
  }

  /** A port range (TCP or UDP, each its own space) and the ports of it that sockets hold. */
  function showPorts(range, inUse, stat, rangeLine, inUseLine) {
    const size = range.last - range.first + 1;
    const used = inUse.length;
    $(stat).textContent = used + ' / ' + size;
    $(rangeLine).textContent = range.first + '–' + range.last + ' (' + size + ' ports)';
    $(inUseLine).textContent = used === 0 ? 'None in use.'
      : 'In use: ' + inUse.slice(0, 40).join(', ') + (used > 40 ? ' and ' + (used - 40) + ' more' : '');
  }

  /** The udp flows and datagrams of the node that answered, since it started, and what its edge dropped. */
  function showUdp(u) {
    $('#udp-flows').textContent = 'Flows: ' + u.flows_open + ' open · ' + u.flows_opened + ' opened';
    $('#udp-datagrams').textContent = 'Datagrams: ' + u.datagrams_in + ' in (' + bytes(u.bytes_in) + ') · '
      + u.datagrams_out + ' out (' + bytes(u.bytes_out) + ')';
    const drops = Object.entries(u.dropped).filter(([, n]) => n > 0);
    $('#udp-dropped').textContent = drops.length === 0 ? 'None dropped.'
      : 'Dropped: ' + drops.map(([reason, n]) => reason + ' ' + n).join(' · ');
  }

  function loadAgents() {
    return load('agents', async (section) => {
      const agents = await api('GET', '/admin/agents');
      if (!me) {
        return;
      }
      fill(section, agents.map(a => el('tr', { 'data-tunnel': a.tunnel_id, 'data-user': a.user_id },
        el('td', {}, el('div', { class: 'strong' }, a.socket_name || '—'),
          el('div', { class: 'muted small mono' }, a.dns_name || '')),
        el('td', {}, a.user_email || '—'),
        el('td', {}, el('div', {}, a.agent_version || 'unknown agent'),
          el('div', { class: 'muted small' }, [a.agent_host, a.remote_address].filter(Boolean).join(' · '))),
        el('td', { class: 'time' }, when(a.connected_since)),
        el('td', { class: 'num bytes-in' }, bytes(a.bytes_in)),
        el('td', { class: 'num bytes-out' }, bytes(a.bytes_out)),
        el('td', { class: 'num streams' }, String(a.open_streams)),
        el('td', { class: 'actions' },
          button('Kick', 'small kick', () => act(section, () => api('DELETE', '/admin/agents/'
            + encodeURIComponent(a.tunnel_id)))),
          a.user_id ? button('Disable user', 'small danger-text disable-user', () => act(section,
            () => api('PATCH', '/admin/users/' + encodeURIComponent(a.user_id), { disabled: true }))) : null))));
      $('#agents-refreshed').textContent = 'refreshed ' + new Date().toLocaleTimeString() + ' · every '
        + REFRESH_MS / 1000 + ' s';
    });
  }

  function loadUsers() {
    return load('users', async (section) => {
      const users = await api('GET', '/admin/users');
      if (!me) {
        return;
      }
      const admins = users.filter(u => u.admin).length;
      const disabled = users.filter(u => u.disabled).length;
      $('#users-count').textContent = users.length + ' accounts · ' + admins + ' admin' + (admins === 1 ? '' : 's')
        + ' · ' + disabled + ' disabled';
      fill(section, users.map(u => userRow(section, u)));
    });
  }

  function userRow(section, u) {
    const id = encodeURIComponent(u.user_id);
    const patch = body => act(section, () => api('PATCH', '/admin/users/' + id, body));
    return el('tr', { 'data-user': u.user_id, class: u.disabled ? 'disabled' : null },
      el('td', {}, el('span', { class: 'email' }, u.email), ' ',
        u.admin ? badge('admin', 'admin') : null, u.disabled ? badge('disabled', 'off') : null,
        me && u.user_id === me.user_id ? badge('you', 'plain') : null),
      el('td', { class: 'time' }, fmtTime(u.created_at)),
      el('td', { class: 'time' }, when(u.last_seen_at)),
      el('td', { class: 'num sockets' }, limited(u.sockets, u.max_sockets, u.own_max_sockets)),
      el('td', { class: 'num ports' }, limited(u.ports, u.max_ports, u.own_max_ports)),
      el('td', { class: 'num' }, String(u.tunnels)),
      el('td', { class: 'num' }, u.tunnels_online > 0 ? badge(String(u.tunnels_online), 'ok') : '0'),
      el('td', { class: 'actions' },
        u.disabled ? button('Enable', 'small enable', () => patch({ disabled: false }))
          : button('Disable', 'small disable', () => patch({ disabled: true })),
        u.admin ? button('Revoke admin', 'small revoke', () => patch({ admin: false }))
          : button('Make admin', 'small grant', () => patch({ admin: true })),
        button('Limits', 'small limits', () => ask({
          title: 'Limits of ' + u.email,
          text: 'How many sockets this account may have; an empty field follows the server\'s default. Lower '
            + 'limits keep what the account has and only refuse new sockets.',
          ok: 'Save limits',
          limits: [u.own_max_sockets, u.own_max_ports,
            u.own_max_sockets === undefined ? u.max_sockets : null, u.own_max_ports === undefined ? u.max_ports : null],
          run: () => api('PATCH', '/admin/users/' + id, {
            max_sockets: limitValue('#dialog-max-sockets'), max_ports: limitValue('#dialog-max-ports'),
          }),
        })),
        button('Reset password', 'small reset', () => ask({
          title: 'Reset the password of ' + u.email,
          text: 'The new password works at once; every app signed in to this account is signed out.',
          ok: 'Set password', password: true,
          run: password => api('PATCH', '/admin/users/' + id, { password }),
        })),
        button('Delete', 'small danger-text delete', () => ask({
          title: 'Delete ' + u.email + '?',
          text: 'The account goes with its ' + u.sockets + ' socket(s) and ' + u.tunnels + ' tunnel(s); live links '
            + 'drop and public names stop working. This cannot be undone.',
          ok: 'Delete account', danger: true,
          run: () => api('DELETE', '/admin/users/' + id),
        }))));
  }

  /** "3 / 100", and a mark when an admin set this account's own limit. */
  function limited(used, max, own) {
    return own === undefined ? used + ' / ' + max
      : el('span', { title: 'set for this account by an admin' }, used + ' / ' + max + ' ', badge('own', 'admin'));
  }

  /** A limit field of the dialog: null (the server's default) when empty. */
  function limitValue(selector) {
    const v = $(selector).value.trim();
    return v === '' ? null : Number(v);
  }

  function loadSockets() {
    return load('sockets', async (section) => {
      const params = new URLSearchParams();
      for (const [key, input] of [['user', '#filter-user'], ['type', '#filter-type'], ['q', '#filter-q']]) {
        const v = $(input).value.trim();
        if (v) {
          params.set(key, v);
        }
      }
      const query = params.toString();
      const sockets = await api('GET', '/admin/sockets' + (query ? '?' + query : ''));
      if (!me) {
        return;
      }
      $('#sockets-count').textContent = sockets.length + (sockets.length === 1 ? ' socket' : ' sockets')
        + (query ? ' matching' : '');
      fill(section, sockets.map(s => {
        const online = s.tunnels.filter(t => t.status === 'online').length;
        const byEmail = s.allowed_emails.length + s.allowed_email_domains.length > 0;
        const port = s.tcp_port || s.udp_port;
        return el('tr', { 'data-socket': s.socket_id },
          el('td', { class: 'strong' }, s.name || '—'),
          el('td', { class: 'mono small address' }, port ? s.dns_name + ':' + port : (s.url || s.dns_name)),
          el('td', {}, badge(s.socket_type, 'plain'), s.protected ? ' ' : null,
            s.protected ? badge('protected', 'admin') : null, byEmail ? ' ' : null,
            byEmail ? badge('e-mail sign-in', 'admin') : null),
          el('td', {}, s.owner_email || '—'),
          el('td', {}, s.tunnels.length + ' ', online > 0 ? badge(online + ' online', 'ok') : null),
          el('td', { class: 'time' }, fmtTime(s.created_at)),
          el('td', { class: 'actions' }, button('Delete', 'small danger-text delete', () => ask({
            title: 'Delete socket ' + (s.name || s.dns_name) + '?',
            text: 'Owned by ' + (s.owner_email || 'nobody') + '. Its tunnels go with it, their links drop and '
              + s.dns_name + ' stops working.',
            ok: 'Delete socket', danger: true,
            run: () => api('DELETE', '/admin/sockets/' + encodeURIComponent(s.socket_id)),
          }))));
      }));
    });
  }

  /** The badge of each certificate state, as GET /admin/certificates names them. */
  const CERTIFICATE_STATES = { valid: 'ok', expiring: 'warn', failed: 'off', pending: 'plain' };

  /** "in 12 days", or "expired 3 days ago". */
  function expiresIn(iso) {
    const s = Math.round((Date.parse(iso) - Date.now()) / 1000);
    return s >= 0 ? 'in ' + duration(s) : 'expired ' + duration(-s) + ' ago';
  }

  function loadCertificates() {
    return load('certificates', async (section) => {
      const certificates = await api('GET', '/admin/certificates');
      if (!me) {
        return;
      }
      const failing = certificates.filter(c => c.state === 'failed').length;
      $('#certificates-count').textContent = certificates.length
        + (certificates.length === 1 ? ' certificate' : ' certificates') + (failing ? ', ' + failing + ' failed' : '');
      fill(section, certificates.map(c => el('tr', { 'data-certificate': c.name },
        el('td', { class: 'strong', title: c.names.length ? c.names.join(', ') : null }, c.name),
        el('td', { class: 'state' }, badge(c.state, CERTIFICATE_STATES[c.state] || 'plain'),
          c.renew_requested ? badge('renewal asked', 'admin') : null),
        el('td', {}, c.issuer || '—'),
        el('td', { class: 'expires time', title: c.not_after || null },
          c.not_after ? fmtTime(c.not_after) + ' · ' + expiresIn(c.not_after) : '—'),
        el('td', { class: 'last-error small' }, c.last_error ? el('span', { class: 'error-text' }, c.last_error)
          : el('span', { class: 'muted' }, '—')),
        el('td', { class: 'time' }, fmtTime(c.next_attempt_at)))));
    });
  }

  // The audit log pages backwards: auditPages holds the "before" of each page seen, the current one last.
  let auditPages = [null];
  let auditNext = null;

  function loadAudit() {
    return load('audit', async (section) => {
      const before = auditPages[auditPages.length - 1];
      const page = await api('GET', '/admin/audit?limit=' + AUDIT_PAGE + (before ? '&before=' + before : ''));
      if (!me) {
        return;
      }
      auditNext = page.next_before === undefined ? null : page.next_before;
      $('#audit-older').disabled = auditNext === null;
      $('#audit-newer').disabled = auditPages.length === 1;
      fill(section, page.entries.map(a => el('tr', { 'data-audit': String(a.id) },
        el('td', { class: 'time', title: a.at }, fmtTime(a.at)),
        el('td', {}, a.actor_email || '—'),
        el('td', {}, badge(a.action, a.action.endsWith('_failed') ? 'off' : 'action')),
        el('td', {}, a.target || '', a.target && a.detail ? el('span', { class: 'muted' }, ' · ') : null,
          a.detail ? el('span', { class: 'muted' }, a.detail) : null),
        el('td', { class: 'mono small' }, a.remote_address || ''))));
    });
  }

  /** An action from a section's button: errors show in that section; afterwards everything is read again. */
  async function act(section, call) {
    try {
      await call();
      showError(section, null);
    } catch (e) {
      if (me) {
        showError(section, e);
      }
    }
    if (me) {
      await refreshAll();
    }
  }

  // ---- the dialog -----------------------------------------------------------------------------------------------

  let dialogRun = null;

  /**
   * A modal question; run(password) does the work and keeps the dialog open with the error if it fails. limits:
   * [own sockets, own ports, default sockets, default ports] fills the limit fields and shows them.
   */
  function ask({ title, text, ok, danger = false, password = false, limits = null, run }) {
    $('#dialog-title').textContent = title;
    $('#dialog-text').textContent = text;
    $('#dialog-password-row').hidden = !password;
    $('#dialog-password').value = '';
    $('#dialog-limits-row').hidden = !limits;
    if (limits) {
      const [ownSockets, ownPorts, defaultSockets, defaultPorts] = limits;
      $('#dialog-max-sockets').value = ownSockets === undefined ? '' : String(ownSockets);
      $('#dialog-max-ports').value = ownPorts === undefined ? '' : String(ownPorts);
      $('#dialog-max-sockets').placeholder = defaultSockets === null ? 'default' : 'default (' + defaultSockets + ')';
      $('#dialog-max-ports').placeholder = defaultPorts === null ? 'default' : 'default (' + defaultPorts + ')';
    }
    $('#dialog-error').hidden = true;
    const go = $('#dialog-ok');
    go.textContent = ok;
    go.className = danger ? 'danger' : 'primary';
    go.disabled = false;
    dialogRun = run;
    $('#dialog').showModal();
    (password ? $('#dialog-password') : limits ? $('#dialog-max-sockets') : $('#dialog-cancel')).focus();
  }

  async function dialogSubmit(event) {
    event.preventDefault();
    const go = $('#dialog-ok');
    go.disabled = true;
    try {
      await dialogRun($('#dialog-password').value);
      $('#dialog').close();
      if (me) {
        await refreshAll();
      }
    } catch (e) {
      const error = $('#dialog-error');
      error.textContent = e.message + ' (' + e.code + ')';
      error.hidden = false;
      if (!me) {
        $('#dialog').close();
      }
    } finally {
      go.disabled = false;
    }
  }

  // ---- wiring ---------------------------------------------------------------------------------------------------

  function wire() {
    $('#signin-form').addEventListener('submit', signIn);
    $('#sign-out').addEventListener('click', signOut);
    $('#signup-toggle').addEventListener('change', event => {
      const open = event.target.checked;
      act(document.getElementById('server'), () => api('PATCH', '/admin/server', { signup: open }));
    });
    $('#socket-filter').addEventListener('submit', event => {
      event.preventDefault();
      loadSockets();
    });
    $('#audit-older').addEventListener('click', () => {
      if (auditNext !== null) {
        auditPages.push(auditNext);
        loadAudit();
      }
    });
    $('#audit-newer').addEventListener('click', () => {
      if (auditPages.length > 1) {
        auditPages.pop();
        loadAudit();
      }
    });
    $('#dialog-form').addEventListener('submit', dialogSubmit);
    $('#dialog-cancel').addEventListener('click', () => $('#dialog').close());
    resume();
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', wire);
  } else {
    wire();
  }
})();

// The manager page: no framework, no build step, nothing fetched from outside the box.
'use strict';

const T = {
  en: {
    title: 'Store manager', language: 'Language', logout: 'Log out', login: 'Log in', name: 'Name', password: 'Password',
    loginFailed: 'Name or password is wrong.', alerts: 'Alerts', restock: 'Restock suggestions', salesToday: "Today's sales",
    sync: 'Sync with HQ', devices: 'Devices', noDevices: 'No devices are configured on this box.',
    dev_online: 'online', dev_offline: 'offline', dev_error: 'error',
    kind_printer: 'Receipt printer', kind_scanner: 'Scanner', kind_drawer: 'Cash drawer', kind_scale: 'Scale', kind_display: 'Customer display',
    noAlerts: 'No open alerts.', noSuggestions: 'Nothing to order.', acknowledge: 'Acknowledge', acknowledged: 'Acknowledged',
    ordered: 'Mark ordered', snooze: 'Snooze until', dismiss: 'Dismiss', why: 'Why',
    seen: 'first seen {first}, last seen {last}', count: '{n} times', order: 'Order {qty}', orderBy: 'order by {date}',
    state_open: 'open', state_ordered: 'ordered', state_snoozed: 'snoozed until {date}', state_dismissed: 'dismissed',
    rule_min_max: 'min/max', rule_reorder_point: 'reorder point', onHand: 'on hand {qty}', demand: '{qty} a day',
    net: 'Net sales', salesCount: 'Sales', hour: 'Hour', tender: 'Tender', noSales: 'No sales yet today.',
    connected: 'Connected', notConnected: 'Not connected', notConfigured: 'No HQ broker configured: trading offline, events are kept.',
    backlog: 'Events waiting: {n}', oldest: 'Oldest unsynced: {age}', live: 'Live', reconnecting: 'Reconnecting…',
    sev_CRITICAL: 'Critical', sev_WARNING: 'Warning', sev_INFO: 'Info',
    tender_cash: 'Cash', tender_card: 'Card', tender_voucher: 'Voucher',
    'a.stock.out': '{sku} {name} is out of stock.', 'a.stock.negative': 'Stock of {sku} {name} is {on_hand}: count the shelf.',
    'a.stock.low': '{sku} is low: {on_hand} on hand (reorder level {trigger}).', 'a.restock.due': 'Order {qty} of {sku}.',
    'a.terminal.rate': 'Terminal {terminal}: {rate}% of {sales} sales voided or returned today.'
  },
  'zh-HK': {
    title: '店舖經理', language: '語言', logout: '登出', login: '登入', name: '名稱', password: '密碼',
    loginFailed: '名稱或密碼不正確。', alerts: '警報', restock: '補貨建議', salesToday: '今日銷售',
    sync: '與總部同步', devices: '裝置', noDevices: '此機未有設定任何裝置。',
    dev_online: '運作中', dev_offline: '離線', dev_error: '故障',
    kind_printer: '收據打印機', kind_scanner: '掃描器', kind_drawer: '錢箱', kind_scale: '電子磅', kind_display: '顧客顯示屏',
    noAlerts: '沒有未處理的警報。', noSuggestions: '暫時毋須訂貨。', acknowledge: '確認', acknowledged: '已確認',
    ordered: '標記為已訂購', snooze: '延後至', dismiss: '忽略', why: '原因',
    seen: '首次 {first}，最近 {last}', count: '{n} 次', order: '訂購 {qty}', orderBy: '於 {date} 前訂購',
    state_open: '待處理', state_ordered: '已訂購', state_snoozed: '延後至 {date}', state_dismissed: '已忽略',
    rule_min_max: '最低／最高存貨', rule_reorder_point: '再訂購點', onHand: '現有 {qty}', demand: '每日 {qty}',
    net: '淨銷售額', salesCount: '交易', hour: '時段', tender: '付款方式', noSales: '今日尚未有銷售。',
    connected: '已連線', notConnected: '未連線', notConfigured: '未設定總部伺服器：離線營業，事件會保留。',
    backlog: '待傳送事件：{n}', oldest: '最舊未同步：{age}', live: '即時', reconnecting: '重新連線中…',
    sev_CRITICAL: '嚴重', sev_WARNING: '注意', sev_INFO: '資訊',
    tender_cash: '現金', tender_card: '信用卡', tender_voucher: '禮券',
    'a.stock.out': '{sku} {name} 已缺貨。', 'a.stock.negative': '{sku} {name} 的存貨為 {on_hand}：請點算貨架。',
    'a.stock.low': '{sku} 存貨偏低：現有 {on_hand}（再訂購點 {trigger}）。', 'a.restock.due': '請訂購 {sku} {qty} 件。',
    'a.terminal.rate': '收銀機 {terminal}：今日 {sales} 宗交易中有 {rate}% 被取消或退貨。',
    'a.peripheral.offline': '{subject} 離線：請檢查電源及接線。', 'a.peripheral.error': '{subject} 故障：請檢查裝置。',
    'a.peripheral.paper_near_end': '{subject} 紙卷快將用完。', 'a.peripheral.paper_out': '{subject} 已無紙：請換上新紙卷。',
    'a.peripheral.drawer_open': '錢箱 {subject} 已打開 {open_s} 秒。', 'a.uplink.backlog_old': '有 {backlog} 個事件尚未送達總部。',
    'a.uplink.offline': '未能連線至總部伺服器。', 'a.outbox.budget': '待傳送事件已用去 {percent}% 的儲存配額。', 'a.outbox.budget_full': '銷售資料已超出儲存配額：請盡快恢復與總部的連線並檢查磁碟空間。',
    'a.sale.refused_rate': '收銀機 {subject} 有多宗交易被拒。', 'a.sale.failed': '收銀機 {subject} 有交易未能完成，請重試。',
    'a.login.locked': '{subject} 因多次密碼錯誤已暫時鎖定。', 'a.stock.ledger_mismatch': '{subject} 的存貨與記錄不符：請點算。',
    'a.stock.sale_without_movements': '交易 {subject} 未有扣減存貨：請點算有關貨品。',
    'a.health.components': '有設定被拒絕，部分功能已停止：請通知技術人員（{detail}）。',
  },
  ms: {
    title: 'Pengurus kedai', language: 'Bahasa', logout: 'Log keluar', login: 'Log masuk', name: 'Nama', password: 'Kata laluan',
    loginFailed: 'Nama atau kata laluan salah.', alerts: 'Amaran', restock: 'Cadangan stok semula', salesToday: 'Jualan hari ini',
    sync: 'Penyegerakan dengan HQ', devices: 'Peranti', noDevices: 'Tiada peranti dikonfigurasi pada kotak ini.',
    dev_online: 'dalam talian', dev_offline: 'luar talian', dev_error: 'ralat',
    kind_printer: 'Pencetak resit', kind_scanner: 'Pengimbas', kind_drawer: 'Laci wang', kind_scale: 'Penimbang', kind_display: 'Paparan pelanggan',
    noAlerts: 'Tiada amaran terbuka.', noSuggestions: 'Tiada apa untuk dipesan.', acknowledge: 'Akui', acknowledged: 'Diakui',
    ordered: 'Tanda sudah dipesan', snooze: 'Tunda hingga', dismiss: 'Abaikan', why: 'Sebab',
    seen: 'mula dilihat {first}, terakhir {last}', count: '{n} kali', order: 'Pesan {qty}', orderBy: 'pesan sebelum {date}',
    state_open: 'terbuka', state_ordered: 'sudah dipesan', state_snoozed: 'ditunda hingga {date}', state_dismissed: 'diabaikan',
    rule_min_max: 'min/maks', rule_reorder_point: 'titik pesanan semula', onHand: 'ada {qty}', demand: '{qty} sehari',
    net: 'Jualan bersih', salesCount: 'Jualan', hour: 'Jam', tender: 'Cara bayaran', noSales: 'Belum ada jualan hari ini.',
    connected: 'Bersambung', notConnected: 'Tidak bersambung', notConfigured: 'Tiada broker HQ: berniaga luar talian, acara disimpan.',
    backlog: 'Acara menunggu: {n}', oldest: 'Tertua belum disegerak: {age}', live: 'Langsung', reconnecting: 'Menyambung semula…',
    sev_CRITICAL: 'Kritikal', sev_WARNING: 'Amaran', sev_INFO: 'Makluman',
    tender_cash: 'Tunai', tender_card: 'Kad', tender_voucher: 'Baucar',
    'a.stock.out': '{sku} {name} kehabisan stok.', 'a.stock.negative': 'Stok {sku} {name} ialah {on_hand}: kira rak.',
    'a.stock.low': '{sku} rendah: {on_hand} ada (paras pesanan semula {trigger}).', 'a.restock.due': 'Pesan {qty} {sku}.',
    'a.terminal.rate': 'Terminal {terminal}: {rate}% daripada {sales} jualan dibatalkan atau dipulangkan hari ini.',
    'a.peripheral.offline': '{subject} luar talian: periksa kuasa dan kabel.', 'a.peripheral.error': '{subject} rosak: periksa peranti.',
    'a.peripheral.paper_near_end': 'Kertas {subject} hampir habis.', 'a.peripheral.paper_out': 'Kertas {subject} habis: masukkan gulungan baharu.',
    'a.peripheral.drawer_open': 'Laci wang {subject} terbuka selama {open_s} saat.', 'a.uplink.backlog_old': '{backlog} acara belum sampai ke HQ.',
    'a.uplink.offline': 'Tiada sambungan ke pelayan HQ.', 'a.outbox.budget': 'Acara menunggu menggunakan {percent}% daripada kuota.', 'a.outbox.budget_full': 'Data jualan melebihi kuota: pulihkan sambungan ke HQ dan periksa ruang cakera.',
    'a.sale.refused_rate': 'Terminal {subject}: banyak transaksi ditolak.', 'a.sale.failed': 'Terminal {subject}: transaksi gagal, cuba semula.',
    'a.login.locked': '{subject} dikunci sementara selepas kata laluan salah berulang kali.', 'a.stock.ledger_mismatch': 'Stok {subject} tidak sepadan dengan rekod: kira semula.',
    'a.stock.sale_without_movements': 'Jualan {subject} tidak mengurangkan stok: kira item berkaitan.',
    'a.health.components': 'Satu tetapan ditolak dan sebahagian fungsi berhenti: maklumkan juruteknik ({detail}).',
  }
};
const INTL = { en: 'en-HK', 'zh-HK': 'zh-HK', ms: 'ms-MY' };

let me = null;
let lang = 'en';
let data = null;

function t(key, params) {
  const s = (T[lang] && T[lang][key]) || T.en[key] || key;
  return s.replace(/\{(\w+)\}/g, (m, k) => (params && params[k] !== undefined && params[k] !== null) ? params[k] : '');
}
function num(v) { return new Intl.NumberFormat(INTL[lang], { maximumFractionDigits: 3 }).format(Number(v)); }
function money(v) { return new Intl.NumberFormat(INTL[lang], { style: 'currency', currency: me.currency }).format(Number(v)); }
function when(iso) {
  return iso ? new Intl.DateTimeFormat(INTL[lang], { dateStyle: 'medium', timeStyle: 'short', timeZone: me.zone }).format(new Date(iso)) : '';
}
function day(iso) { return iso ? new Intl.DateTimeFormat(INTL[lang], { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(iso + 'T00:00:00Z')) : ''; }
function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === 'class') { e.className = v; } else if (k.startsWith('on')) { e.addEventListener(k.slice(2), v); } else { e.setAttribute(k, v); }
  }
  for (const c of children) { if (c !== null && c !== undefined) { e.append(c instanceof Node ? c : String(c)); } }
  return e;
}

async function call(method, path, body) {
  const headers = { 'Accept': 'application/json' };
  if (body !== undefined) { headers['Content-Type'] = 'application/json'; }
  if (me && me.csrf) { headers['X-CSRF-Token'] = me.csrf; }
  const r = await fetch('/manager/api/' + path, { method, headers, credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body) });
  const json = await r.json().catch(() => ({}));
  if (!r.ok) { const err = new Error(json.detail || r.statusText); err.status = r.status; throw err; }
  return json;
}

function applyLanguage() {
  document.documentElement.lang = lang;
  document.getElementById('lang').value = lang;
  for (const e of document.querySelectorAll('[data-t]')) { e.textContent = t(e.dataset.t); }
  document.title = t('title');
  const liveEl = document.getElementById('live');
  if (liveEl.dataset.live) { liveEl.textContent = liveEl.dataset.live === 'true' ? '● ' + t('live') : t('reconnecting'); }
  if (data) { render(); }
}

function alertText(a) {
  const key = 'a.' + a.code;
  // The box's own English sentence says most; a translation is used where the language has one.
  if (!(T[lang] && T[lang][key])) { return a.message; }
  let p = {};
  try { p = JSON.parse(a.params || '{}'); } catch (e) { p = {}; }
  p.subject = a.subject;
  for (const k of ['on_hand', 'trigger', 'qty']) { if (p[k] !== undefined) { p[k] = num(p[k]); } }
  return t(key, p);
}

function render() {
  const alerts = document.getElementById('alerts');
  alerts.replaceChildren(...(data.alerts.length ? data.alerts.map(a => el('li', { 'data-alert': a.id, 'data-code': a.code, 'data-state': a.state },
    el('span', { class: 'sev ' + a.severity }, t('sev_' + a.severity)),
    el('span', { class: 'text' }, alertText(a), el('br'),
      el('span', { class: 'muted' }, t('seen', { first: when(a.first_seen), last: when(a.last_seen) }), a.count > 1 ? ' · ' + t('count', { n: num(a.count) }) : '')),
    a.state === 'acknowledged' ? el('span', { class: 'state' }, t('acknowledged'))
      : el('button', { class: 'ack', onclick: () => act(() => call('POST', 'alerts/' + a.id + '/acknowledge', {})) }, t('acknowledge'))))
    : [el('li', { class: 'muted' }, t('noAlerts'))]));

  const list = document.getElementById('suggestions');
  list.replaceChildren(...(data.suggestions.length ? data.suggestions.map(s => {
    const r = s.reasoning || {};
    const snoozeDate = el('input', { type: 'date', class: 'snooze-date', value: tomorrowPlus(2) });
    const state = s.state === 'snoozed' ? t('state_snoozed', { date: day(s.snoozed_until) }) : t('state_' + s.state);
    return el('li', { 'data-sku': s.sku, 'data-state': s.state },
      el('span', { class: 'text' }, el('strong', {}, t('order', { qty: num(s.qty) })), ' · ', s.sku, ' ', s.name || '', el('br'),
        el('span', { class: 'muted' }, t('rule_' + r.rule) || r.rule, ' · ', t('onHand', { qty: num(r.on_hand) }), ' · ',
          t('demand', { qty: num(r.average_daily_demand) }), s.order_by ? ' · ' + t('orderBy', { date: day(s.order_by) }) : '', ' · ',
          el('span', { class: 'state' }, state))),
      el('button', { class: 'ordered', onclick: () => act(() => call('POST', 'suggestions/' + encodeURIComponent(s.sku) + '/state', { state: 'ordered' })) }, t('ordered')),
      el('label', {}, el('span', {}, t('snooze')), snoozeDate),
      el('button', { class: 'snooze', onclick: () => act(() => call('POST', 'suggestions/' + encodeURIComponent(s.sku) + '/state', { state: 'snoozed', snoozed_until: snoozeDate.value })) }, t('snooze')),
      el('button', { class: 'dismiss', onclick: () => act(() => call('POST', 'suggestions/' + encodeURIComponent(s.sku) + '/state', { state: 'dismissed' })) }, t('dismiss')),
      el('details', {}, el('summary', {}, t('why')), el('ul', {}, ...(r.steps || []).map(x => el('li', {}, x)))));
  }) : [el('li', { class: 'muted' }, t('noSuggestions'))]));

  const s = data.sales;
  const max = Math.max(1, ...s.by_hour.map(h => Math.abs(Number(h.net))));
  document.getElementById('sales').replaceChildren(
    el('p', {}, el('strong', { id: 'net' }, t('net') + ': ' + money(s.net)), ' · ', t('salesCount') + ': ' + num(s.sales)),
    s.by_hour.length ? el('table', { id: 'by-hour' }, el('tr', {}, el('th', {}, t('hour')), el('th', { class: 'num' }, t('salesCount')), el('th', { class: 'num' }, t('net')), el('th', {})),
      ...s.by_hour.map(h => el('tr', {}, el('td', {}, String(h.hour).padStart(2, '0') + ':00'), el('td', { class: 'num' }, num(h.sales)),
        el('td', { class: 'num' }, money(h.net)), el('td', {}, el('div', { class: 'bar', style: 'width:' + Math.round(100 * Math.abs(Number(h.net)) / max) + '%' })))))
      : el('p', { class: 'muted' }, t('noSales')),
    Object.keys(s.by_tender).length ? el('table', { id: 'by-tender' }, el('tr', {}, el('th', {}, t('tender')), el('th', { class: 'num' }, t('net'))),
      ...Object.entries(s.by_tender).map(([k, v]) => el('tr', {}, el('td', {}, t('tender_' + k)), el('td', { class: 'num' }, money(v))))) : '');

  const y = data.sync;
  document.getElementById('sync').replaceChildren(
    el('p', {}, el('strong', {}, y.connected ? t('connected') : t('notConnected'))),
    y.configured ? '' : el('p', { class: 'muted' }, t('notConfigured')),
    el('p', {}, t('backlog', { n: num(y.backlog) })),
    y.oldest_unsynced_age_s ? el('p', {}, t('oldest', { age: new Intl.NumberFormat(INTL[lang], { style: 'unit', unit: 'second', unitDisplay: 'short' }).format(y.oldest_unsynced_age_s) })) : '');
  renderDevices();
}

function renderDevices() {
  const list = data.devices || [];
  document.getElementById('devices').replaceChildren(...(list.length ? [el('ul', { id: 'device-list' }, ...list.map(d =>
    el('li', { 'data-device': d.name, 'data-state': d.state },
      el('span', { class: 'sev ' + (d.state === 'online' ? 'INFO' : 'WARNING') }, t('dev_' + d.state)),
      el('span', { class: 'text' }, el('strong', {}, d.name), ' · ', t('kind_' + d.kind),
        d.reason ? el('span', {}, el('br'), el('span', { class: 'muted' }, d.reason)) : ''))))]
    : [el('span', { class: 'muted' }, t('noDevices'))]));
}

function tomorrowPlus(n) {
  const d = new Date(Date.now() + (n + 1) * 86400000);
  return d.toISOString().slice(0, 10);
}

async function act(fn) {
  try { await fn(); } catch (e) { document.getElementById('live').textContent = e.message; }
  await refresh();
}

async function refresh() {
  try {
    data = await call('GET', 'overview');
    render();
  } catch (e) {
    if (e.status === 401) { show(false); }
  }
}

let source = null;
let pending = null;
function live() {
  if (source) { source.close(); }
  source = new EventSource('/manager/api/events');
  const liveEl = document.getElementById('live');
  source.addEventListener('hello', () => { liveEl.textContent = '● ' + t('live'); liveEl.dataset.live = 'true'; });
  source.addEventListener('change', () => { clearTimeout(pending); pending = setTimeout(refresh, 200); });
  source.onerror = () => { liveEl.textContent = t('reconnecting'); liveEl.dataset.live = 'false'; };
}

function show(loggedIn) {
  document.getElementById('login').hidden = loggedIn;
  document.getElementById('app').hidden = !loggedIn;
  document.getElementById('logout').hidden = !loggedIn;
  if (loggedIn) {
    document.getElementById('store').textContent = me.store;
    refresh();
    live();
  } else if (source) {
    source.close();
  }
}

async function start() {
  const s = await call('GET', 'session');
  lang = localStorage.getItem('storebox.lang') || s.lang || 'en';
  me = s.logged_in ? s : null;
  applyLanguage();
  show(!!me);
}

document.addEventListener('DOMContentLoaded', () => {
  document.getElementById('lang').addEventListener('change', e => {
    lang = e.target.value;
    localStorage.setItem('storebox.lang', lang);
    applyLanguage();
  });
  document.getElementById('login').addEventListener('submit', async e => {
    e.preventDefault();
    const err = document.getElementById('login-error');
    err.textContent = '';
    try {
      me = await call('POST', 'login', { name: document.getElementById('name').value, password: document.getElementById('password').value });
      document.getElementById('password').value = '';
      show(true);
    } catch (x) {
      err.textContent = t('loginFailed');
    }
  });
  document.getElementById('logout').addEventListener('click', async () => {
    try { await call('POST', 'logout', {}); } finally { me = null; show(false); }
  });
  start();
});

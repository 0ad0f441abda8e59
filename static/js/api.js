/* The pages' one way to the JSON routes: the session cookie goes along, and an error comes back as
   an ApiError carrying the contract's {"error": {code, message, details}} — the message is what the
   person reads. Plus the few DOM helpers every page uses. Plain ES2017, no build step. */
(function (root) {
  'use strict';

  const base = document.body.dataset.base || '';
  const FALLBACK = {
    0: '网络连接失败，请检查网络后重试',
    401: '登录已失效，请重新进入页面',
    403: '没有权限进行此操作',
    404: '没有找到',
    409: '状态已变化，请刷新页面后重试',
    413: '内容过大',
    422: '填写的内容有误，请检查',
    429: '操作太频繁，请稍后再试',
  };

  class ApiError extends Error {
    constructor(status, code, message, details) {
      super(message);
      this.status = status;
      this.code = code;
      this.details = details || [];
    }
  }

  function fallbackMessage(status) {
    return FALLBACK[status] || (status >= 500 ? '服务暂时不可用，请稍后再试' : '请求未成功（' + status + '）');
  }

  async function request(method, path, body, options) {
    const init = { method: method, credentials: 'same-origin', headers: { Accept: 'application/json' } };
    if (body !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    if (options && options.keepalive) init.keepalive = true;  // survives the page being closed
    let response;
    try {
      response = await fetch(base + path, init);
    } catch (e) {
      throw new ApiError(0, 'network_error', FALLBACK[0]);
    }
    const text = await response.text();
    let data = null;
    if (text) {
      try { data = JSON.parse(text); } catch (e) { data = null; }
    }
    if (!response.ok) {
      const error = data && data.error;
      throw new ApiError(response.status, (error && error.code) || 'http_' + response.status,
        (error && error.message) || fallbackMessage(response.status), error && error.details);
    }
    return data;
  }

  const api = {
    get: (path) => request('GET', path),
    post: (path, body, options) => request('POST', path, body === undefined ? {} : body, options),
    put: (path, body, options) => request('PUT', path, body, options),
    patch: (path, body, options) => request('PATCH', path, body, options),
    del: (path) => request('DELETE', path),
  };

  /* el('p', {class: 'x', text: '…'}, child, …): DOM built from text, never from HTML strings. */
  function el(tag, attrs) {
    const node = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([name, value]) => {
      if (value === undefined || value === null || value === false) return;
      if (name === 'text') node.textContent = value;
      else if (name === 'class') node.className = value;
      else if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
      else node.setAttribute(name, value === true ? '' : value);
    });
    for (let i = 2; i < arguments.length; i += 1) {
      const child = arguments[i];
      if (child === null || child === undefined || child === false) continue;
      node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
    }
    return node;
  }

  function $(selector, scope) { return (scope || document).querySelector(selector); }
  function $$(selector, scope) { return Array.from((scope || document).querySelectorAll(selector)); }
  function show(node, visible) { if (node) node.classList.toggle('zst-hidden', visible === false); }
  function hide(node) { show(node, false); }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); return node; }

  let tipsTimer = null;
  function toptips(message) {
    const tips = $('#zst-toptips');
    tips.textContent = message;
    // WeUI's stylesheet hides .weui-toptips until a script displays it (display:none), so taking
    // off zst-hidden alone leaves every message unseen; zst-hidden (!important) still hides it.
    tips.style.display = 'block';
    show(tips);
    clearTimeout(tipsTimer);
    tipsTimer = setTimeout(() => hide(tips), 3500);
  }

  let toastTimer = null;
  function toast(message) {
    const box = $('#zst-toast');
    $('.weui-toast__content', box).textContent = message;
    show(box);
    clearTimeout(toastTimer);
    toastTimer = setTimeout(() => hide(box), 1800);
  }

  function showError(error) {
    toptips(error && error.message ? error.message : fallbackMessage(0));
  }

  /* Times in the bureau's zone, whatever the phone's setting, in the house form the notices use
     too (chalicelib/humantime.py): "12月2日 06:15", the year in front when it is not this year. */
  const ZONE = 'Asia/Shanghai';
  function zoneParts(date) {
    const parts = new Intl.DateTimeFormat('en-GB', {
      timeZone: ZONE, year: 'numeric', month: 'numeric', day: 'numeric', hour: '2-digit',
      minute: '2-digit', hourCycle: 'h23' }).formatToParts(date);
    const get = (type) => (parts.find((p) => p.type === type) || {}).value;
    return { year: Number(get('year')), month: Number(get('month')), day: Number(get('day')),
      clock: get('hour') + ':' + get('minute') };
  }
  function dayWords(year, month, day, now) {
    return (year === zoneParts(now || new Date()).year ? '' : year + '年') + month + '月' + day + '日';
  }
  /* "12月2日 06:15" for an instant (`now` only for tests: which year is this year). */
  function formatTime(iso, now) {
    if (!iso) return '';
    const date = new Date(iso);
    if (Number.isNaN(date.getTime())) return iso;
    const p = zoneParts(date);
    return dayWords(p.year, p.month, p.day, now) + ' ' + p.clock;
  }
  /* "06:15": the time of day alone, for what happened just now. */
  function formatClock(iso) {
    const date = new Date(iso);
    return Number.isNaN(date.getTime()) ? '' : zoneParts(date).clock;
  }
  /* "12月5日" for a China date ("2026-12-05", as the API gives days). */
  function formatDay(isoDate, now) {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate || '');
    return m ? dayWords(Number(m[1]), Number(m[2]), Number(m[3]), now) : (isoDate || '');
  }
  function today() {
    return new Intl.DateTimeFormat('en-CA', { timeZone: ZONE }).format(new Date());
  }

  function pageData() {
    const node = $('#zst-page-data') || $('#zst-service');
    return node ? JSON.parse(node.textContent) : {};
  }

  function signInUrl() {
    return base + '/auth/wechat/start?next=' + encodeURIComponent(location.pathname.slice(base.length) + location.search);
  }

  const STATUS_LABELS = {
    draft: '草稿', submitted: '已提交', supplement_requested: '待补充材料', resubmitted: '已补充材料',
    accepted: '已受理', scheduled: '已预约', completed: '已办结', rejected: '不予受理', withdrawn: '已撤回',
  };
  const ACTION_LABELS = {
    create: '创建申请', consent: '同意处理个人信息', submit: '提交申请', resubmit: '补充材料后重新提交',
    request_supplement: '告知补充材料', accept: '受理', schedule: '预约到场', reject: '不予受理',
    complete: '办结', withdraw: '撤回申请', lapse_withdrawn: '逾期未补充，视为撤回',
    lapse_abandoned: '逾期未补正，视为放弃', lapse_deemed_accepted: '期满未作决定，视为受理',
  };

  function statusBadge(node, status, label) {
    node.textContent = label || STATUS_LABELS[status] || status;
    node.className = 'zst-status zst-status_' + status;
  }

  const WEEKDAYS = '日一二三四五六';
  /* "11月30日（星期一）09:30": a visit is remembered by its weekday. */
  function visitText(a, now) {
    const day = new Date(a.date + 'T00:00:00Z');
    const weekday = Number.isNaN(day.getTime()) ? '' : '（星期' + WEEKDAYS[day.getUTCDay()] + '）';
    return formatDay(a.date, now) + weekday + (weekday ? '' : ' ') + a.time;
  }

  /* What a history entry carried besides its message: the visit booked, the items asked for. */
  function historyDetail(h) {
    const d = h.details || {};
    if (h.action === 'schedule' && d.date) return visitText(d) + (d.address ? ' · ' + d.address : '');
    if (h.action === 'request_supplement' && d.items) {
      return '需补充：' + d.items.map((i) => i.label).join('、') + (d.due ? '；期限 ' + formatDay(d.due) : '');
    }
    return '';
  }

  /* The history as WeUI vertical steps, newest first. */
  function renderHistory(list, history) {
    clear(list);
    const entries = (history || []).slice().sort((a, b) => (a.at < b.at ? 1 : -1));
    entries.forEach((h, i) => {
      const desc = [formatTime(h.at), h.actor].filter(Boolean).join(' · ');
      list.appendChild(el('li', { class: 'weui-steps__item weui-steps__item_success' + (i === 0 ? ' zst-history__latest' : '') },
        el('div', { class: 'weui-steps__item__inner' },
          el('strong', { class: 'weui-steps__item__title', text: ACTION_LABELS[h.action] || h.action }),
          el('span', { class: 'weui-steps__item__desc', text: desc }),
          historyDetail(h) ? el('span', { class: 'weui-steps__item__desc zst-history__message', text: historyDetail(h) }) : null,
          h.message ? el('span', { class: 'weui-steps__item__desc zst-history__message', text: h.message }) : null)));
    });
    if (!entries.length) list.appendChild(el('li', { class: 'zst-muted', text: '暂无记录' }));
  }

  /* submit's 422 lists everything still missing at once; show the whole list, each entry linking
     to where it is fixed. `anchor(item)` gives that place's id, or null. `options.quiet`: an
     update while the person works on the form (nothing scrolls, focus stays). */
  function renderMissing(panel, details, anchor, options) {
    const list = $('.zst-missing__list', panel);
    clear(list);
    $('.zst-missing__title', panel).textContent = '还有 ' + details.length + ' 项未完成，请补齐后再提交：';
    details.forEach((item) => {
      // A material's message already names it ("请上传…"); a field's says what is wrong with it.
      const text = item.message && item.message.indexOf(item.label) >= 0 ? item.message
        : item.label + (item.message ? '：' + item.message : '');
      const target = anchor ? anchor(item) : null;
      list.appendChild(el('li', {}, target ? el('a', { href: '#' + target, text: text }) : text));
    });
    show(panel);
    if (options && options.quiet) return;
    panel.scrollIntoView({ block: 'start' });
    panel.focus({ preventScroll: true });
  }

  root.ZST = {
    base, api, ApiError, el, $, $$, show, hide, clear, toptips, toast, showError, formatTime, formatClock, formatDay, today,
    pageData, signInUrl, STATUS_LABELS, ACTION_LABELS, statusBadge, renderHistory, renderMissing, visitText,
  };
})(window);

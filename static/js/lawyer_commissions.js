/* The lawyer's commissions (/h5/lawyer/commissions; notices link here with ?commission=ID): the
   offers still open to them — the matter, the other party, budget, time left — each with the accept
   form (a quote or 面议, the scope, the days, the no-conflict declaration), a 409 shown as "taken";
   and the commissions they hold: waiting for the citizen's confirmation, confirmed (the contact the
   citizen shared), in service, completed — with the start and complete steps. */
(function (root) {
  'use strict';

  const Z = root.ZST;
  const { api, $, $$, el, show, hide, clear } = Z;
  const names = Z.pageData();
  const chosen = new URLSearchParams(location.search).get('commission');
  const TONE = { accepted: 'waiting', confirmed: 'go', in_service: 'go', completed: 'done',
    cancelled: 'over', expired: 'over', lapsed: 'over' };
  const NEEDS_ME = ['confirmed', 'in_service'];

  function category(code) { return (names.categories || {})[code] || code; }
  function county(code) { return (names.counties || {})[code] || code; }

  /* "还剩 2 天 5 小时": the time left before an offer ends unless someone takes it. */
  function timeLeft(iso) {
    if (!iso) return '';
    const minutes = Math.floor((new Date(iso).getTime() - Date.now()) / 60000);
    if (Number.isNaN(minutes)) return '';
    if (minutes <= 0) return '已到期';
    const days = Math.floor(minutes / 1440);
    const hours = Math.floor((minutes % 1440) / 60);
    if (days) return '还剩 ' + days + ' 天' + (hours ? ' ' + hours + ' 小时' : '');
    return hours ? '还剩 ' + hours + ' 小时 ' + (minutes % 60) + ' 分' : '还剩 ' + minutes + ' 分钟';
  }

  function tags(c) {
    return el('p', { class: 'zst-comm__tags' },
      el('span', { class: 'zst-comm__service', text: c.service }),
      el('span', { class: 'zst-tag zst-tag_category', text: category(c.category) }),
      el('span', { class: 'zst-tag zst-tag_optional', text: county(c.county) }),
      c.directed ? el('span', { class: 'zst-tag zst-tag_bureau', text: '市民指定您' }) : null);
  }

  function fact(label, value, extra) {
    return el('p', { class: 'zst-comm__fact' + (extra ? ' ' + extra : '') },
      el('span', { class: 'zst-comm__label', text: label }), value);
  }

  function emptyRow(list, text) {
    list.appendChild(el('p', { class: 'zst-empty', text: text }));
  }

  /* ---- the offers and the accept form ---- */

  function offerCard(c) {
    const left = timeLeft(c.respond_by);
    const card = el('section', { class: 'zst-comm', id: 'offer-' + c.id, 'data-id': c.id },
      tags(c),
      el('p', { class: 'zst-comm__summary', text: c.summary }),
      fact('对方当事人', c.other_party),
      fact('市民预算', c.budget || '未填写'),
      fact('推送时间', Z.formatTime(c.offered_at)),
      left ? fact('承接期限', left + '（' + Z.formatTime(c.respond_by) + ' 截止）', 'zst-comm__left') : null,
      el('div', { class: 'weui-btn-area zst-comm__open' },
        el('button', { type: 'button', class: 'weui-btn weui-btn_primary', 'data-open': c.id,
          onclick: () => openForm(card, c) }, '接受并报价')));
    return card;
  }

  function openForm(card, c) {
    if ($('form', card)) return;
    hide($('.zst-comm__open', card));
    const form = $('#accept-template').content.firstElementChild.cloneNode(true);
    $$('[name]', form).forEach((input) => {
      input.id = input.name + '-' + c.id;
      const label = $('[data-for="' + input.name + '"]', form);
      if (label) label.htmlFor = input.id;
    });
    $('[data-declare]', form).textContent = '我声明：与本委托的对方当事人（' + c.other_party +
      '）没有利益冲突，未曾代理对方，也未在本案中与市民利益相对。';
    const fee = $('[name=fee]', form);
    $('[name=negotiable]', form).addEventListener('change', (event) => {
      fee.disabled = event.target.checked;
      if (event.target.checked) fee.value = '面议';
      else if (fee.value === '面议') fee.value = '';
    });
    // A field put right loses its error at once; the others keep theirs until the next send.
    $$('[name]', form).forEach((input) => {
      const field = input.name === 'negotiable' ? 'fee' : input.name;
      ['input', 'change'].forEach((type) => input.addEventListener(type, () => fieldError(form, field, '')));
    });
    form.addEventListener('submit', (event) => { event.preventDefault(); accept(card, form, c); });
    card.appendChild(form);
    fee.focus();
  }

  function fieldError(form, field, message) {
    const box = $('[data-error="' + field + '"]', form);
    box.textContent = message || '';
    show(box, Boolean(message));
    const cell = $('[data-field="' + field + '"]', form);
    if (cell) cell.classList.toggle('weui-cell_warn', Boolean(message));
    return Boolean(message);
  }

  /* What the server checks too, said before asking it: each empty field by name. */
  function quoteOf(form) {
    const fee = $('[name=fee]', form).value.trim();
    const scope = $('[name=scope]', form).value.trim();
    const daysText = $('[name=days]', form).value.trim();
    const days = Number(daysText);
    const declared = $('[name=no_conflict]', form).checked;
    const wrong = [
      fieldError(form, 'fee', fee ? '' : '请填写报价，或勾选“面议”'),
      fieldError(form, 'scope', scope ? '' : '请写明服务范围'),
      fieldError(form, 'days', /^\d+$/.test(daysText) && days >= 1 && days <= 365 ? '' : '请填写 1–365 之间的天数'),
      fieldError(form, 'no_conflict', declared ? '' : '接受委托前须声明与对方当事人没有利益冲突'),
    ].some(Boolean);
    return wrong ? null : { quote: { fee: fee, scope: scope, days: days }, no_conflict: true };
  }

  async function accept(card, form, c) {
    const formError = $('[data-error=form]', form);
    hide(formError);
    const body = quoteOf(form);
    if (!body) {
      const first = $('.weui-cell_warn input, .weui-cell_warn textarea', form);
      if (first) first.focus();
      return;
    }
    const button = $('[data-submit]', form);
    button.disabled = true;
    try {
      await api.post('/api/commissions/' + encodeURIComponent(c.id) + '/accept', body);
      Z.toast('已接受，等待市民确认');
      await load('mine', c.id);
    } catch (error) {
      button.disabled = false;
      if (error.status === 409 && error.code === 'already_taken') return taken(card, error.message);
      formError.textContent = error.message;
      show(formError);
      formError.focus();
    }
  }

  /* Someone else was first (or the offer ended): the card says so, and the form goes. */
  function taken(card, message) {
    const form = $('form', card);
    if (form) form.remove();
    hide($('.zst-comm__open', card));
    card.classList.add('zst-comm_over');
    card.appendChild(el('div', { class: 'zst-comm-taken', role: 'alert', tabindex: '-1' },
      el('p', { class: 'zst-comm-taken__title', text: message || '这项委托已被其他律师接受' }),
      el('p', { text: '先接受者承接。感谢您的响应，新的委托推送给您时会通过微信通知。' })));
    $('.zst-comm-taken', card).focus();
  }

  /* ---- the commissions the lawyer holds ---- */

  function contactBox(c) {
    if (c.contact) {
      return el('div', { class: 'zst-comm-contact' },
        el('p', { class: 'zst-comm-contact__title', text: '市民联系方式（仅您可见）' }),
        fact('姓名', c.contact.name),
        fact('电话', el('a', { href: 'tel:' + c.contact.phone, class: 'zst-comm-contact__phone', text: c.contact.phone })));
    }
    if (c.status === 'accepted') {
      return el('p', { class: 'zst-comm__note', text: '等待市民确认。市民确认后，您可在此看到其同意提供的姓名和电话。' });
    }
    if (NEEDS_ME.includes(c.status) || c.status === 'completed') {
      return el('p', { class: 'zst-comm__note', text: '市民没有选择提供联系方式，将由市民主动联系您的律师事务所。' });
    }
    return null;
  }

  function steps(c) {
    const rows = [['接受', c.accepted_at], ['市民确认', c.confirmed_at], ['开始办理', c.started_at], ['办结', c.completed_at]];
    return el('ol', { class: 'zst-comm-steps' }, ...rows.filter((r) => r[1]).map((r) =>
      el('li', {}, el('span', { class: 'zst-comm__label', text: r[0] }), Z.formatTime(r[1]))));
  }

  function actions(card, c) {
    const box = el('div', { class: 'weui-btn-area zst-comm__actions' });
    if (c.status === 'confirmed') {
      box.appendChild(el('button', { type: 'button', class: 'weui-btn weui-btn_primary', 'data-step': 'start',
        onclick: (event) => step(event.target, c, 'start', '已开始办理，市民已收到通知') }, '开始办理'));
    } else if (c.status === 'in_service') {
      const sure = el('div', { class: 'zst-comm-sure zst-hidden', role: 'group', 'aria-label': '确认办结' },
        el('p', { text: '确认已完成约定的服务？办结后市民将收到通知，并可评价您的服务。' }),
        el('button', { type: 'button', class: 'weui-btn weui-btn_primary', 'data-step': 'complete',
          onclick: (event) => step(event.target, c, 'complete', '已办结，市民已收到通知') }, '确认办结'),
        el('button', { type: 'button', class: 'weui-btn weui-btn_default', onclick: () => { hide(sure); show(ask); } }, '取消'));
      const ask = el('button', { type: 'button', class: 'weui-btn weui-btn_primary', 'data-ask': 'complete',
        onclick: () => { hide(ask); show(sure); $('[data-step]', sure).focus(); } }, '服务已完成');
      box.append(ask, sure);
    } else {
      return null;
    }
    box.appendChild(el('div', { class: 'zst-refusal zst-hidden', 'data-error': 'step', role: 'alert' }));
    return box;
  }

  async function step(button, c, name, done) {
    const card = button.closest('.zst-comm');
    const error = $('[data-error=step]', card);
    button.disabled = true;
    try {
      await api.post('/api/commissions/' + encodeURIComponent(c.id) + '/' + name);
      Z.toast(done);
      await load('mine', c.id);
    } catch (failure) {
      button.disabled = false;
      error.textContent = failure.message;
      show(error);
    }
  }

  function mineCard(c) {
    const card = el('section', { class: 'zst-comm zst-comm_' + (TONE[c.status] || 'over'), id: 'mine-' + c.id,
      'data-id': c.id, 'data-status': c.status },
    tags(c),
    el('p', {}, el('span', { class: 'zst-status zst-comm-status zst-comm-status_' + (TONE[c.status] || 'over'), text: c.status_label })),
    el('p', { class: 'zst-comm__summary', text: c.summary }),
    fact('对方当事人', c.other_party),
    c.quote ? fact('您的报价', c.quote.fee + ' · 约 ' + c.quote.days + ' 天') : null,
    c.quote ? fact('服务范围', c.quote.scope) : null,
    contactBox(c),
    steps(c),
    fact('委托编号', c.id, 'zst-comm__id'));
    const act = actions(card, c);
    if (act) card.appendChild(act);
    return card;
  }

  /* ---- loading, tabs, the commission a notice named ---- */

  function badge(id, count) {
    const node = $(id);
    node.textContent = String(count);
    show(node, count > 0);
  }

  async function offers() {
    const list = $('#comm-offers');
    try {
      const items = await api.get('/api/lawyer/commissions');
      clear(list);
      items.forEach((c) => list.appendChild(offerCard(c)));
      if (!items.length) emptyRow(list, '暂时没有可承接的委托。有新的委托推送给您时会通过微信通知。');
      badge('#offers-count', items.length);
      return items;
    } catch (error) {
      clear(list);
      emptyRow(list, error.message);
      return [];
    }
  }

  async function mine() {
    const list = $('#comm-mine');
    try {
      const items = await api.get('/api/lawyer/commissions/mine');
      clear(list);
      items.forEach((c) => list.appendChild(mineCard(c)));
      if (!items.length) emptyRow(list, '您还没有承接委托。');
      badge('#mine-count', items.filter((c) => NEEDS_ME.includes(c.status)).length);
      return items;
    } catch (error) {
      clear(list);
      emptyRow(list, error.message);
      return [];
    }
  }

  function selectTab(tab) {
    $$('.zst-tabs_lawyer .zst-tabs__item').forEach((item) => {
      const on = item.dataset.tab === tab;
      item.classList.toggle('zst-tabs__item_on', on);
      item.setAttribute('aria-selected', String(on));
    });
    show($('#comm-offers'), tab === 'offers');
    show($('#comm-mine'), tab === 'mine');
  }

  async function load(tab, focusId) {
    const [open, held] = await Promise.all([offers(), mine()]);
    selectTab(tab);
    const card = focusId && document.getElementById((tab === 'mine' ? 'mine-' : 'offer-') + focusId);
    if (card) {
      card.scrollIntoView({ block: 'start' });
      card.classList.add('zst-comm_focus');
    }
    return [open, held];
  }

  /* A notice named a commission that is in neither list: say what became of it. */
  async function explain(id) {
    const box = $('#comm-focus');
    let text = '没有找到这项委托：编号可能有误，或这项委托没有推送给您。';
    try {
      const c = await api.get('/api/commissions/' + encodeURIComponent(id));
      text = c.offer === 'taken' ? '委托 ' + c.id + ' 已被其他律师接受。'
        : '委托 ' + c.id + ' 已结束（市民撤回、改选或无人承接）。';
    } catch (error) {
      if (error.status !== 404) text = error.message;
    }
    box.textContent = text;
    show(box);
  }

  $$('.zst-tabs_lawyer .zst-tabs__item').forEach((item) => item.addEventListener('click', () => selectTab(item.dataset.tab)));

  (async function start() {
    const [open, held] = await load('offers');
    if (!chosen) return;
    if (held.some((c) => c.id === chosen)) {
      selectTab('mine');
      const card = document.getElementById('mine-' + chosen);
      card.scrollIntoView({ block: 'start' });
      card.classList.add('zst-comm_focus');
    } else if (open.some((c) => c.id === chosen)) {
      const card = document.getElementById('offer-' + chosen);
      card.scrollIntoView({ block: 'start' });
      card.classList.add('zst-comm_focus');
    } else {
      await explain(chosen);
    }
  }());
}(window));

/* Monthly settlement (/h5/staff/settlement): the bureau's last 12 months and their state; for the
   chosen month its statement, the maker's "prepare" once the month has ended, the checker's
   "approve" (never the maker's own), the CSV, and corrections filed in the open month. The month
   lives in the address, so a statement can be shared as a link. */
(function (root) {
  'use strict';

  const Z = root.ZST;
  const { api, $, el, clear, show, hide } = Z;
  const STATE = { open: '未结算', prepared: '待审核', approved: '已审核 · 已锁定' };
  const TONE = { open: 'submitted', prepared: 'supplement_requested', approved: 'completed' };
  let me = null;
  let shown = null;  // the statement on screen
  let months = [];

  function yuan(fen) { return (fen < 0 ? '-¥' : '¥') + (Math.abs(Number(fen || 0)) / 100).toFixed(2); }
  function monthText(month) { return month.slice(0, 4) + '年' + Number(month.slice(5)) + '月'; }
  function stateOf(m, current) { return m.status === 'open' && m.month === current ? '本月进行中' : STATE[m.status]; }

  function badge(node, status, text) { node.textContent = text; node.className = 'zst-status zst-status_' + TONE[status]; }

  function renderMonths(current) {
    const list = clear($('#settle-months'));
    months.forEach((m) => {
      const s = m.settlement;
      const tag = el('span', {});
      badge(tag, m.status, stateOf(m, current));
      list.appendChild(el('a', { class: 'weui-cell weui-cell_active weui-cell_access zst-settle__month' +
          (shown && shown.month === m.month ? ' zst-settle__month_on' : ''), role: 'listitem',
        href: '?month=' + m.month, 'data-month': m.month, 'aria-current': shown && shown.month === m.month ? 'true' : null,
        onclick: (event) => { event.preventDefault(); choose(m.month); } },
      el('div', { class: 'weui-cell__bd' }, el('p', { text: monthText(m.month) }),
        s ? el('p', { class: 'zst-muted', text: s.line_count + ' 笔 · ' + yuan(s.total_fen) }) : null),
      el('div', { class: 'weui-cell__ft' }, tag)));
    });
  }

  function fact(name, value) { return [el('dt', { text: name }), el('dd', { text: value })]; }

  function renderStatement(l) {
    shown = l;
    const s = l.settlement;
    const status = s ? s.status : 'open';
    $('#settle-title').textContent = monthText(l.month) + '结算单';
    badge($('#settle-status'), status, s ? STATE[status] : (l.month_ended ? '未结算' : '本月进行中'));
    $('#settle-total').textContent = '共 ' + l.count + ' 笔' + (l.corrections.length ? '、更正 ' + l.corrections.length + ' 笔' : '') + '，合计 ' + yuan(l.total_fen);
    const facts = clear($('#settle-facts'));
    if (s) {
      fact('制单', s.prepared_by + ' · ' + Z.formatTime(s.prepared_at)).forEach((n) => facts.appendChild(n));
      if (s.approved_by) fact('审核', s.approved_by + ' · ' + Z.formatTime(s.approved_at)).forEach((n) => facts.appendChild(n));
    }
    fact('校验码', l.digest.slice(0, 12)).forEach((n) => facts.appendChild(n));
    const mine = s && me && s.prepared_by === me;
    const why = !s && !l.month_ended ? '本月尚未结束，月末（北京时间）之后才能制作结算单。'
      : s && s.status === 'prepared' && mine ? '结算单由您制作，须由另一位工作人员核对后审核通过。'
        : s && s.status === 'approved' ? '本月已审核通过并锁定；如需更正，请在下方记录更正，计入当前月份。' : '';
    $('#settle-why').textContent = why;
    show($('#settle-why'), Boolean(why));
    show($('#settle-prepare'), !s && l.month_ended);
    show($('#settle-approve'), Boolean(s && s.status === 'prepared' && !mine));
    hide($('#settle-error'));
    const csv = $('#settle-csv');
    csv.href = Z.base + '/api/staff/payouts.csv?month=' + encodeURIComponent(l.month);
    csv.setAttribute('download', 'payouts-' + l.month + '.csv');
    renderLines(l);
    renderCorrections(l);
  }

  function renderLines(l) {
    const list = clear($('#settle-lines'));
    l.lines.forEach((line) => list.appendChild(el('a', {
      class: 'weui-cell weui-cell_active weui-cell_access zst-ledger__line',
      href: Z.base + '/h5/staff/consultations/' + encodeURIComponent(line.consultation_id) },
    el('div', { class: 'weui-cell__bd' },
      el('p', { text: line.lawyer_name + (line.firm ? ' · ' + line.firm : '') }),
      el('p', { class: 'zst-muted', text: [Z.formatTime(line.awarded_at), line.category_name || line.category,
        '咨询 ' + line.consultation_id].join(' · ') })),
    el('div', { class: 'weui-cell__ft zst-ledger__amount', text: yuan(line.amount_fen) }))));
    if (!l.lines.length) list.appendChild(el('div', { class: 'weui-cell' }, el('div', { class: 'weui-cell__bd zst-muted', text: '本月没有中标补贴' })));
    const select = clear($('#correct-line'));
    select.appendChild(el('option', { value: '', text: '请选择' }));
    l.lines.forEach((line) => select.appendChild(el('option', { value: line.consultation_id,
      text: line.lawyer_name + ' · ' + yuan(line.amount_fen) + ' · 咨询 ' + line.consultation_id })));
    show($('#correct-section'), l.lines.length > 0);
    $('#correct-open').textContent = monthText(months.length ? months[0].month : l.month);
  }

  function renderCorrections(l) {
    const list = clear($('#settle-corrections'));
    l.corrections.forEach((c) => list.appendChild(el('div', { class: 'weui-cell zst-settle__corr' },
      el('div', { class: 'weui-cell__bd' },
        el('p', { text: c.lawyer_name + ' · 更正' + monthText(c.refers_month) + '咨询 ' + c.refers_consultation_id }),
        el('p', { class: 'zst-muted', text: c.reason + ' · ' + c.by + ' · ' + Z.formatTime(c.at) })),
      el('div', { class: 'weui-cell__ft zst-ledger__amount', text: yuan(c.amount_fen) }))));
    if (!l.corrections.length) list.appendChild(el('div', { class: 'weui-cell' }, el('div', { class: 'weui-cell__bd zst-muted', text: '没有记入本月的更正' })));
  }

  function refusal(box, error) {
    box.textContent = error.message;
    show(box);
    box.focus();
  }

  async function loadMonths() {
    months = (await api.get('/api/staff/settlements')).months;
    renderMonths(months.length ? months[0].month : null);
  }

  async function choose(month) {
    const query = new URLSearchParams(location.search);
    query.set('month', month);
    history.replaceState(null, '', location.pathname + '?' + query);
    try {
      renderStatement(await api.get('/api/staff/payouts?month=' + encodeURIComponent(month)));
      renderMonths(months[0].month);
    } catch (error) {
      Z.showError(error);
    }
  }

  async function act(button, path, body, done) {
    button.disabled = true;
    try {
      const l = await api.post(path, body);
      await loadMonths();
      renderStatement(l);
      renderMonths(months[0].month);
      Z.toast(done);
    } catch (error) {
      refusal($('#settle-error'), error);
    } finally {
      button.disabled = false;
    }
  }

  $('#settle-prepare').addEventListener('click', (event) => act(event.currentTarget,
    '/api/staff/settlements/' + shown.month + '/prepare', {}, '结算单已制作'));
  $('#settle-approve').addEventListener('click', (event) => act(event.currentTarget,
    '/api/staff/settlements/' + shown.month + '/approve', { digest: shown.digest }, '已审核通过'));

  $('#correct-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const box = $('#correct-error');
    hide(box);
    const amount = $('#correct-amount').value.trim();
    const reason = $('#correct-reason').value.trim();
    const problem = !$('#correct-line').value ? '请选择要更正的一笔支付'
      : !/^-?\d{1,6}(\.\d{1,2})?$/.test(amount) || Number(amount) === 0 ? '金额应为非零的数字（元，最多两位小数），扣减填负数'
        : reason.length < 2 ? '请写明更正原因' : '';
    if (problem) { box.textContent = problem; show(box); box.focus(); return; }
    const button = $('#correct-submit');
    button.disabled = true;
    try {
      const l = await api.post('/api/staff/settlements/corrections', { month: shown.month,
        consultation_id: $('#correct-line').value, amount_fen: Math.round(Number(amount) * 100), reason: reason });
      $('#correct-form').reset();
      Z.toast('更正已记入' + monthText(l.month));
      await loadMonths();
      await choose(l.month);
    } catch (error) {
      refusal(box, error);
    } finally {
      button.disabled = false;
    }
  });

  (async function start() {
    try {
      me = (await api.get('/api/auth/me')).staff_id;
      await loadMonths();
      const asked = new URLSearchParams(location.search).get('month');
      const known = months.some((m) => m.month === asked);
      await choose(known ? asked : (months[1] || months[0]).month);
    } catch (error) {
      Z.showError(error);
    }
  }(window));
}(window));

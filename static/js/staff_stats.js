/* Staff figures (/h5/staff/stats): the SLA and payouts over a range of China days, and the month's
   payout ledger with its CSV for the bureau's settlement. The range and month live in the address,
   so a figure can be shared as a link. */
(function (root) {
  'use strict';

  const Z = root.ZST;
  const { api, $, $$, el, clear } = Z;
  const SLA_TARGET = 0.99;

  function yuan(fen) { return '¥' + (Number(fen || 0) / 100).toFixed(2); }
  /* "2026年12月": the ledger's month as a clerk says it (the API gives "2026-12"). */
  function monthText(month) { return /^\d{4}-\d{2}$/.test(month || '') ? month.slice(0, 4) + '年' + Number(month.slice(5)) + '月' : (month || ''); }
  function percent(rate) { return rate === null || rate === undefined ? '—' : (rate * 100).toFixed(1) + '%'; }
  function number(value) { return value === null || value === undefined ? '—' : String(value); }
  function duration(seconds) {
    if (seconds === null || seconds === undefined) return '—';
    const s = Math.round(seconds);
    if (s < 60) return s + ' 秒';
    const m = Math.floor(s / 60);
    if (m < 60) return m + ' 分 ' + (s % 60) + ' 秒';
    return Math.floor(m / 60) + ' 小时 ' + (m % 60) + ' 分';
  }

  function shiftDay(day, days) {
    const d = new Date(day + 'T00:00:00Z');
    d.setUTCDate(d.getUTCDate() + days);
    return d.toISOString().slice(0, 10);
  }

  function tile(label, value, options) {
    const o = options || {};
    return el('div', { class: 'zst-figure' + (o.tone ? ' zst-figure_' + o.tone : ''), 'data-figure': o.key },
      el('p', { class: 'zst-figure__value', text: value }),
      el('p', { class: 'zst-figure__label', text: label }));
  }

  function renderStats(s) {
    $('#stats-range').textContent = '（' + Z.formatDay(s.from) + ' 至 ' + Z.formatDay(s.to) + '）';
    const rate = s.first_response_10min_rate;
    const tone = rate === null || rate === undefined ? '' : rate >= SLA_TARGET ? 'good' : 'bad';
    clear($('#stats-figures')).append(
      tile('咨询量', number(s.consultations), { key: 'consultations' }),
      tile('10 分钟首答率', percent(rate), { key: 'first_response_10min_rate', tone: tone }),
      tile('首答用时中位数', duration(s.first_response_median_seconds), { key: 'first_response_median_seconds' }),
      tile('首答用时 P90', duration(s.first_response_p90_seconds), { key: 'first_response_p90_seconds' }),
      tile('每条咨询解答数', number(s.answers_per_consultation), { key: 'answers_per_consultation' }),
      tile('中标率', percent(s.award_rate), { key: 'award_rate' }),
      tile('中标补贴支出', yuan(s.payouts_fen), { key: 'payouts_fen' }),
      tile('已有解答', number(s.answered), { key: 'answered' }),
      tile('每条咨询通知律师', number(s.notifications_per_consultation), { key: 'notifications_per_consultation' }),
      tile('超每日上限未受理', number(s.refused_over_daily_limit), { key: 'refused_over_daily_limit' }));
  }

  async function stats(from, to) {
    const query = new URLSearchParams();
    if (from) query.set('from', from);
    if (to) query.set('to', to);
    try {
      const s = await api.get('/api/staff/stats' + (query.toString() ? '?' + query : ''));
      $('#stats-from').value = s.from;
      $('#stats-to').value = s.to;
      renderStats(s);
    } catch (error) {
      clear($('#stats-figures')).appendChild(el('p', { class: 'zst-empty', text: error.message }));
      Z.showError(error);
    }
  }

  async function ledger(month) {
    const csv = $('#ledger-csv');
    const list = clear($('#ledger-lines'));
    try {
      const l = await api.get('/api/staff/payouts' + (month ? '?month=' + encodeURIComponent(month) : ''));
      $('#ledger-month').value = l.month;
      csv.href = Z.base + '/api/staff/payouts.csv?month=' + encodeURIComponent(l.month);
      csv.setAttribute('download', 'payouts-' + l.month + '.csv');
      $('#ledger-total').textContent = monthText(l.month) + ' 共 ' + l.count + ' 笔，合计 ' + yuan(l.total_fen);
      l.lines.forEach((line) => {
        list.appendChild(el('a', { class: 'weui-cell weui-cell_active weui-cell_access zst-ledger__line',
          href: Z.base + '/h5/staff/consultations/' + encodeURIComponent(line.consultation_id) },
        el('div', { class: 'weui-cell__bd' },
          el('p', { text: line.lawyer_name + ' · ' + (line.firm || '') }),
          el('p', { class: 'zst-muted', text: [Z.formatTime(line.awarded_at), line.category_name || line.category,
            '咨询 ' + line.consultation_id, line.awarded_by === 'policy' ? '到期自动' : '市民选择'].join(' · ') })),
        el('div', { class: 'weui-cell__ft zst-ledger__amount', text: yuan(line.amount_fen) })));
      });
      if (!l.lines.length) list.appendChild(el('div', { class: 'weui-cell' }, el('div', { class: 'weui-cell__bd zst-muted', text: '本月没有中标补贴' })));
    } catch (error) {
      Z.showError(error);
    }
  }

  function remember(params) {
    const query = new URLSearchParams(location.search);
    Object.keys(params).forEach((k) => { if (params[k]) query.set(k, params[k]); else query.delete(k); });
    history.replaceState(null, '', location.pathname + '?' + query);
  }

  $('#stats-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const from = $('#stats-from').value;
    const to = $('#stats-to').value;
    if ($('#stats-from').validity.badInput || $('#stats-to').validity.badInput) { Z.toptips('日期不完整，请填写完整的年、月、日'); return; }
    if (from && to && from > to) { Z.toptips('开始日期不能晚于结束日期'); return; }
    remember({ from: from, to: to });
    stats(from, to);
  });
  $$('.zst-quick__item').forEach((button) => button.addEventListener('click', () => {
    const today = Z.today();
    const from = button.dataset.days === 'month' ? today.slice(0, 8) + '01' : shiftDay(today, 1 - Number(button.dataset.days));
    $('#stats-from').value = from;
    $('#stats-to').value = today;
    remember({ from: from, to: today });
    stats(from, today);
  }));
  const query = new URLSearchParams(location.search);
  stats(query.get('from'), query.get('to'));
  if ($('#ledger-month')) {  // the ledger is there for finance and admins only
    $('#ledger-month').addEventListener('change', (event) => {
      remember({ month: event.target.value });
      ledger(event.target.value);
    });
    ledger(query.get('month'));
  }
})(window);

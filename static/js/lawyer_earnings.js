/* A lawyer's own 中标 earnings (/h5/lawyer/earnings): the last 12 months, one row per month and
   bureau, with the bureau's settlement state. */
(function (root) {
  'use strict';

  const Z = root.ZST;
  const { api, $, el, clear } = Z;
  const STATE = { open: ['待结算', 'submitted'], prepared: ['结算审核中', 'supplement_requested'], approved: ['已结算', 'completed'] };

  function yuan(fen) { return (fen < 0 ? '-¥' : '¥') + (Math.abs(Number(fen || 0)) / 100).toFixed(2); }
  function monthText(month) { return month.slice(0, 4) + '年' + Number(month.slice(5)) + '月'; }

  (async function start() {
    const list = clear($('#earn-months'));
    try {
      const e = await api.get('/api/lawyer/earnings');
      $('#earn-total').textContent = '近 12 个月合计 ' + yuan(e.total_fen);
      e.months.forEach((m) => {
        const [label, tone] = STATE[m.status] || [m.status, 'submitted'];
        const detail = m.count + ' 笔中标' + (m.corrections_fen ? ' · 更正 ' + yuan(m.corrections_fen) : '');
        list.appendChild(el('div', { class: 'weui-cell zst-earn__row', 'data-month': m.month, 'data-bureau': m.bureau },
          el('div', { class: 'weui-cell__bd' },
            el('p', {}, monthText(m.month) + ' · ' + m.bureau_name,
              el('span', { class: 'zst-status zst-status_' + tone + ' zst-earn__status', text: label })),
            el('p', { class: 'zst-muted', text: detail })),
          el('div', { class: 'weui-cell__ft zst-ledger__amount', text: yuan(m.total_fen) })));
      });
      if (!e.months.length) list.appendChild(el('div', { class: 'weui-cell' }, el('div', { class: 'weui-cell__bd zst-muted', text: '近 12 个月还没有中标补贴' })));
    } catch (error) {
      list.appendChild(el('div', { class: 'weui-cell' }, el('div', { class: 'weui-cell__bd zst-muted', text: error.message })));
      Z.showError(error);
    }
  }());
}(window));

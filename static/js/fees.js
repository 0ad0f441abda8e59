/* The fee calculator (/h5/fees): checks the amount as money, asks GET /api/fees and shows the fee
   with its breakdown by bracket. Plain ES2017. */
(function (root) {
  'use strict';

  const Z = root.ZST;
  const { $, el, clear, show, hide } = Z;
  const MONEY = /^[0-9]{1,13}(\.[0-9]{1,2})?$/;

  function yuan(text) {
    const [whole, fen] = String(text).split('.');
    const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
    return fen && fen !== '00' ? grouped + '.' + fen : grouped;
  }
  function wan(text) {
    const value = Number(text);
    return value >= 10000 && value % 10000 === 0 ? (value / 10000) + '万' : yuan(text);
  }
  function span(row) {
    if (row.to === null) return '超过' + wan(row.from) + '元的部分';
    if (Number(row.from) === 0) return '不超过' + wan(row.to) + '元';
    return wan(row.from) + '–' + wan(row.to) + '元的部分';
  }
  function rate(row) {
    if (row.rate === null) return '每件';
    const pct = (Number(row.rate) * 100).toFixed(2).replace(/\.?0+$/, '');
    return pct + '%';
  }

  function fail(message) {
    const box = $('#fee-error');
    box.textContent = message;
    show(box);
    box.focus();
  }

  function amountNeeded() {
    return $('#fee-kind').selectedOptions[0].dataset.amount === 'required';
  }

  function render(found) {
    $('#fee-result-label').textContent = found.label + (found.halved ? '（' + found.procedure_label + '）' : '');
    $('#fee-total').textContent = found.fee !== null ? yuan(found.fee) + ' 元'
      : yuan(found.fee_min) + ' – ' + yuan(found.fee_max) + ' 元';
    const body = clear($('#fee-brackets tbody'));
    found.brackets.forEach((row) => body.appendChild(el('tr', {},
      el('td', { text: span(row) }), el('td', { text: rate(row) }), el('td', { text: yuan(row.fee) }))));
    show($('#fee-brackets'), found.brackets.length > 0);
    const notes = clear($('#fee-notes'));
    found.notes.forEach((note) => notes.appendChild(el('li', { text: note })));
    $('#fee-basis').textContent = '依据：' + found.basis.join('；');
    show($('#fee-result'));
  }

  $('#fee-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    hide($('#fee-error'));
    const amount = $('#fee-amount').value.replace(/[,，\s]/g, '');
    if (amount && !MONEY.test(amount)) { fail('金额须为数字，最多两位小数，例如 150000 或 8500.50'); return; }
    if (!amount && amountNeeded()) { fail('请填写标的金额（元）'); return; }
    const params = new URLSearchParams({ kind: $('#fee-kind').value, procedure: $('#fee-procedure').value });
    if (amount) params.set('amount', amount);
    try {
      render(await Z.api.get('/api/fees?' + params.toString()));
    } catch (e) {
      hide($('#fee-result'));
      fail(e.message);
    }
  });
  $('#fee-kind').addEventListener('change', () => {
    $('#fee-amount-label').textContent = amountNeeded() ? '标的金额' : '金额（选填）';
    hide($('#fee-result'));
  });
}(window));

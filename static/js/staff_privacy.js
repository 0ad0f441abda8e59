/* The bureau's deletion requests (/h5/staff/privacy): open ones with their complete button, done
   ones with what was kept; and an application's access log by number. */
(function (root) {
  'use strict';

  const Z = root.ZST;
  const { api, $, $$, el, clear } = Z;
  const status = new URLSearchParams(root.location.search).get('status') === 'done' ? 'done' : 'open';

  function line(r) {
    const kept = (r.result && r.result.kept) || [];
    const deleted = (r.result && r.result.deleted) || {};
    const body = el('div', { class: 'weui-cell__bd' },
      el('p', { text: r.who + ' · ' + Z.formatTime(r.created_at) + ' 提交' }),
      r.reason ? el('p', { class: 'zst-muted', text: '原因：' + r.reason }) : null);
    if (r.status === 'done') {
      body.appendChild(el('p', { class: 'zst-muted', text: Z.formatTime(r.completed_at) + ' 办结 · 删除咨询 '
        + (deleted.consultations || 0) + ' 条、草稿 ' + (deleted.drafts || 0) + ' 件、委托 '
        + (deleted.commissions || 0) + ' 件 · 保留 ' + kept.length + ' 项' }));
    }
    const row = el('div', { class: 'weui-cell', 'data-request': r.id }, body);
    if (r.status === 'open') {
      row.appendChild(el('div', { class: 'weui-cell__ft' }, el('button', {
        type: 'button', class: 'weui-btn weui-btn_mini weui-btn_warn', text: '办结',
        onclick: () => complete(r.id) })));
    }
    return row;
  }

  async function load() {
    const list = clear($('#privacy-list'));
    try {
      const found = await api.get('/api/staff/privacy-requests?status=' + status);
      found.forEach((r) => list.appendChild(line(r)));
      if (!found.length) list.appendChild(el('div', { class: 'weui-cell' }, el('div', { class: 'weui-cell__bd zst-muted', text: status === 'open' ? '没有待处理的请求' : '还没有办结的请求' })));
    } catch (error) {
      list.appendChild(el('div', { class: 'weui-cell' }, el('div', { class: 'weui-cell__bd zst-muted', text: error.message })));
      Z.showError(error);
    }
  }

  async function complete(id) {
    if (!root.confirm('办结后将删除该群众依法无须保存的信息并通知本人，无法撤销。确定办结？')) return;
    try {
      await api.post('/api/staff/privacy-requests/' + encodeURIComponent(id) + '/complete');
      Z.toast('已办结，已通知本人');
      await load();
    } catch (error) {
      Z.showError(error);
    }
  }

  $$('.zst-tabs__item').forEach((a) => {
    const on = a.dataset.status === status;
    a.classList.toggle('zst-tabs__item_on', on);
    if (on) a.setAttribute('aria-current', 'page');
  });
  $('#log-lookup').addEventListener('submit', (event) => {
    event.preventDefault();
    const id = $('#log-application').value.trim();
    if (id) Z.accessLog.draw($('#log-list'), id);
  });
  load();
}(window));

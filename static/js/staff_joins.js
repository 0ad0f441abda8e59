/* Lawyers' self-registrations on the roster page: GET /api/staff/lawyers/join-requests lists the
   bureau's pending ones, each beside the roster line for its licence and its licence photo; staff
   approve (POST …/approve) or refuse with a reason (POST …/refuse). Plain ES2017. */
(function (root) {
  'use strict';

  const Z = root.ZST;
  const { api, $, el, clear } = Z;
  const STATUS = { active: '正常', paused: '暂停接单', suspended: '停止派单', pending_verification: '待重新核验' };

  function rosterLine(roster) {
    if (!roster) return '名册中没有这个执业证号：通过后将新建律师档案。';
    if (roster.other_bureau) return '名册中这个执业证号的律师由其他司法局管理，本局不能通过。';
    return '名册：' + roster.name + ' · ' + roster.firm + ' · ' + (STATUS[roster.status] || roster.status) +
      (roster.bound ? ' · 已绑定微信（通过将被拒绝）' : ' · 未绑定微信：通过后绑定该微信号');
  }

  function card(r) {
    const reason = el('input', { class: 'zst-join__reason', maxlength: '200', placeholder: '不通过的原因',
      'aria-label': '不通过的原因（' + r.name + '）' });
    const approve = el('button', { type: 'button', class: 'weui-btn weui-btn_mini weui-btn_primary', text: '通过' });
    const refuse = el('button', { type: 'button', class: 'weui-btn weui-btn_mini weui-btn_warn', text: '不通过' });
    const path = '/api/staff/lawyers/join-requests/' + encodeURIComponent(r.request_id);
    approve.addEventListener('click', () => decide(path + '/approve', {}, '已通过'));
    refuse.addEventListener('click', () => {
      if (!reason.value.trim()) { Z.toptips('请写明不通过的原因'); reason.focus(); return; }
      decide(path + '/refuse', { reason: reason.value.trim() }, '已退回');
    });
    return el('div', { class: 'weui-cell zst-join', id: 'join-' + r.request_id },
      el('p', { class: 'zst-roster__name', text: r.name + ' · 执业证号 ' + r.licence_no }),
      el('p', { class: 'zst-roster__detail', text: r.firm + ' · 提交于 ' + Z.formatTime(r.created_at) }),
      el('p', { class: 'zst-roster__detail', text: '服务县区 ' + r.county_names.join('、') + ' · 专长 ' + r.specialty_names.join('、') }),
      el('p', { class: 'zst-join__roster', text: rosterLine(r.roster) }),
      el('a', { href: r.photo_url, target: '_blank', rel: 'noopener', text: '执业证照片（5 分钟内有效）' },
        el('img', { class: 'zst-join__photo', src: r.photo_url, alt: r.name + ' 的执业证照片' })),
      el('div', { class: 'zst-join__actions' }, approve, reason, refuse));
  }

  async function decide(path, body, done) {
    try {
      await api.post(path, body);
      Z.toast(done);
      load();
    } catch (error) {
      Z.showError(error);
    }
  }

  async function load() {
    try {
      const found = await api.get('/api/staff/lawyers/join-requests');
      $('#joins-summary').textContent = found.length ? '共 ' + found.length + ' 份待审核' : '暂无待审核的登记';
      const list = clear($('#joins-list'));
      found.forEach((r) => list.appendChild(card(r)));
    } catch (error) {
      $('#joins-summary').textContent = error.message;
    }
  }

  load();
})(window);

/* Staff and their roles (/h5/staff/members): the list from GET /api/staff/members, one checkbox per
   role and a save button per person (PUT /api/staff/members/{id}/roles), and the invite form
   (POST /api/staff/invites) that shows the one-time code once. Plain ES2017. */
(function (root) {
  'use strict';

  const Z = root.ZST;
  const { $, el, show, hide, clear } = Z;
  const data = Z.pageData();

  function fail(box, message) {
    box.textContent = message;
    show(box);
    box.focus();
  }

  function checked(scope) {
    return Array.from(scope.querySelectorAll('input[type=checkbox]:checked')).map((box) => box.value);
  }

  function row(member) {
    const status = el('span', { class: 'zst-members__saved', 'aria-live': 'polite' });
    const boxes = el('fieldset', { class: 'zst-members__checks' },
      el('legend', { class: 'zst-hidden', text: member.name + ' 的岗位' }),
      ...data.roles.map((role) => el('label', { class: 'zst-members__check' },
        el('input', { type: 'checkbox', value: role, checked: member.roles.indexOf(role) >= 0,
          'data-staff': member.staff_id }),
        data.labels[role])));
    const save = el('button', { type: 'button', class: 'weui-btn weui-btn_mini weui-btn_default', text: '保存岗位' });
    save.addEventListener('click', async () => {
      const roles = checked(boxes);
      hide($('#members-error'));
      status.textContent = '';
      if (!roles.length) { fail($('#members-error'), '每位工作人员至少要有一个岗位'); return; }
      save.disabled = true;
      try {
        await Z.api.put('/api/staff/members/' + encodeURIComponent(member.staff_id) + '/roles', { roles: roles });
        status.textContent = '已保存';
      } catch (e) {
        fail($('#members-error'), e.message);
      } finally {
        save.disabled = false;
      }
    });
    const meta = [member.bound ? '已绑定微信' : '未绑定微信'];
    if (member.legacy) meta.push('原有账号（暂按管理员）');
    if (member.on_duty) meta.push('值班中');
    return el('div', { class: 'weui-cell zst-members__item', 'data-staff': member.staff_id },
      el('p', { class: 'zst-members__who', text: member.name }),
      el('p', { class: 'zst-muted zst-members__meta', text: meta.join(' · ') }),
      boxes,
      el('div', { class: 'zst-members__actions' }, save, status));
  }

  function load() {
    const list = $('#members-list');
    Z.api.get('/api/staff/members').then((body) => {
      clear(list);
      body.members.forEach((member) => list.appendChild(row(member)));
      if (!body.members.length) list.appendChild(el('div', { class: 'weui-cell zst-muted', text: '本局还没有工作人员。' }));
    }).catch((e) => fail($('#members-error'), e.message));
  }

  $('#invite-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const name = $('#invite-name').value.trim();
    const roles = checked($('#invite-roles'));
    hide($('#invite-error'));
    if (!name) { fail($('#invite-error'), '请填写被邀请人的姓名'); return; }
    if (!roles.length) { fail($('#invite-error'), '请至少选择一个岗位'); return; }
    const button = $('#invite-submit');
    button.disabled = true;
    try {
      const made = await Z.api.post('/api/staff/invites', { name: name, roles: roles });
      $('#invite-for').textContent = made.name + '（' + made.roles.map((r) => data.labels[r]).join('、') + '）的邀请码';
      $('#invite-code').textContent = made.code;
      $('#invite-expires').textContent = Z.formatTime(made.expires_at);
      $('#invite-message').value = made.name + '您好，请关注本局公众号后打开 ' + made.join_url +
        ' ，输入邀请码 ' + made.code + ' 加入工作人员（' + Z.formatTime(made.expires_at) + '前有效，仅可使用一次）。';
      show($('#invite-result'));
      $('#invite-form').reset();
    } catch (e) {
      fail($('#invite-error'), e.message);
    } finally {
      button.disabled = false;
    }
  });

  load();
}(window));

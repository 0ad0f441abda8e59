/* A citizen's own data (/h5/me/privacy): what the platform holds, in counts; the download; the
   deletion request and how earlier ones ended. */
(function (root) {
  'use strict';

  const Z = root.ZST;
  const { api, $, el, clear } = Z;
  const STATUS = { open: ['处理中', 'submitted'], done: ['已处理', 'completed'] };

  function row(title, detail) {
    return el('div', { class: 'weui-cell' }, el('div', { class: 'weui-cell__bd' },
      el('p', { text: title }), detail ? el('p', { class: 'zst-muted', text: detail }) : null));
  }

  function held(data) {
    const list = clear($('#privacy-held'));
    const profile = data.profile || {};
    list.appendChild(row('关注状态', profile.subscribed ? '已关注本公众号' : '未关注或已取消关注'));
    list.appendChild(row('法律咨询', data.consultations.length + ' 条'));
    list.appendChild(row('办事申请', data.applications.length + ' 件'));
    list.appendChild(row('上传的照片', data.photo_uploads.length + ' 张（尚未随咨询发出的）'));
    list.appendChild(row('登录记录', data.sessions.length + ' 次（有效期内的）'));
  }

  function requests(data) {
    const list = clear($('#privacy-requests'));
    data.privacy_requests.forEach((r) => {
      const [label, tone] = STATUS[r.status] || [r.status, 'submitted'];
      const kept = (r.result && r.result.kept) || [];
      list.appendChild(el('div', { class: 'weui-cell', 'data-request': r.request_id },
        el('div', { class: 'weui-cell__bd' },
          el('p', {}, '删除请求 · ' + Z.formatTime(r.created_at) + ' ',
            el('span', { class: 'zst-status zst-status_' + tone, text: label })),
          r.completed_at ? el('p', { class: 'zst-muted', text: Z.formatTime(r.completed_at) + ' 办结' }) : null,
          ...kept.map((k) => el('p', { class: 'zst-muted', text: '保留：' + k.reason })))));
    });
    const open = data.privacy_requests.some((r) => r.status === 'open');
    Z.show($('#privacy-delete'), !open);
  }

  async function load() {
    try {
      const data = await api.get('/api/me/data');
      held(data);
      requests(data);
    } catch (error) {
      clear($('#privacy-held')).appendChild(row(error.message));
      Z.showError(error);
    }
  }

  $('#privacy-delete').addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!root.confirm('确定申请删除？已结束咨询的内容删除后无法恢复。')) return;
    const button = $('#privacy-delete-submit');
    button.disabled = true;
    try {
      await api.post('/api/me/deletion-requests', { reason: $('#privacy-reason').value });
      Z.toast('已提交，办结后会通知您');
      await load();
    } catch (error) {
      Z.showError(error);
    } finally {
      button.disabled = false;
    }
  });

  load();
}(window));

/* Staff operations (/h5/staff/ops): find a lawyer by name, firm or licence number and issue the one-time code that binds their
   WeChat account (the text to send them included), and send again the notifications WeChat refused
   until delivery gave up. Plain ES2017, no build step. */
(function (root) {
  'use strict';

  const Z = root.ZST;
  const { api, $, el, clear, show, hide } = Z;
  const LAWYER_ID = /^[Ll]\d{17}$/;  // a whole lawyer id: looked up directly (a lawyer serving the bureau's counties)
  const PAGE = 50;
  const MAX_LIMIT = 200;  // the API's ceiling
  const AUDIENCES = { citizen: '市民', lawyer: '律师', staff: '工作人员' };
  const CHANNELS = { template: '模板消息', subscribe: '订阅消息', custom: '客服消息' };
  const TEMPLATES = {
    consultation_dispatched: '新咨询通知', consultation_reminder: '咨询解答提醒',
    consultation_closed: '咨询已截止', consultation_awarded: '中标通知', consultation_followup: '追问通知',
    consultation_answered: '咨询已有解答', consultation_answers_complete: '解答已齐',
    consultation_award_reminder: '中标提醒', consultation_refused: '咨询未受理',
    consultation_unanswered: '咨询无人解答提醒', application_status: '办事进度通知',
    application_deadline: '办事期限提醒',
  };
  // What a clerk can do about a notice parked for a reason the platform names.
  const HINTS = {
    '未配置模板': '公众号尚未为这类通知配置消息模板，请联系运维人员配置后重新发送',
    '未授权': '市民未订阅这类通知，且距其上次发消息已超过 48 小时，无法推送',
    '公众号未配置': '发送通知的公众号尚未配置，请联系运维人员',
  };
  // The API's refusals, said the way a clerk needs them; anything else shows the API's own message.
  const REFUSALS = {
    lawyer_not_found: '本局服务县（区）没有这位律师，请核对律师编号（以律师名册为准）。',
    forbidden: '此操作仅限司法局工作人员。',
    unauthorized: '登录已失效，请重新进入页面。',
    notification_not_parked: '这条消息已不在发送失败列表中（可能已重新发送）。',
  };
  const bindUrl = Z.pageData().bind_url;
  let lawyer = null;
  let limit = PAGE;

  function refusal(error) { return REFUSALS[error.code] || error.message; }

  function bindError(message) {
    const box = $('#ops-bind-error');
    box.textContent = message;
    show(box);
    box.focus();
  }

  /* What the clerk typed: a whole id opens that lawyer; anything else lists the matches among the lawyers serving the bureau. */
  async function find(query) {
    hide($('#ops-bind-error'));
    hide($('#ops-lawyer'));
    hide($('#ops-code'));
    const list = $('#ops-results');
    hide(list);
    lawyer = null;
    if (!query) { bindError('请输入律师姓名、律所或执业证号。'); return; }
    if (LAWYER_ID.test(query)) { lookUp(query.toUpperCase()); return; }
    let found;
    try {
      found = await api.get('/api/staff/lawyer-search?q=' + encodeURIComponent(query));
    } catch (error) {
      bindError(refusal(error));
      return;
    }
    clear(list);
    found.lawyers.forEach((l) => {
      const pick = el('button', { type: 'button', class: 'weui-cell weui-cell_active weui-cell_access zst-ops__result', 'data-lawyer': l.lawyer_id },
        el('div', { class: 'weui-cell__bd' },
          el('p', { class: 'zst-ops__result-name', text: l.name }),
          el('p', { class: 'zst-muted', text: l.firm + ' · 执业证号 ' + l.licence_no + (l.bound ? ' · 已绑定微信' : ' · 尚未绑定微信') })),
        el('div', { class: 'weui-cell__ft' }));
      pick.addEventListener('click', () => lookUp(l.lawyer_id));
      list.appendChild(pick);
    });
    if (!found.lawyers.length) {
      list.appendChild(el('div', { class: 'weui-cell' }, el('div', { class: 'weui-cell__bd zst-muted', text: '本局服务县（区）没有与“' + query + '”相符的律师。' })));
    } else if (found.more) {
      list.appendChild(el('div', { class: 'weui-cell' }, el('div', { class: 'weui-cell__bd zst-muted', text: '只显示前 ' + found.lawyers.length + ' 位，请输入更完整的姓名或证号。' })));
    }
    show(list);
  }

  async function lookUp(lawyerId) {
    hide($('#ops-bind-error'));
    hide($('#ops-lawyer'));
    hide($('#ops-code'));
    lawyer = null;
    try {
      lawyer = await api.get('/api/staff/lawyers/' + encodeURIComponent(lawyerId));
    } catch (error) {
      bindError(refusal(error));
      return;
    }
    $('#ops-lawyer-name').textContent = lawyer.name + '（' + lawyer.lawyer_id + '）';
    $('#ops-lawyer-meta').textContent = lawyer.firm + (lawyer.bound ? ' · 已绑定微信' : ' · 尚未绑定微信');
    show($('#ops-lawyer-bound'), lawyer.bound);
    show($('#ops-lawyer'));
    $('#ops-lawyer').scrollIntoView({ block: 'nearest' });
  }

  function instructions(code, expiry) {
    return lawyer.name + '律师您好：请用微信打开下面的链接，输入绑定码 ' + code + '，'
      + '即可把您的微信号绑定为掌上通律师账号，绑定后自动进入律师工作台。\n'
      + bindUrl + '\n'
      + '绑定码 ' + expiry + ' 前有效，只能使用一次，请勿转给他人。';
  }

  async function issue(button) {
    if (!lawyer) return;
    hide($('#ops-bind-error'));
    button.disabled = true;
    try {
      const issued = await api.post('/api/staff/binding-codes', { lawyer_id: lawyer.lawyer_id });
      const expiry = Z.formatTime(issued.expires_at);
      $('#ops-code-for').textContent = '给 ' + lawyer.name + '（' + issued.lawyer_id + '）的绑定码';
      $('#ops-code-value').textContent = issued.code;
      $('#ops-code-expiry').textContent = expiry;
      $('#ops-code-message').value = instructions(issued.code, expiry);
      show($('#ops-code'));
      $('#ops-code').scrollIntoView({ block: 'start' });
    } catch (error) {
      bindError(refusal(error));
    } finally {
      button.disabled = false;
    }
  }

  async function copy(text, node, done) {
    try {
      await navigator.clipboard.writeText(text);
    } catch (e) {
      // Older WeChat browsers have no async clipboard: select the text and copy the old way.
      node.select ? node.select() : root.getSelection().selectAllChildren(node);
      if (!document.execCommand('copy')) { Z.toptips('请长按文本手动复制'); return; }
    }
    Z.toast(done);
  }

  function when(iso) { return Z.formatTime(iso) || '—'; }

  function row(note) {
    const status = el('p', { class: 'zst-ops__status zst-hidden' });
    const button = el('button', { type: 'button', class: 'weui-btn weui-btn_mini weui-btn_primary', text: '重新发送' });
    const item = el('div', { class: 'weui-cell zst-ops__note', 'data-notification': note.notification_id },
      el('div', { class: 'weui-cell__bd' },
        el('p', { class: 'zst-ops__what', text: (TEMPLATES[note.template_key] || note.template_key || '消息')
          + ' → ' + (AUDIENCES[note.audience] || note.audience) }),
        el('p', { class: 'zst-muted', text: (CHANNELS[note.channel] || note.channel) + ' · 已尝试 ' + note.attempts
          + ' 次 · 停止于 ' + when(note.failed_at) }),
        note.created_at ? el('p', { class: 'zst-muted', text: '产生于 ' + when(note.created_at) }) : null,
        el('p', { class: 'zst-ops__error', text: '停止原因：' + (note.reason || '发送失败')
          + (HINTS[note.reason] ? '（' + HINTS[note.reason] + '）' : '') }),
        el('p', { class: 'zst-muted', text: '最后错误：' + (note.last_error || '未知') }),
        status),
      el('div', { class: 'weui-cell__ft' }, button));
    button.addEventListener('click', async () => {
      button.disabled = true;
      try {
        await api.post('/api/staff/notifications/' + encodeURIComponent(note.notification_id) + '/retry');
        status.textContent = '已重新发送，正在投递';
        status.className = 'zst-ops__status zst-ops__status_ok';
        item.classList.add('zst-ops__note_done');
        button.textContent = '已重新发送';
      } catch (error) {
        status.textContent = refusal(error);
        status.className = 'zst-ops__status zst-ops__status_error';
        if (error.code !== 'notification_not_parked') button.disabled = false;
      }
    });
    return item;
  }

  async function loadFailed() {
    const list = $('#ops-failed');
    let notes;
    try {
      notes = await api.get('/api/staff/notifications/failed?limit=' + limit);
    } catch (error) {
      clear(list).appendChild(el('div', { class: 'weui-cell' }, el('div', { class: 'weui-cell__bd zst-muted', text: error.message })));
      Z.showError(error);
      return;
    }
    clear(list);
    notes.forEach((note) => list.appendChild(row(note)));
    if (!notes.length) {
      list.appendChild(el('div', { class: 'weui-cell', id: 'ops-failed-empty' },
        el('div', { class: 'weui-cell__bd zst-muted', text: '没有发送失败的消息' })));
    }
    // The API pages by a growing limit only: a full page may have more behind it, up to its ceiling.
    show($('#ops-more-area'), notes.length === limit && limit < MAX_LIMIT);
  }

  $('#ops-lookup').addEventListener('submit', (event) => {
    event.preventDefault();
    find($('#ops-lawyer-id').value.trim());
  });
  $('#ops-issue').addEventListener('click', (event) => issue(event.currentTarget));
  $('#ops-copy-code').addEventListener('click', () => copy($('#ops-code-value').textContent, $('#ops-code-value'), '已复制绑定码'));
  $('#ops-copy-message').addEventListener('click', () => copy($('#ops-code-message').value, $('#ops-code-message'), '已复制说明'));
  $('#ops-more').addEventListener('click', () => {
    limit = Math.min(limit + PAGE, MAX_LIMIT);
    loadFailed();
  });

  loadFailed();
})(window);

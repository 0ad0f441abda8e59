/* The lawyer's workbench (/h5/lawyer): the inbox of questions waiting for this lawyer, their own
   answers, and one question (?consultation=ID, where notifications link) with the answer form —
   screened like the server does: ≥ 30 characters, no contact details, the server's 422 reason shown
   as it is — the answer editable until the citizen picks one, and the follow-up thread with reply. */
(function (root) {
  'use strict';

  const Z = root.ZST;
  const C = root.ZSTConsult;
  const { api, $, $$, el, show, hide, clear } = Z;
  const MIN = 30;
  const EDITABLE = ['answering', 'answered'];
  const REFRESH_MS = 30000;
  const chosen = new URLSearchParams(location.search).get('consultation');
  const path = chosen ? '/api/consultations/' + encodeURIComponent(chosen) : null;
  let names = {};
  let current = null;
  let editing = false;

  function minutesSince(iso) {
    return Math.max(0, Math.floor((Date.now() - new Date(iso).getTime()) / 60000));
  }

  function row(list, text) {
    list.appendChild(el('div', { class: 'weui-cell' }, el('div', { class: 'weui-cell__bd zst-muted', text: text })));
  }

  /* ---- the lists ---- */

  async function inbox() {
    const list = $('#lawyer-inbox');
    try {
      const items = await api.get('/api/lawyer/inbox');
      clear(list);
      items.forEach((d) => {
        const waited = minutesSince(d.dispatched_at);
        list.appendChild(el('a', { class: 'weui-cell weui-cell_active weui-cell_access zst-inbox__item',
          href: Z.base + '/h5/lawyer?consultation=' + encodeURIComponent(d.id) },
        el('div', { class: 'weui-cell__bd' },
          el('p', { class: 'zst-inbox__head' },
            d.bureau_name ? el('span', { class: 'zst-tag zst-tag_bureau', title: '提问所在的司法局', text: d.bureau_name }) : null,
            el('span', { class: 'zst-tag zst-tag_category', text: names[d.category] || d.category }),
            d.masked ? el('span', { class: 'zst-tag zst-tag_optional', text: '已隐去个人信息' }) : null),
          el('p', { class: 'zst-inbox__question', text: C.excerpt(d.question, 60) }),
          el('p', { class: 'zst-muted' + (waited >= 10 ? ' zst-overdue' : ''),
            text: '推送于 ' + Z.formatTime(d.dispatched_at) + ' · 已等待 ' + waited + ' 分钟' })),
        el('div', { class: 'weui-cell__ft', text: '去解答' })));
      });
      if (!items.length) row(list, '暂时没有待解答的咨询。有新咨询时会通过微信通知您。');
      const badge = $('#inbox-count');
      badge.textContent = String(items.length);
      show(badge, items.length > 0);
    } catch (error) {
      clear(list);
      row(list, error.message);
    }
  }

  async function answered() {
    const list = $('#lawyer-answers');
    try {
      const items = await api.get('/api/lawyer/answers');
      clear(list);
      items.forEach((a) => {
        list.appendChild(el('a', { class: 'weui-cell weui-cell_active weui-cell_access',
          href: Z.base + '/h5/lawyer?consultation=' + encodeURIComponent(a.consultation_id) },
        el('div', { class: 'weui-cell__bd' },
          el('p', { text: C.excerpt(a.body, 50) }),
          el('p', { class: 'zst-muted', text: '咨询 ' + a.consultation_id + ' · ' + Z.formatTime(a.created_at) + ' 解答' }),
          waitingMarker(a)),
        el('div', { class: 'weui-cell__ft' }, a.awarded ? el('span', { class: 'zst-badge-award', text: '中标' }) : '')));
      });
      if (!items.length) row(list, '还没有解答过咨询');
      showWaitingCount(items);
    } catch (error) {
      clear(list);
      row(list, error.message);
    }
  }

  function selectTab(tab) {
    $$('.zst-tabs_lawyer .zst-tabs__item').forEach((item) => {
      const on = item.dataset.tab === tab;
      item.classList.toggle('zst-tabs__item_on', on);
      item.setAttribute('aria-selected', String(on));
    });
    show($('#lawyer-inbox'), tab === 'inbox');
    show($('#lawyer-answers'), tab === 'answers');
    if (tab === 'answers') answered();
  }

  /* ---- citizens' follow-ups waiting for this lawyer (我的解答's badge, each answer's marker) ---- */

  function waitingMarker(a) {
    if (!a.awaiting_reply) return null;
    return el('p', { class: 'zst-waiting' }, el('span', { class: 'zst-waiting__tag', text: '市民追问待回复' }),
      a.followup_waiting_since ? ' ' + Z.formatTime(a.followup_waiting_since).slice(5) + ' 起' : '');
  }

  function showWaitingCount(items) {
    const count = items.filter((a) => a.awaiting_reply).length;
    const badge = $('#answers-waiting');
    badge.textContent = String(count);
    badge.setAttribute('aria-label', count + ' 条追问待回复');
    show(badge, count > 0);
  }

  async function waitingFollowups() {
    try {
      showWaitingCount(await api.get('/api/lawyer/answers'));
    } catch (error) {
      /* the badge is a hint: the list itself says what went wrong when opened */
    }
  }

  function isWaiting(answer) {
    const thread = (answer && answer.followups) || [];
    return thread.length > 0 && thread[thread.length - 1].author === 'citizen';
  }

  let threadOpened = false;
  function openWaitingThread(c) {
    // From the notice or the list: a follow-up waits, so the thread and the reply box are what to see.
    const mine = myAnswer(c);
    show($('#thread-waiting'), isWaiting(mine));
    if (threadOpened || !isWaiting(mine)) return;
    threadOpened = true;
    $('#thread-title').scrollIntoView({ block: 'start' });
  }

  /* ---- one question ---- */

  function refusal(box, error) {
    // A 422 names what was found (电话号码、微信号…): the lawyer must see exactly that.
    box.textContent = error.message;
    show(box);
    box.focus && box.focus({ preventScroll: false });
  }

  function myAnswer(c) {
    return (c.answers || []).find((a) => a.id === c.my_answer_id) || null;
  }


  function renderDetail(c) {
    current = c;
    const mine = myAnswer(c);
    const category = names[c.category] || c.category;
    document.title = '解答 · ' + category + ' · 掌上通';
    $('#detail-title').textContent = '市民的问题 · ' + category;
    Z.statusBadge($('#detail-status'), c.status, c.status_label);
    $('#detail-meta').textContent = '编号 ' + c.id + ' · ' + Z.formatTime(c.created_at) + ' 提问';
    show($('#detail-masked'), Boolean(c.masked));
    $('#detail-question').textContent = c.question;
    Z.uploads.showMedia($('#detail-photos'), c.attachments, '市民附带的照片');
    const canEdit = Boolean(mine) && !mine.awarded && !c.awarded_answer_id && EDITABLE.indexOf(c.status) >= 0;
    show($('#answer-section'), (!mine && c.can_answer) || (mine && editing && canEdit));
    show($('#answer-cancel'), Boolean(mine) && editing);
    $('#answer-submit').textContent = mine ? '保存修改' : '提交解答';
    show($('#my-answer-section'), Boolean(mine));
    if (mine) {
      clear($('#my-answer-body')).append(...C.cited(mine));
      $('#my-answer-time').textContent = Z.formatTime(mine.created_at) + ' 解答'
        + (mine.edited_at ? ' · ' + Z.formatTime(mine.edited_at) + ' 修改' : '') + (mine.awarded ? ' · 已被选为中标回答' : '');
      $('#my-answer').classList.toggle('zst-answer_awarded', Boolean(mine.awarded));
      show($('#answer-edit'), canEdit && !editing);
      const thread = clear($('#lawyer-thread'));
      if ((mine.followups || []).length) thread.appendChild(C.thread(mine.followups, 'lawyer'));
      else thread.appendChild(el('p', { class: 'zst-empty', text: '市民暂未追问。' }));
      show($('#reply-form'), c.status !== 'closed' && c.status !== 'refused');
    }
    const closed = $('#detail-closed');
    if (!mine && !c.can_answer) {
      closed.textContent = '该咨询已停止接收解答（已有足够的律师解答，或已选定中标回答），感谢您的关注。';
      show(closed);
    } else {
      hide(closed);
    }
  }

  async function loadDetail() {
    try {
      renderDetail(await api.get(path));
      openWaitingThread(current);
    } catch (error) {
      hide($('#answer-section'));
      hide($('#my-answer-section'));
      if (error.status === 404) {
        // As the citizen's page: a plain 未找到 in place of an empty question card.
        document.title = '未找到该咨询 · 掌上通';
        hide($('#detail-card'));
        show($('#detail-missing'));
        return;
      }
      Z.statusBadge($('#detail-status'), 'error', error.message);
      Z.showError(error);
    }
  }

  $('#answer-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const box = $('#answer-error');
    hide(box);
    const body = $('#answer-body').value.trim();
    if (C.meaningful(body) < MIN) {
      refusal(box, { message: '回答至少需要 ' + MIN + ' 个字（标点和空格不计），请写清依据和建议' });
      return;
    }
    const button = $('#answer-submit');
    C.busy(button, true);
    const mine = current && myAnswer(current);
    try {
      if (mine) await api.put(path + '/answers/' + encodeURIComponent(mine.id), { body: body });
      else await api.post(path + '/answers', { body: body });
      Z.toast(mine ? '解答已修改' : '解答已提交，市民会收到通知');
      editing = false;
      $('#answer-body').value = '';
      await loadDetail();
    } catch (error) {
      if (error.status === 422 || error.status === 400) refusal(box, error);
      else {
        Z.showError(error);
        if (error.status === 409) { editing = false; await loadDetail(); }
      }
    } finally {
      C.busy(button, false);
      $('#answer-submit').textContent = current && myAnswer(current) ? '保存修改' : '提交解答';
    }
  });

  $('#answer-edit').addEventListener('click', () => {
    const mine = myAnswer(current);
    editing = true;
    $('#answer-body').value = mine.body;
    hide($('#answer-error'));
    renderDetail(current);
    $('#answer-body').dispatchEvent(new Event('input'));  // count and height follow the text
    $('#answer-body').focus();
  });
  $('#answer-cancel').addEventListener('click', () => {
    editing = false;
    hide($('#answer-error'));
    renderDetail(current);
  });

  $('#reply-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const box = $('#reply-error');
    hide(box);
    const body = $('#reply-body').value.trim();
    if (!body) { Z.toptips('请填写回复内容'); return; }
    const mine = myAnswer(current);
    const button = $('#reply-submit');
    C.busy(button, true);
    try {
      await api.post(path + '/answers/' + encodeURIComponent(mine.id) + '/followups', { body: body });
      $('#reply-body').value = '';
      Z.toast('已回复，市民会收到通知');
      await loadDetail();
    } catch (error) {
      if (error.status === 422 || error.status === 400) refusal(box, error);
      else Z.showError(error);
    } finally {
      C.busy(button, false);
    }
  });

  C.liveCount($('#answer-body'), $('#answer-count'), $('#answer-tip'), MIN);
  C.autoGrow($('#answer-body'), 640);
  C.autoGrow($('#reply-body'));
  $$('.zst-tabs_lawyer .zst-tabs__item').forEach((item) => item.addEventListener('click', () => selectTab(item.dataset.tab)));

  C.categoryNames().then((found) => {
    names = found;
    if (path) {
      hide($('#lawyer-lists'));
      show($('#lawyer-detail'));
      loadDetail();
      // A new follow-up shows up without a reload, unless the lawyer is in the middle of writing.
      setInterval(() => {
        if (!document.hidden && !editing && !$('#reply-body').value && document.activeElement !== $('#answer-body')) loadDetail();
      }, REFRESH_MS);
    } else {
      inbox();
      waitingFollowups();
      setInterval(() => { if (!document.hidden && !$('#lawyer-inbox').classList.contains('zst-hidden')) inbox(); }, REFRESH_MS);
      setInterval(() => { if (!document.hidden) waitingFollowups(); }, REFRESH_MS);
    }
  });
})(window);

/* One consultation (/h5/consultations/{id}, and the staff view /h5/staff/consultations/{id}): its
   status, the question, each lawyer's answer with name, firm and stars, a follow-up thread (追问) per
   answer, the 中标 choice behind a confirmation dialog, then a 1–5 star rating. While lawyers may
   still answer, the page looks again every 15 s (typing and open threads survive a refresh). */
(function (root) {
  'use strict';

  const Z = root.ZST;
  const C = root.ZSTConsult;
  const { api, $, el, show, hide, clear } = Z;
  const data = Z.pageData();
  const path = '/api/consultations/' + encodeURIComponent(data.consultation_id);
  const LIVE = ['dispatching', 'answering', 'answered'];
  const REFRESH_MS = 15000;
  const STAR_WORDS = ['', '很不满意', '不满意', '一般', '满意', '非常满意'];
  const SOURCES = { duty: '值班律师', county: '本县', city: '本市', province: '本省', national: '全国' };
  const DISPATCH_STATES = { open: '待解答', answered: '已解答', released: '已停止接收' };
  const open = new Set();  // answers whose thread is unfolded
  const drafts = {};  // answer id -> what is typed in its follow-up box
  let current = null;
  let shown = '';
  let names = {};
  let awarding = null;

  function hint(c) {
    const n = (c.answers || []).length;
    switch (c.status) {
      case 'dispatching': return '正在为您分派律师，请稍候。';
      case 'answering': return n ? '已有 ' + n + ' 位律师解答，更多解答会陆续到来。您可以向律师追问，或选择最满意的一条作为中标回答。'
        : '问题已推送给律师，第一条解答通常在 10 分钟内到达，' + (data.follows === false ? '请稍后回到本页查看。' : '到达时会通过微信通知您。');
      case 'answered': return '已收到 ' + n + ' 位律师的解答。请选择最满意的一条作为中标回答，也可以先向律师追问。';
      case 'awarded': return c.rating ? '感谢您的评价。如有疑问，仍可向律师追问。' : '您已选定中标回答。请为律师的解答打分，仍可继续追问。';
      case 'closed': return '咨询已结束。如有新问题，欢迎再次咨询。';
      case 'refused': return '今天的咨询次数已达上限，本次咨询未能受理。请明天再来；紧急情况可拨打 12348 公共法律服务热线。';
      default: return '';
    }
  }

  /* Staff read the same page as an observer: facts, not advice to the citizen. */
  function staffHint(c) {
    const n = (c.answers || []).length;
    const sent = (c.dispatches || []).length;
    const facts = ['已推送 ' + sent + ' 位律师', n ? '已有 ' + n + ' 条解答' : '尚无解答'];
    if (c.status === 'awarded') facts.push('市民已选定中标回答' + (c.rating ? '并评价 ' + c.rating.stars + ' 星' : ''));
    if (c.close_reason) facts.push('结束原因：' + ({ unawarded: '到期未选择中标', unanswered: '到期无人解答' }[c.close_reason] || c.close_reason));
    if (c.payout_fen) facts.push('补贴 ¥' + (c.payout_fen / 100).toFixed(2));
    return facts.join('；') + '。';
  }

  function canFollowUp(c) {
    return c.viewer === 'citizen' && c.status !== 'closed' && c.status !== 'refused';
  }

  function followupForm(a) {
    const box = el('textarea', { class: 'weui-textarea zst-box-textarea', rows: '3', maxlength: '1000',
      'aria-label': '追问' + a.lawyer.name + '律师', placeholder: '向' + a.lawyer.name + '律师追问，例如补充事实或问清下一步怎么做' });
    box.value = drafts[a.id] || '';
    box.addEventListener('input', () => { drafts[a.id] = box.value; });
    requestAnimationFrame(() => C.autoGrow(box, 320));
    const button = el('button', { type: 'submit', class: 'weui-btn weui-btn_primary weui-btn_mini', text: '发送追问' });
    const form = el('form', { class: 'zst-thread__form', novalidate: true }, box, el('div', { class: 'zst-thread__send' }, button));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const body = box.value.trim();
      if (!body) { Z.toptips('请填写追问内容'); box.focus(); return; }
      C.busy(button, true);
      try {
        await api.post(path + '/answers/' + encodeURIComponent(a.id) + '/followups', { body: body });
        drafts[a.id] = '';
        Z.toast('追问已发送，律师会收到通知');
        await load();
      } catch (error) {
        Z.showError(error);
        C.busy(button, false);
      }
    });
    return form;
  }

  function answerCard(a, c) {
    const thread = a.followups || [];
    const me = c.viewer === 'lawyer' ? 'lawyer' : 'citizen';
    const actions = el('div', { class: 'zst-answer__actions' });
    const threadBox = el('div', { class: 'zst-thread' + (open.has(a.id) || thread.length ? '' : ' zst-hidden') });
    if (thread.length) threadBox.appendChild(C.thread(thread, me, c.viewer === 'staff' ? '市民' : null));
    if (canFollowUp(c)) {
      const formBox = el('div', { class: open.has(a.id) ? '' : 'zst-hidden' }, followupForm(a));
      threadBox.appendChild(formBox);
      actions.appendChild(el('button', { type: 'button', class: 'weui-btn weui-btn_default weui-btn_mini zst-followup-toggle',
        'aria-expanded': open.has(a.id) ? 'true' : 'false', text: open.has(a.id) ? '收起追问' : '追问',
        onclick: (event) => {
          const unfold = !open.has(a.id);
          if (unfold) open.add(a.id); else open.delete(a.id);
          show(formBox, unfold);
          show(threadBox, unfold || thread.length > 0);
          event.currentTarget.textContent = unfold ? '收起追问' : '追问';
          event.currentTarget.setAttribute('aria-expanded', String(unfold));
          if (unfold) $('textarea', formBox).focus();
        } }));
    }
    if (c.viewer === 'citizen' && c.can_award) {
      actions.appendChild(el('button', { type: 'button', class: 'weui-btn weui-btn_primary weui-btn_mini zst-award',
        text: '选为中标', onclick: () => askAward(a) }));
    }
    const edited = a.edited_at ? '（已修改）' : '';
    return el('article', { class: 'zst-answer' + (a.awarded ? ' zst-answer_awarded' : ''), id: 'answer-' + a.id },
      el('header', { class: 'zst-answer__hd' },
        el('span', { class: 'zst-avatar', 'aria-hidden': 'true', text: (a.lawyer.name || '律').slice(0, 1) }),
        el('div', { class: 'zst-answer__who' },
          el('p', { class: 'zst-answer__lawyer' }, (a.lawyer.name || '') + ' 律师',
            a.awarded ? el('span', { class: 'zst-badge-award', text: '中标' }) : null),
          el('p', { class: 'zst-answer__firm' }, el('span', { text: a.lawyer.firm || '' }),
            el('span', { class: 'zst-answer__stars', text: C.starsText(a.lawyer.stars) })))),
      el('div', { class: 'zst-answer__body' }, ...C.cited(a)),
      el('p', { class: 'zst-answer__time', text: Z.formatTime(a.created_at) + ' 解答' + edited }),
      actions.childNodes.length ? actions : null,
      threadBox);
  }

  function renderAnswers(c) {
    // A refresh rebuilds the cards: whoever was typing a follow-up keeps their cursor.
    const typing = document.activeElement && document.activeElement.closest && document.activeElement.closest('.zst-answer');
    const list = clear($('#cons-answers'));
    const answers = c.answers || [];
    $('#cons-answer-count').textContent = answers.length ? '（' + answers.length + '）' : '';
    answers.forEach((a) => list.appendChild(answerCard(a, c)));
    const again = typing && $('#' + typing.id + ' .zst-thread__form textarea');
    if (again) again.focus({ preventScroll: true });
    if (!answers.length) {
      list.appendChild(el('p', { class: 'zst-empty', text: c.status === 'closed' || c.status === 'refused'
        ? '没有律师解答。' : c.viewer === 'staff' ? '尚无律师解答。'
          : '律师正在解答，请稍候。' + (data.follows === false ? '' : '有新解答时会通过微信通知您。') }));
    }
  }

  function renderRating(c) {
    const panel = $('#cons-rating');
    const awarded = (c.answers || []).find((a) => a.awarded);
    if (c.viewer === 'lawyer' || (!c.rating && (c.viewer !== 'citizen' || c.status !== 'awarded' || !awarded))) {
      hide(panel);
      return;
    }
    show(panel);
    if (c.rating) {
      const rated = (c.answers || []).find((a) => a.lawyer.id === c.rating.lawyer_id) || awarded;
      hide($('#rating-form'));
      $('#rating-done-stars').textContent = '★★★★★'.slice(0, c.rating.stars) + '☆☆☆☆☆'.slice(c.rating.stars)
        + ' ' + STAR_WORDS[c.rating.stars] + (rated ? '（' + rated.lawyer.name + ' 律师）' : '');
      $('#rating-done-comment').textContent = c.rating.comment || '';
      show($('#rating-done'));
    } else {
      $('#rating-lawyer').textContent = '为中标律师的解答打分：' + C.lawyerLabel(awarded.lawyer);
      show($('#rating-form'));
      hide($('#rating-done'));
    }
  }

  function renderDispatches(c) {
    const list = $('#cons-dispatches');
    if (!list) return;
    clear(list);
    const answered = {};  // a lawyer whose profile is gone is still named by their answer
    (c.answers || []).forEach((a) => { answered[a.lawyer.id] = a.lawyer.name; });
    // In the order they were notified: by time, then tier (the duty lawyers, tier 0, come first).
    const order = (d) => d.dispatched_at + '#' + String(d.tier).padStart(2, '0');
    (c.dispatches || []).slice().sort((x, y) => (order(x) < order(y) ? -1 : 1)).forEach((d) => {
      list.appendChild(el('div', { class: 'weui-cell' },
        el('div', { class: 'weui-cell__bd' },
          el('p', { class: 'zst-dispatch__who', text: (d.name || answered[d.lawyer_id] || '律师') + (d.firm ? ' · ' + d.firm : '') }),
          el('p', { class: 'zst-muted zst-dispatch__id', text: '律师编号 ' + d.lawyer_id }),
          el('p', { class: 'zst-muted', text: (SOURCES[d.source] || d.source) + ' · 第 ' + d.tier + ' 级 · ' + Z.formatTime(d.dispatched_at) })),
        el('div', { class: 'weui-cell__ft', text: DISPATCH_STATES[d.state] || d.state })));
    });
    if (!(c.dispatches || []).length) list.appendChild(el('div', { class: 'weui-cell' }, el('div', { class: 'weui-cell__bd zst-muted', text: '尚未推送' })));
  }

  function render(c) {
    current = c;
    const category = names[c.category] || c.category;
    document.title = '法律咨询 · ' + category + ' · 掌上通';
    $('#cons-title').textContent = '法律咨询 · ' + category;
    Z.statusBadge($('#cons-status'), c.status, c.status_label);
    $('#cons-number').textContent = '编号 ' + c.id;
    $('#cons-hint').textContent = c.viewer === 'staff' ? staffHint(c) : hint(c);
    // A closed or refused consultation sends nothing more: no need to ask to follow.
    show($('#zst-follow-ask'), c.status !== 'closed' && c.status !== 'refused');
    show($('#cons-lawyer-note'), c.viewer === 'lawyer');
    // Its citizen may turn it into a document (_documents.html.j2): the links of its category
    Z.$$('[data-documents-for]').forEach((n) => show(n, c.viewer === 'citizen' && n.dataset.documentsFor === c.category));
    $('#cons-meta').textContent = category + ' · ' + Z.formatTime(c.created_at) + ' 提交'
      + (c.first_response_seconds !== null && c.first_response_seconds !== undefined
        ? ' · 首条解答用时' + (c.first_response_seconds < 60 ? '不到 1 分钟' : ' ' + Math.round(c.first_response_seconds / 60) + ' 分钟') : '');
    $('#cons-question').textContent = c.question;
    Z.uploads.showMedia($('#cons-photos'), c.attachments, '问题附带的照片');
    renderAnswers(c);
    renderRating(c);
    renderDispatches(c);
    // 委托律师: once lawyers have answered (or it is over), the citizen may retain a lawyer
    show($('#cons-commission'), c.viewer === 'citizen'
      && ((c.answers || []).length > 0 || ['answered', 'awarded', 'closed'].indexOf(c.status) >= 0));
  }


  /* What the page shows, without the links that change on every load — but with how many
     attachments have one: a chat file copied from WeChat since the last look must appear. */
  function seen(c) {
    return Z.uploads.withoutLinks(c) + '|' + (c.attachments || []).filter((a) => a.url).length;
  }

  async function load() {
    const c = await api.get(path);
    const text = seen(c);
    if (text !== shown) {  // nothing new: leave the page (and the reader's place) alone
      shown = text;
      render(c);
    }
    return c;
  }

  /* ---- 中标 ---- */

  function askAward(a) {
    awarding = a;
    $('#award-dialog-text').textContent = '选为中标回答：' + C.lawyerLabel(a.lawyer) + '？'
      + '每条咨询只能选择一次，选定后不能更改，其他律师将停止解答。';
    show($('#award-dialog'));
    $('#award-confirm').focus();
  }

  function closeDialog() {
    awarding = null;
    hide($('#award-dialog'));
  }

  $('#award-cancel').addEventListener('click', closeDialog);
  $('#award-dialog .weui-mask').addEventListener('click', closeDialog);
  document.addEventListener('keydown', (event) => { if (event.key === 'Escape' && awarding) closeDialog(); });
  $('#award-confirm').addEventListener('click', async () => {
    const button = $('#award-confirm');
    if (!awarding || button.disabled) return;
    button.disabled = true;
    try {
      const c = await api.post(path + '/award', { answer_id: awarding.id });
      closeDialog();
      shown = seen(c);
      render(c);
      Z.toast('已选定中标回答');
      $('#cons-rating').scrollIntoView({ block: 'start' });
    } catch (error) {
      closeDialog();
      Z.showError(error);
      if (error.status === 409) load().catch(() => null);
    } finally {
      button.disabled = false;
    }
  });

  /* ---- rating ---- */

  function paintStars(value) {
    document.querySelectorAll('#rating-stars .zst-star').forEach((star) => {
      star.classList.toggle('zst-star_on', Number(star.dataset.stars) <= value);
    });
    $('#rating-word').textContent = STAR_WORDS[value] || '';
  }
  $('#rating-stars').addEventListener('change', (event) => paintStars(Number(event.target.value)));
  $('#rating-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const chosen = $('#rating-stars input:checked');
    if (!chosen) { Z.toptips('请点击星星打分（1 到 5 星）'); return; }
    const button = $('#rating-submit');
    C.busy(button, true);
    const body = { stars: Number(chosen.value) };
    const comment = $('#rating-comment').value.trim();
    if (comment) body.comment = comment;
    try {
      await api.post(path + '/rating', body);
      Z.toast('感谢您的评价');
      await load();
    } catch (error) {
      Z.showError(error);
      if (error.status === 409) load().catch(() => null);
    } finally {
      C.busy(button, false);
    }
  });

  C.categoryNames().then((found) => {
    names = found;
    if (current) render(current);
  });
  load().catch((error) => {
    if (error.status === 404) {
      // Nothing to show but that: no empty question card, no "loading" answers.
      document.title = '未找到该咨询 · 掌上通';
      hide($('#cons-status-line'));
      hide($('#cons-content'));
      show($('#cons-missing'));
      return;
    }
    Z.statusBadge($('#cons-status'), 'error', error.message);
    clear($('#cons-answers'));
    Z.showError(error);
  });
  setInterval(() => {
    if (document.hidden || awarding || !current || LIVE.indexOf(current.status) < 0) return;
    load().catch(() => null);
  }, REFRESH_MS);
})(window);

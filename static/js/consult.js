/* The question form (/h5/consult): a category, the question with a live count, the county (the
   bureau's by default), up to 3 photos (consult-photos.js: sent by upload id with the question),
   and — once — the notice that the question is
   shared with lawyers. What is typed is kept in this browser until it is sent (photos are not); the
   daily limit (429) is said plainly. */
(function (root) {
  'use strict';

  const Z = root.ZST;
  const C = root.ZSTConsult;
  const P = root.ZSTConsultPhotos;
  const { api, $, el, show, hide, clear } = Z;
  const MIN = 10;
  const MAX = 2000;
  const DRAFT = 'zst:consult:draft';
  const ACCEPTED = 'zst:consult:notice-accepted';
  const form = $('#consult-form');
  const question = $('#consult-question');
  let noticeRequired = false;
  function store(key, value) {
    try { if (value === null) localStorage.removeItem(key); else localStorage.setItem(key, value); } catch (e) { /* private mode */ }
  }
  function stored(key) {
    try { return localStorage.getItem(key); } catch (e) { return null; }
  }

  function fieldError(name, text) {
    const box = $('#error-' + name);
    box.textContent = text || '';
    show(box, Boolean(text));
    const cell = name === 'question' ? $('#cell-question') : $('#consult-categories');
    cell.classList.toggle('weui-cell_warn', Boolean(text));
    cell.classList.toggle('zst-chips_warn', Boolean(text) && name === 'category');
  }

  function count() {
    const text = question.value;
    $('#consult-count').textContent = String(text.length);
    const missing = MIN - C.meaningful(text);
    $('#consult-question-tip').textContent = missing > 0 && text.trim()
      ? '还需再写 ' + missing + ' 个字（标点和空格不计）'
      : '至少 ' + MIN + ' 个字（标点和空格不计）。请勿填写身份证号、银行卡号等不必要的个人信息。';
    if (missing <= 0) fieldError('question', '');
  }

  async function categories() {
    const box = $('#consult-categories');
    const wanted = new URLSearchParams(location.search).get('category') || (JSON.parse(stored(DRAFT) || '{}').category);
    try {
      const list = await api.get('/api/categories');
      clear(box);
      list.forEach((c) => {
        const id = 'category-' + c.code;
        const input = el('input', { type: 'radio', name: 'category', value: c.code, id: id, class: 'zst-chip__input' });
        input.checked = c.code === wanted;
        input.addEventListener('change', () => { fieldError('category', ''); saveDraft(); });
        box.appendChild(el('span', { class: 'zst-chip' }, input, el('label', { for: id, class: 'zst-chip__label', text: c.name })));
      });
    } catch (error) {
      clear(box).appendChild(el('span', { class: 'zst-muted', text: '类别加载失败：' + error.message }));
    }
  }

  async function notice() {
    try {
      const found = await api.get('/api/consultation-notice');
      if (found.seen || stored(ACCEPTED)) {
        show($('#consult-notice-seen'));
        return;
      }
      $('#consult-notice-text').textContent = found.text;
      noticeRequired = true;
      show($('#consult-notice'));
    } catch (error) {
      if (error.status === 401) location.reload();  // the page signs in again
    }
  }

  function saveDraft() {
    const chosen = $('input[name=category]:checked');
    store(DRAFT, JSON.stringify({ question: question.value, category: chosen ? chosen.value : undefined }));
  }

  function check() {
    let first = null;
    const chosen = $('input[name=category]:checked');
    if (!chosen) { fieldError('category', '请选择问题类别'); first = first || $('#consult-categories'); }
    const text = question.value.trim();
    if (C.meaningful(text) < MIN) {
      fieldError('question', '问题至少需要 ' + MIN + ' 个字（标点和空格不计），请写清事情经过和您想问的');
      first = first || question;
    } else if (text.length > MAX) {
      fieldError('question', '问题最多 ' + MAX + ' 个字');
      first = first || question;
    }
    if (noticeRequired && !$('#consult-notice-agree').checked) {
      $('#consult-notice').classList.add('zst-consent_ask');
      Z.toptips('请先阅读咨询须知并勾选知晓');
      first = first || $('#consult-notice');
    }
    if (first) first.scrollIntoView({ block: 'center' });
    return first === null;
  }

  function showLimit(message) {
    $('#consult-limit-text').textContent = message;
    show($('#consult-limit'));
    hide(form);
    $('#consult-limit').focus();
    window.scrollTo(0, 0);
  }

  async function send(body) {
    try {
      const created = await api.post('/api/consultations', body);
      store(ACCEPTED, new Date().toISOString());
      store(DRAFT, null);
      location.href = Z.base + '/h5/consultations/' + encodeURIComponent(created.id);
      return true;
    } catch (error) {
      if (error.status === 429) showLimit(error.message);
      else if (P.refused(error)) { /* said next to that photo */ }
      else if (error.code === 'question_too_short' || error.code === 'question_too_long') fieldError('question', error.message);
      else if (error.code === 'unknown_category') fieldError('category', error.message);
      else if (error.status === 401) location.reload();
      else Z.showError(error);
      return false;
    }
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!check()) return;
    const button = $('#consult-submit');
    button.classList.add('weui-btn_loading');
    button.disabled = true;
    const body = { category: $('input[name=category]:checked').value, question: question.value.trim() };
    if ($('#consult-county').value) body.county = $('#consult-county').value;
    const ids = await P.ready();  // a photo still going up is waited for; a failed one is named
    if (ids && ids.length) body.photos = ids;
    if (ids !== null && await send(body)) return;
    button.classList.remove('weui-btn_loading');
    button.disabled = false;
  });

  question.addEventListener('input', () => { count(); saveDraft(); });
  $('#consult-notice-agree').addEventListener('change', (event) => {
    if (event.target.checked) $('#consult-notice').classList.remove('zst-consent_ask');
  });
  const draft = JSON.parse(stored(DRAFT) || '{}');
  if (draft.question && !question.value) question.value = draft.question;
  C.autoGrow(question);
  count();
  categories();
  notice();
})(window);

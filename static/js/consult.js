/* The question form (/h5/consult): a category, the question with a live count, the county (the
   bureau's by default), up to 3 photos (each straight to the bucket as soon as it is picked, with
   its progress; sent by upload id with the question), and — once — the notice that the question is
   shared with lawyers. What is typed is kept in this browser until it is sent (photos are not); the
   daily limit (429) is said plainly. */
(function (root) {
  'use strict';

  const Z = root.ZST;
  const C = root.ZSTConsult;
  const { api, $, el, show, hide, clear } = Z;
  const MIN = 10;
  const MAX = 2000;
  const DRAFT = 'zst:consult:draft';
  const ACCEPTED = 'zst:consult:notice-accepted';
  const form = $('#consult-form');
  const question = $('#consult-question');
  let noticeRequired = false;
  const MAX_PHOTOS = 3;
  const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/heic'];
  const photos = [];  // {file, li, state: uploading | done | failed, uploadId, done: Promise}

  function photoError(text) {
    const box = $('#error-photos');
    box.textContent = text || '';
    show(box, Boolean(text));
  }

  function photoState(entry, state, text) {
    entry.state = state;
    entry.li.classList.toggle('weui-uploader__file_status', state !== 'done');
    entry.li.classList.toggle('zst-photo_failed', state === 'failed');
    entry.status.textContent = text || '';
    entry.status.setAttribute('aria-label', state === 'failed' ? '上传失败：' + text : text || '已上传');
  }

  function renumber() {
    photos.forEach((entry, i) => entry.remove.setAttribute('aria-label', '删除第 ' + (i + 1) + ' 张照片'));
    $('#photo-count').textContent = String(photos.length);
    show($('#photo-add'), photos.length < MAX_PHOTOS);
    const failed = photos.filter((p) => p.state === 'failed');
    photoError(failed.length ? failed.map((p) => '第 ' + (photos.indexOf(p) + 1) + ' 张：' + p.message).join('；') : '');
  }

  function removePhoto(entry) {
    photos.splice(photos.indexOf(entry), 1);
    entry.li.remove();
    if (entry.preview) URL.revokeObjectURL(entry.preview);
    renumber();  // its grant is left unused: the pending file expires with the bucket's rule
  }

  async function uploadPhoto(entry) {
    try {
      const type = Z.uploads.checkLocally(entry.file, PHOTO_TYPES);
      const grant = await api.post('/api/consultation-photos', {
        filename: entry.file.name.slice(-255) || 'photo', content_type: type, size: entry.file.size });
      await Z.uploads.postToBucket(grant, entry.file, (f) => photoState(entry, 'uploading', Math.round(f * 100) + '%'));
      entry.uploadId = grant.upload_id;
      photoState(entry, 'done');
    } catch (error) {
      if (error.status === 401) location.reload();
      entry.message = error.message;
      photoState(entry, 'failed', '失败');
    }
    renumber();
  }

  function addPhoto(file) {
    // Browsers draw JPEG and PNG; a HEIC photo (iPhone) or another file shows its kind instead.
    const type = Z.uploads.contentTypeOf(file);
    const drawn = type === 'image/jpeg' || type === 'image/png';
    const entry = { file: file, preview: drawn ? URL.createObjectURL(file) : null };
    entry.status = el('div', { class: 'weui-uploader__file-content zst-photo__status' });
    entry.remove = el('button', { type: 'button', class: 'zst-photo__remove', text: '×' });
    entry.remove.addEventListener('click', () => removePhoto(entry));
    entry.li = el('li', { class: 'weui-uploader__file zst-photo' },
      entry.preview ? el('img', { class: 'zst-photo__img', src: entry.preview, alt: file.name })
        : el('span', { class: 'zst-photo__name', text: (file.name.split('.').pop() || '').toUpperCase() }),
      entry.status, entry.remove);
    $('#consult-photos').appendChild(entry.li);
    photos.push(entry);
    photoState(entry, 'uploading', '0%');
    renumber();
    entry.done = uploadPhoto(entry);
  }

  async function photosReady() {
    await Promise.all(photos.map((p) => p.done));
    if (photos.some((p) => p.state !== 'done')) {
      photoError('有照片没有上传成功，请删除后重新添加：' + $('#error-photos').textContent);
      $('#cell-photos').scrollIntoView({ block: 'center' });
      return null;
    }
    return photos.map((p) => p.uploadId);
  }

  function photoRefused(error) {
    const uploadId = error.details && error.details.upload_id;
    const entry = photos.find((p) => p.uploadId && p.uploadId === uploadId);
    if (!entry) return false;
    entry.message = error.message;
    photoState(entry, 'failed', '失败');
    renumber();
    $('#cell-photos').scrollIntoView({ block: 'center' });
    return true;
  }

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
      else if (photoRefused(error)) { /* said next to that photo */ }
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
    const ids = await photosReady();  // a photo still going up is waited for; a failed one is named
    if (ids && ids.length) body.photos = ids;
    if (ids !== null && await send(body)) return;
    button.classList.remove('weui-btn_loading');
    button.disabled = false;
  });

  question.addEventListener('input', () => { count(); saveDraft(); });
  $('#photo-input').addEventListener('change', (event) => {
    const picked = Array.from(event.target.files || []);
    event.target.value = '';  // choosing the same file again must fire `change` again
    const room = MAX_PHOTOS - photos.length;
    picked.slice(0, room).forEach(addPhoto);
    if (picked.length > room) Z.toptips('最多附 ' + MAX_PHOTOS + ' 张照片');
  });
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

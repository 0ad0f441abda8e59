/* The citizen home: a quick question to lawyers, the signed-in citizen's applications, and for a
   signed-in lawyer the way to their workbench. */
(function (root) {
  'use strict';

  const Z = root.ZST;
  const V = root.ZSTValidate;
  const { api, $, el, clear, show } = Z;
  const MIN_QUESTION = 10;
  const MEANINGFUL = /[\p{L}\p{N}]/gu;  // what the server counts towards the minimum
  const specs = {
    category: { kind: 'select', required: true, options: [] },
    question: { kind: 'textarea', required: true, max_length: 2000 },
  };
  const EMPTY = { category: '请选择问题类别', question: '请描述您遇到的问题' };

  function signInCell(list) {
    clear(list).appendChild(el('a', { class: 'weui-cell weui-cell_active weui-cell_access', href: Z.signInUrl() },
      el('div', { class: 'weui-cell__bd', text: '登录后查看我的办事进度' }), el('div', { class: 'weui-cell__ft' })));
  }

  async function mine() {
    const list = $('#zst-mine');
    try {
      const apps = await api.get('/api/applications');
      clear(list);
      apps.forEach((a) => list.appendChild(Z.applicationCell(a)));
      if (!apps.length) list.appendChild(el('div', { class: 'weui-cell' }, el('div', { class: 'weui-cell__bd zst-muted', text: '还没有办事申请' })));
    } catch (error) {
      if (error.status === 401) signInCell(list);
      else clear(list).appendChild(el('div', { class: 'weui-cell' }, el('div', { class: 'weui-cell__bd zst-muted', text: error.message })));
    }
  }

  async function categories() {
    try {
      const select = $('#ask-category');
      (await api.get('/api/categories')).forEach((c) => {
        select.appendChild(el('option', { value: c.code, text: c.name }));
        specs.category.options.push(c.code);
      });
    } catch (error) { /* the form still explains itself when sent */ }
  }

  /* A field's mistake in words next to it (the same rules as the server), '' when it is fine. */
  function problem(name) {
    const value = $('#ask-' + name).value;
    const message = V.check(specs[name], value, Z.today());
    if (message === '必填') return EMPTY[name];
    if (message || name !== 'question') return message;
    const meaningful = (value.match(MEANINGFUL) || []).length;
    return meaningful < MIN_QUESTION ? '请把问题描述得具体一些（至少 ' + MIN_QUESTION + ' 个字，标点和空格不计）' : '';
  }

  function fieldError(name, message) {
    const box = $('#error-ask-' + name);
    box.textContent = message || '';
    show(box, Boolean(message));
    $('#cell-ask-' + name).classList.toggle('weui-cell_warn', Boolean(message));
    $('#ask-' + name).setAttribute('aria-invalid', message ? 'true' : 'false');
  }

  ['category', 'question'].forEach((name) => {
    // Once shown, a message follows what is typed and goes when the field is right.
    $('#ask-' + name).addEventListener(name === 'category' ? 'change' : 'input', () => {
      if (!$('#error-ask-' + name).classList.contains('zst-hidden')) fieldError(name, problem(name));
    });
  });

  $('#zst-ask').addEventListener('submit', async (event) => {
    event.preventDefault();
    const wrong = ['category', 'question'].filter((name) => {
      fieldError(name, problem(name));
      return Boolean(problem(name));
    });
    if (wrong.length) { $('#ask-' + wrong[0]).focus(); return; }
    const category = $('#ask-category').value;
    const question = $('#ask-question').value.trim();
    try {
      const created = await api.post('/api/consultations', { category: category, question: question });
      location.href = Z.base + '/h5/consultations/' + encodeURIComponent(created.id);
    } catch (error) {
      if (error.status === 401) location.href = Z.signInUrl();
      else if (error.code === 'question_too_short' || error.code === 'question_too_long') fieldError('question', error.message);
      else if (error.code === 'unknown_category') fieldError('category', error.message);
      else Z.showError(error);
    }
  });

  async function lawyerLink() {
    try {
      const me = await api.get('/api/auth/me');
      if ((me.roles || []).includes('lawyer')) Z.show($('#zst-lawyer'));
    } catch (error) { /* a stranger or a citizen: the link stays hidden */ }
  }

  categories();
  mine();
  lawyerLink();
})(window);

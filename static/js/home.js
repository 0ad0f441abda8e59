/* The citizen home: a quick question to lawyers, the signed-in citizen's applications, and for a
   signed-in lawyer the way to their workbench. */
(function (root) {
  'use strict';

  const Z = root.ZST;
  const { api, $, el, clear } = Z;
  const MIN_QUESTION = 10;

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
      (await api.get('/api/categories')).forEach((c) => select.appendChild(el('option', { value: c.code, text: c.name })));
    } catch (error) { /* the form still explains itself when sent */ }
  }

  $('#zst-ask').addEventListener('submit', async (event) => {
    event.preventDefault();
    const category = $('#ask-category').value;
    const question = $('#ask-question').value.trim();
    if (!category) { Z.toptips('请选择问题类别'); return; }
    if (question.length < MIN_QUESTION) { Z.toptips('请把问题描述得具体一些（至少 ' + MIN_QUESTION + ' 个字）'); return; }
    try {
      const created = await api.post('/api/consultations', { category: category, question: question });
      location.href = Z.base + '/h5/consultations/' + encodeURIComponent(created.id);
    } catch (error) {
      if (error.status === 401) location.href = Z.signInUrl();
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

/* 热点普法 in the staff workspace (/h5/staff/topics, /h5/staff/topics/{id}): create a draft, edit it
   (version checked), preview the safe rendering (the server renders; the box gets its HTML, which
   chalicelib/guides/markdown.py escapes), publish now or at a China time, unpublish, pin, push.
   Plain ES2017. */
(function (root) {
  'use strict';

  const Z = root.ZST;
  const { $, $$, show } = Z;

  function fail(message) {
    const box = $('#topic-error');
    box.textContent = message;
    show(box);
    box.focus();
  }

  async function act(button, call) {
    if (button) button.disabled = true;
    try {
      const found = await call();
      return found;
    } catch (e) {
      if (button) button.disabled = false;
      fail(e.message);
      return null;
    }
  }

  const created = $('#topic-new');
  if (created) {
    created.addEventListener('submit', async (event) => {
      event.preventDefault();
      const found = await act($('#topic-create'), () => Z.api.post('/api/staff/topics', {
        title: $('#topic-new-title-input').value, body: $('#topic-new-body').value }));
      if (found) root.location.href = Z.base + '/h5/staff/topics/' + found.topic_id;
    });
    return;
  }

  const editor = $('#topic-editor');
  const id = editor.dataset.id;
  const version = () => Number(editor.dataset.version);
  const path = (tail) => '/api/staff/topics/' + encodeURIComponent(id) + (tail || '');
  const reload = (found) => { if (found) root.location.reload(); };

  function fields() {
    const laws = $$('.zst-topic-law', $('#topic-laws')).map((row) => {
      const article = $('.zst-topic-law__article', row).value;
      const ref = { law: $('.zst-topic-law__law', row).value };
      if (article) ref.article = Number(article);
      return ref;
    });
    return { title: $('#topic-title').value, body: $('#topic-body').value, laws: laws,
      plan_day: $('#topic-day').value || null, version: version() };
  }

  $('#topic-law-add').addEventListener('click', () => {
    $('#topic-laws').appendChild($('#topic-law-row').content.cloneNode(true));
  });
  $('#topic-laws').addEventListener('click', (event) => {
    if (event.target.classList.contains('zst-topic-law__remove')) event.target.closest('.zst-topic-law').remove();
  });
  $('#topic-preview').addEventListener('click', async () => {
    const found = await act(null, () => Z.api.post('/api/staff/topics/preview', { body: $('#topic-body').value }));
    if (found) $('#topic-preview-box').innerHTML = found.html;  // rendered and escaped by the server
  });
  $('#topic-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    reload(await act($('#topic-save'), () => Z.api.put(path(), fields())));
  });
  const on = (selector, handler) => { const node = $(selector); if (node) node.addEventListener('click', () => handler(node)); };
  on('#topic-publish', (b) => act(b, () => Z.api.post(path('/publish'), { version: version() })).then(reload));
  on('#topic-schedule', (b) => {
    const at = $('#topic-at').value;
    if (!at) { fail('请选择定时发布的时间'); return; }
    act(b, () => Z.api.post(path('/publish'), { version: version(), at: at.slice(0, 16) })).then(reload);
  });
  on('#topic-unpublish', (b) => {
    if (!root.confirm('撤回这篇文章？撤回后群众不再看到它。')) return;
    act(b, () => Z.api.post(path('/unpublish'), { version: version() })).then(reload);
  });
  on('#topic-pin', (b) => act(b, () => Z.api.post(path('/pin'),
    { version: version(), pinned: editor.dataset.pinned !== 'true' })).then(reload));
  on('#topic-push', (b) => {
    if (!root.confirm('把这篇文章群发给公众号的全部关注者？每篇只能推送一次，并占用本月的群发次数。')) return;
    act(b, () => Z.api.post(path('/push'))).then(reload);
  });
}(window));

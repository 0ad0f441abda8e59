/* The bureau's notices and guides (/h5/staff/content): the form goes to POST /api/staff/content, a
   withdrawal (after a confirm) to DELETE /api/staff/content/{slug}; the page then reloads its list.
   Plain ES2017. */
(function (root) {
  'use strict';

  const Z = root.ZST;
  const { $, show } = Z;
  const base = document.body.dataset.base || '';
  const FALLBACK = { 0: '网络连接失败，请检查网络后重试', 401: '登录已失效，请重新进入页面',
    403: '没有权限', 404: '没有这条内容' };

  function fail(message) {
    const box = $('#content-error');
    box.textContent = message;
    show(box);
    box.focus();
  }

  async function send(method, path, body) {
    let response;
    try {
      response = await fetch(base + path, { method: method, credentials: 'same-origin',
        headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
        body: body ? JSON.stringify(body) : undefined });
    } catch (e) {
      throw new Error(FALLBACK[0]);
    }
    let data = null;
    try { data = await response.json(); } catch (e) { data = null; }
    if (!response.ok) {
      const error = data && data.error;
      throw new Error((error && error.message) || FALLBACK[response.status] || '操作未成功（' + response.status + '）');
    }
    return data;
  }

  $('#content-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const button = $('#content-publish');
    const body = { kind: $('#content-kind').value, title: $('#content-title').value,
      body: $('#content-body').value };
    if ($('#content-published').value) body.published = $('#content-published').value;
    button.disabled = true;
    try {
      await send('POST', '/api/staff/content', body);
      root.location.reload();
    } catch (e) {
      button.disabled = false;
      fail(e.message);
    }
  });

  document.querySelectorAll('.zst-content__withdraw').forEach((button) => {
    button.addEventListener('click', async () => {
      if (!root.confirm('撤回“' + button.dataset.title + '”？撤回后群众不再看到它。')) return;
      button.disabled = true;
      try {
        await send('DELETE', '/api/staff/content/' + encodeURIComponent(button.dataset.slug));
        root.location.reload();
      } catch (e) {
        button.disabled = false;
        fail(e.message);
      }
    });
  });
}(window));

/* The bureau's notices and guides (/h5/staff/content): the form goes to POST /api/staff/content, a
   withdrawal (after a confirm) to DELETE /api/staff/content/{slug}; the page then reloads its list.
   Plain ES2017. */
(function (root) {
  'use strict';

  const Z = root.ZST;
  const { $, show } = Z;

  function fail(message) {
    const box = $('#content-error');
    box.textContent = message;
    show(box);
    box.focus();
  }

  $('#content-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const button = $('#content-publish');
    const body = { kind: $('#content-kind').value, title: $('#content-title').value,
      body: $('#content-body').value };
    if ($('#content-published').value) body.published = $('#content-published').value;
    button.disabled = true;
    try {
      await Z.api.post('/api/staff/content', body);
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
        await Z.api.del('/api/staff/content/' + encodeURIComponent(button.dataset.slug));
        root.location.reload();
      } catch (e) {
        button.disabled = false;
        fail(e.message);
      }
    });
  });
}(window));

/* The lawyer's portrait (/h5/lawyer/services): the chosen JPEG/PNG (≤ 2 MB) goes straight to the
   bucket under POST /api/lawyer/photo/grant, then PUT /api/lawyer/photo confirms it and the page
   reloads to show it; 删除头像 is DELETE /api/lawyer/photo. A refusal is shown under the box.
   Plain ES2017. */
(function (root) {
  'use strict';

  const Z = root.ZST;
  const { $, show, hide } = Z;
  const TYPES = ['image/jpeg', 'image/png'];
  const MAX_BYTES = 2 * 1024 * 1024;
  const input = $('#portrait-file');
  const status = $('#portrait-status');
  const box = $('#portrait-error');
  if (!input) return;

  function fail(message) {
    box.textContent = message;
    show(box);
    box.focus();
  }

  input.addEventListener('change', async () => {
    const file = input.files[0];
    if (!file) return;
    hide(box);
    try {
      const type = Z.uploads.checkLocally(file, TYPES);
      if (file.size > MAX_BYTES) { fail('头像不能超过 2 MB，请压缩后重新上传'); return; }
      input.disabled = true;
      const grant = await Z.api.post('/api/lawyer/photo/grant', {
        filename: file.name.slice(-255) || 'photo', content_type: type, size: file.size });
      await Z.uploads.postToBucket(grant, file, (f) => { status.textContent = '上传中 ' + Math.round(f * 100) + '%'; });
      await Z.api.put('/api/lawyer/photo', { upload_id: grant.upload_id });
      status.textContent = '头像已更新';
      root.location.reload();
    } catch (error) {
      if (error.status === 401) { root.location.reload(); return; }
      fail(error.message || '上传失败，请重试');
      input.disabled = false;
      input.value = '';
    }
  });

  const remove = $('#portrait-remove');
  if (remove) {
    remove.addEventListener('click', async () => {
      remove.disabled = true;
      try {
        await Z.api.del('/api/lawyer/photo');
        root.location.reload();
      } catch (error) {
        fail(error.message || '删除失败，请重试');
        remove.disabled = false;
      }
    });
  }
}(window));

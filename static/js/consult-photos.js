/* The photos of the question form (/h5/consult): up to 3, each straight to the bucket as soon as
   it is picked, with its progress, a remove button and its error by name. The form asks `ready()`
   for the upload ids when it sends, and `refused(error)` whether a refusal was about a photo. */
(function (root) {
  'use strict';

  const Z = root.ZST;
  const { api, $, el, show } = Z;
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
    const uploadId = ((error.details || [])[0] || {}).upload_id;
    const entry = photos.find((p) => p.uploadId && p.uploadId === uploadId);
    if (!entry) return false;
    entry.message = error.message;
    photoState(entry, 'failed', '失败');
    renumber();
    $('#cell-photos').scrollIntoView({ block: 'center' });
    return true;
  }

  $('#photo-input').addEventListener('change', (event) => {
    const picked = Array.from(event.target.files || []);
    event.target.value = '';  // choosing the same file again must fire `change` again
    const room = MAX_PHOTOS - photos.length;
    picked.slice(0, room).forEach(addPhoto);
    if (picked.length > room) Z.toptips('最多附 ' + MAX_PHOTOS + ' 张照片');
  });

  root.ZSTConsultPhotos = { ready: photosReady, refused: photoRefused };
})(window);

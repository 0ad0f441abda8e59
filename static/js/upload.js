/* Files go from the phone straight to the bucket: ask the app for a presigned POST, post the
   file to the bucket with XMLHttpRequest (fetch reports no upload progress), then the app checks
   size and first bytes before attaching it — a material on confirm, a consultation's photos when
   the question is sent. Each materials checklist row has its own progress bar and a retry button
   that starts over with a fresh grant. `photoStrip` shows stored photos as thumbnails that open
   full size. */
(function (root) {
  'use strict';

  const { api, el, $, $$, show, hide, clear } = root.ZST;
  const MAX_BYTES = 10 * 1024 * 1024;
  const BY_EXTENSION = { jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', heic: 'image/heic',
    heif: 'image/heic', pdf: 'application/pdf' };
  const ALIASES = { 'image/jpg': 'image/jpeg', 'image/pjpeg': 'image/jpeg', 'image/heif': 'image/heic' };
  // What the bucket says when it refuses a post (S3's error codes, enforced by SeaweedFS locally too).
  const BUCKET_MESSAGES = {
    EntityTooLarge: '文件超过 10 MB，请压缩后重新上传',
    EntityTooSmall: '文件是空的，请重新选择',
    AccessDenied: '上传授权已失效或与文件不符，请重试',
    SignatureDoesNotMatch: '上传授权无效，请重试',
    ExpiredToken: '上传授权已过期，请重试',
  };
  const TYPE_NAMES = { 'image/jpeg': 'JPG', 'image/png': 'PNG', 'image/heic': 'HEIC', 'application/pdf': 'PDF' };

  class FinalError extends Error {}  // retrying the same file cannot help

  function contentTypeOf(file) {
    const declared = ALIASES[file.type] || file.type;
    if (declared && declared !== 'application/octet-stream') return declared;
    const extension = (file.name.split('.').pop() || '').toLowerCase();
    return BY_EXTENSION[extension] || declared || '';
  }

  function sizeText(bytes) {
    if (bytes >= 1024 * 1024) return (bytes / 1024 / 1024).toFixed(1) + ' MB';
    return Math.max(1, Math.round(bytes / 1024)) + ' KB';
  }

  function bucketMessage(xhr) {
    const code = /<Code>([^<]+)<\/Code>/.exec(xhr.responseText || '');
    if (code && BUCKET_MESSAGES[code[1]]) return BUCKET_MESSAGES[code[1]];
    if (/expired/i.test(xhr.responseText || '')) return BUCKET_MESSAGES.ExpiredToken;
    return '上传未成功（' + xhr.status + '），请重试';
  }

  function postToBucket(grant, file, onProgress) {
    return new Promise((resolve, reject) => {
      const form = new FormData();
      Object.keys(grant.fields).forEach((name) => form.append(name, grant.fields[name]));
      form.append('file', file);  // last: S3 ignores every field after the file
      const xhr = new XMLHttpRequest();
      xhr.open('POST', grant.url);
      xhr.timeout = 10 * 60 * 1000;
      xhr.upload.onprogress = (event) => {
        if (event.lengthComputable) onProgress(event.loaded / event.total);
      };
      xhr.onload = () => {
        if (xhr.status >= 200 && xhr.status < 300) resolve();
        else reject(new Error(bucketMessage(xhr)));
      };
      xhr.onerror = () => reject(new Error('网络中断，文件没有传完，请重试'));
      xhr.ontimeout = () => reject(new Error('上传超时，请在网络较好时重试'));
      xhr.send(form);
    });
  }

  function checkLocally(file, accepted) {
    const type = contentTypeOf(file);
    if (accepted.indexOf(type) < 0) {
      const names = accepted.map((t) => TYPE_NAMES[t] || t).join('、');
      throw new FinalError('不支持这种文件，请上传 ' + names + ' 格式');
    }
    if (file.size > MAX_BYTES) throw new FinalError('文件超过 10 MB，请压缩后重新上传');
    if (file.size < 1) throw new FinalError('文件是空的，请重新选择');
    return type;
  }

  async function uploadFile(applicationId, material, file, contentType, onProgress, onStage) {
    const path = '/api/applications/' + encodeURIComponent(applicationId) + '/uploads';
    onStage('正在申请上传…');
    const grant = await api.post(path, { material: material, filename: file.name.slice(-255) || 'file',
      content_type: contentType, size: file.size });
    onStage('正在上传…');
    await postToBucket(grant, file, onProgress);
    onStage('正在核对文件…');
    const confirmed = await api.post(path + '/' + encodeURIComponent(grant.upload_id) + '/confirm', {});
    return confirmed.material;
  }

  /* Wire one checklist row. options.ready() resolves to the application id once uploads may start
     (draft saved, consent given) or rejects with the reason; options.onAttached(material). */
  function bindRow(row, options) {
    const code = row.dataset.material;
    const accepted = (row.dataset.accepted || '').split(',').filter(Boolean);
    const input = $('.zst-file', row);
    const retry = $('.zst-material__retry', row);
    const progress = $('.zst-material__progress', row);
    const bar = $('.weui-progress__inner-bar', row);
    const meter = $('.weui-progress__bar', row);
    const percent = $('.zst-material__percent', row);
    const status = $('.zst-material__status', row);
    const files = $('.zst-material__files', row);
    let failed = null;

    function setProgress(fraction) {
      const value = Math.round(Math.min(1, Math.max(0, fraction)) * 100);
      bar.style.width = value + '%';
      meter.setAttribute('aria-valuenow', String(value));
      percent.textContent = value + '%';
    }
    function setStatus(text, kind) {
      status.textContent = text;
      status.className = 'zst-material__status' + (kind ? ' zst-material__status_' + kind : '');
    }
    function addFile(m) {
      files.appendChild(el('li', { class: 'zst-material__file' },
        el('i', { class: 'weui-icon-success-no-circle zst-icon-small', 'aria-hidden': 'true' }),
        m.filename + '（' + sizeText(m.size) + '）'));
      row.classList.add('zst-material_done');
      $('.zst-material__pick-text', row).textContent = '继续上传';
    }

    async function start(file) {
      failed = null;
      hide(retry);
      row.classList.remove('zst-material_failed');
      row.classList.add('zst-material_busy');
      input.disabled = true;
      setStatus('');
      try {
        const type = checkLocally(file, accepted);
        const applicationId = await options.ready();
        setProgress(0);
        show(progress);
        const material = await uploadFile(applicationId, code, file, type, setProgress, setStatus);
        setProgress(1);
        addFile(material);
        setStatus('已上传', 'ok');
        if (options.onAttached) options.onAttached(material);
      } catch (error) {
        const final = error instanceof FinalError || error.code === 'consent_required' ||
          error.code === 'not_editable' || error.code === 'unsupported_content_type';
        setStatus(error.message, 'error');
        row.classList.add('zst-material_failed');
        if (!final) {
          failed = file;
          show(retry);
        } else {
          hide(progress);
        }
      } finally {
        row.classList.remove('zst-material_busy');
        input.disabled = false;
      }
    }

    input.addEventListener('change', () => {
      const file = input.files && input.files[0];
      input.value = '';  // choosing the same file again must fire `change` again
      if (file) start(file);
    });
    retry.addEventListener('click', () => { if (failed) start(failed); });
    return {
      code: code,
      showAttached(materials) { materials.filter((m) => m.code === code).forEach(addFile); },
      setEnabled(enabled) { row.classList.toggle('zst-material_locked', !enabled); },
    };
  }

  /* A consultation's stored photos ([{upload_id, url}], links valid for minutes) in `box`: thumbnails
     that open full size over the page (without script, the link opens it). Pages reload the view
     every few seconds with fresh links: the same photos keep their thumbnails (no download again),
     only the links they open are renewed. */
  function showPhotos(box, attachments, label) {
    const photos = (attachments || []).filter((a) => a.url);
    const ids = photos.map((p) => p.upload_id || p.msg_id).join(',');
    show(box, photos.length > 0);
    if (box.dataset.photos === ids) {
      $$('.zst-photo-strip__link', box).forEach((link, i) => { link.href = photos[i].url; });
      return;
    }
    box.dataset.photos = ids;
    const list = clear(box).appendChild(el('ul', { class: 'weui-uploader__files zst-photo-strip' }));
    photos.forEach((photo, i) => {
      const name = (label || '照片') + ' ' + (i + 1);
      const link = el('a', { class: 'zst-photo-strip__link', href: photo.url, target: '_blank', rel: 'noopener' },
        el('img', { class: 'zst-photo__img', src: photo.url, alt: name }));
      link.addEventListener('click', (event) => { event.preventDefault(); openPhoto(link.href, name); });
      list.appendChild(el('li', { class: 'weui-uploader__file zst-photo' }, link));
    });
  }

  /* Chat media arrive as kind and time, and gain a link once copied from WeChat: photos join the
     strip, voice notes (AMR, which browsers rarely play) are offered as a link to open or save. */
  function showMedia(box, attachments, label) {
    const all = attachments || [];
    const isVoice = (a) => a.kind === 'voice' || String(a.content_type || '').indexOf('audio/') === 0;
    showPhotos(box, all.filter((a) => !isVoice(a)), label);
    const voices = all.filter((a) => isVoice(a) && a.url);
    let list = box.nextElementSibling;
    if (!list || !list.classList.contains('zst-voices')) {
      list = el('ul', { class: 'zst-voices zst-hidden', 'aria-label': '语音留言' });
      box.parentNode.insertBefore(list, box.nextSibling);
    }
    clear(list);
    voices.forEach((v, i) => list.appendChild(el('li', {},
      el('a', { href: v.url, target: '_blank', rel: 'noopener', download: '',
                text: '语音留言 ' + (i + 1) + '（' + root.ZST.formatTime(v.received_at) + '，点击收听或下载）' }))));
    show(list, voices.length > 0);
  }

  /* The view without its photo links, which change on every load: to tell whether anything did. */
  function withoutLinks(view) {
    return JSON.stringify(Object.assign({}, view, {
      attachments: (view.attachments || []).map((a) => a.upload_id || a.received_at) }));
  }

  function openPhoto(url, name) {
    const close = el('button', { type: 'button', class: 'zst-gallery__close', text: '关闭' });
    const box = el('div', { class: 'zst-gallery', role: 'dialog', 'aria-modal': 'true', 'aria-label': name },
      el('img', { class: 'zst-gallery__img', src: url, alt: name }), close);
    const done = () => { box.remove(); document.removeEventListener('keydown', onKey); };
    const onKey = (event) => { if (event.key === 'Escape') done(); };
    box.addEventListener('click', done);
    document.addEventListener('keydown', onKey);
    document.body.appendChild(box);
    close.focus();
  }

  root.ZST.uploads = { bindRow, uploadFile, contentTypeOf, FinalError, postToBucket, checkLocally,
    sizeText, showPhotos, showMedia, withoutLinks };
})(window);

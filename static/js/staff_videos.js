/* 普法视频 in the staff workspace (/h5/staff/videos): create a video, upload its MP4 in parts
   straight to the presigned part URLs the server signs (then ask the server to complete and check
   it), post a cover or WebVTT subtitles to a presigned POST (then confirm), publish, unpublish.
   Plain ES2017. */
(function (root) {
  'use strict';

  const Z = root.ZST;
  const { $, $$, show } = Z;

  function fail(message) {
    const box = $('#video-error');
    box.textContent = message;
    show(box);
    box.focus();
  }

  const list = (text, sep) => text.split(sep).map((s) => s.trim()).filter(Boolean);
  const path = (row, tail) => '/api/staff/videos/' + encodeURIComponent(row.dataset.id) + (tail || '');
  const version = (row) => Number(row.dataset.version);

  $('#video-new').addEventListener('submit', async (event) => {
    event.preventDefault();
    const button = $('#video-create');
    button.disabled = true;
    try {
      await Z.api.post('/api/staff/videos', { title: $('#video-title').value, series: $('#video-series').value || null,
        tags: list($('#video-tags').value, /[,，]/), awards: list($('#video-awards').value, /[;；]/),
        summary: $('#video-summary').value });
      root.location.reload();
    } catch (e) { button.disabled = false; fail(e.message); }
  });

  async function putPart(part, blob) {
    const response = await fetch(part.url, { method: 'PUT', body: blob });
    if (!response.ok) throw new Error('第 ' + part.part_number + ' 段上传失败（' + response.status + '），请重试');
  }

  async function uploadVideo(row, file) {
    const progress = $('.zst-vdesk-progress', row);
    const plan = await Z.api.post(path(row, '/upload'), { version: version(row), content_type: file.type || 'video/mp4',
      size: file.size, filename: file.name });
    row.dataset.version = String(plan.version);  // starting moved the version on, even if a part fails
    show(progress);
    let done = 0;
    for (const part of plan.parts) {  // one at a time: a phone or a thin office line is not flooded
      await putPart(part, file.slice(part.start, part.end));
      done += part.end - part.start;
      progress.value = done / file.size;
    }
    await Z.api.post(path(row, '/upload/complete'), { version: plan.version, upload_id: plan.upload_id });
  }

  async function attach(row, kind, file) {
    const grant = await Z.api.post(path(row, '/files/' + kind), { content_type: file.type || 'text/vtt',
      size: file.size, filename: file.name });
    row.dataset.version = String(grant.version);  // the grant moved the version on, even if the file is refused
    const form = new FormData();
    Object.entries(grant.fields).forEach(([k, v]) => form.append(k, v));
    form.append('file', file);
    const response = await fetch(grant.url, { method: 'POST', body: form });
    if (!response.ok) throw new Error('文件上传失败（' + response.status + '），请检查大小和格式');
    await Z.api.post(path(row, '/files/' + kind + '/confirm'), { version: grant.version });
  }

  async function run(row, work) {
    $$('input, button', row).forEach((n) => { n.disabled = true; });
    try {
      await work();
      root.location.reload();
    } catch (e) {
      $$('input, button', row).forEach((n) => { n.disabled = false; });
      fail(e.message);
    }
  }

  $$('.zst-vdesk-row').forEach((row) => {
    $('.zst-vdesk-video', row).addEventListener('change', (e) => {
      if (e.target.files[0]) run(row, () => uploadVideo(row, e.target.files[0]));
    });
    $$('.zst-vdesk-attach', row).forEach((input) => input.addEventListener('change', (e) => {
      if (e.target.files[0]) run(row, () => attach(row, input.dataset.kind, e.target.files[0]));
    }));
    const publish = $('.zst-vdesk-publish', row);
    if (publish) publish.addEventListener('click', () => run(row, () => Z.api.post(path(row, '/publish'), { version: version(row) })));
    const unpublish = $('.zst-vdesk-unpublish', row);
    if (unpublish) unpublish.addEventListener('click', () => run(row, () => Z.api.post(path(row, '/unpublish'), { version: version(row) })));
  });
}(window));

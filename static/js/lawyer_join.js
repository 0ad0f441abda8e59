/* The lawyer's self-registration (/h5/lawyer/join): shows the latest request's state on return
   (pending, refused with the reason, approved); otherwise the form. The licence photo goes straight
   to the bucket (POST /api/lawyer/join/photo, after consent), then POST /api/lawyer/join. */
(function (root) {
  'use strict';

  const Z = root.ZST;
  const { api, $, $$, show } = Z;
  const TYPES = ['image/jpeg', 'image/png', 'image/heic'];
  const form = $('#lawyer-join');
  const consent = $('#join-consent');
  const input = $('#join-photo');
  const status = $('#join-photo-status');
  let photo = null;  // the upload id once the photo is in the bucket
  let uploading = null;

  function state(title, text) {
    $('#join-state-title').textContent = title;
    $('#join-state-text').textContent = text;
    show($('#join-state'));
  }

  function render(mine) {
    show($('#join-follow'), mine.follows !== true);
    if (mine.status === 'pending') {
      state('登记审核中', mine.name + '（执业证号 ' + mine.licence_no + '）的登记已于 ' +
        Z.formatTime(mine.created_at) + ' 提交，司法局审核后将通过律师服务号通知您。');
      show(form, false);
      return;
    }
    if (mine.status === 'approved') {
      state('登记已通过', '审核已通过。');
      const link = Z.el('a', { href: Z.base + '/h5/lawyer', id: 'join-workbench', text: '进入律师工作台' });
      $('#join-state-text').appendChild(link);
      show(form, false);
      return;
    }
    if (mine.status === 'refused') {
      state('登记未通过', '原因：' + mine.reason + '。请按原因修改后重新提交。');
      ['name', 'licence_no', 'firm'].forEach((field) => { form.elements[field].value = mine[field] || ''; });
      $$('input[name=counties], input[name=specialties]', form).forEach((box) => {
        box.checked = (mine.counties || []).concat(mine.specialties || []).indexOf(box.value) >= 0;
      });
    }
    show(form, mine.follows === true);
  }

  consent.addEventListener('change', () => {
    input.disabled = !consent.checked;
    if (!photo) status.textContent = consent.checked ? '请选择执业证照片' : '请先勾选同意上方告知，再选择照片（JPEG、PNG 或 HEIC，10 MB 以内）';
  });

  input.addEventListener('change', () => {
    const file = input.files[0];
    if (!file) return;
    photo = null;
    uploading = (async () => {
      try {
        const type = Z.uploads.checkLocally(file, TYPES);
        const grant = await api.post('/api/lawyer/join/photo', {
          filename: file.name.slice(-255) || 'licence', content_type: type, size: file.size, consent: true });
        await Z.uploads.postToBucket(grant, file, (f) => { status.textContent = '上传中 ' + Math.round(f * 100) + '%'; });
        photo = grant.upload_id;
        status.textContent = '照片已上传';
      } catch (error) {
        status.textContent = '上传失败：' + error.message;
      }
    })();
  });

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!consent.checked) { Z.toptips('请先阅读并同意个人信息处理告知'); return; }
    if (uploading) await uploading;
    if (!photo) { Z.toptips('请上传执业证照片'); return; }
    const body = {
      name: form.elements.name.value.trim(), licence_no: form.elements.licence_no.value.trim(),
      firm: form.elements.firm.value.trim(), photo: photo, consent: true,
      counties: $$('input[name=counties]:checked', form).map((i) => i.value),
      specialties: $$('input[name=specialties]:checked', form).map((i) => i.value),
    };
    if (!body.name || !body.licence_no || !body.firm) { Z.toptips('请填写姓名、执业证号和律所'); return; }
    if (!body.counties.length || !body.specialties.length) { Z.toptips('请选择服务县区和专长'); return; }
    try {
      render(await api.post('/api/lawyer/join', body));
      root.scrollTo(0, 0);
    } catch (error) {
      Z.showError(error);
    }
  });

  api.get('/api/lawyer/join').then(render, Z.showError);
})(window);

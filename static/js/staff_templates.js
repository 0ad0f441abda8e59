/* The bureau's own document templates (/h5/staff/templates): the .docx read in the browser and sent
   base64 with its field list (one line a field: 名称|标签|类型|必填|选项、选项) to POST
   /api/staff/templates; a refusal lists each difference between placeholders and fields. Plain ES2017. */
(function (root) {
  'use strict';

  const Z = root.ZST;
  const { $, show, el, clear } = Z;

  function fail(message, details) {
    const box = clear($('#tpl-error'));
    box.appendChild(el('p', { text: message }));
    (details || []).forEach((d) => box.appendChild(el('p', { text: (d.field ? d.field + '：' : '') + d.message })));
    show(box);
    box.focus();
  }

  function fields(text) {
    return text.split('\n').map((line) => line.trim()).filter(Boolean).map((line) => {
      const [name, label, kind, required, options] = line.split('|').map((part) => (part || '').trim());
      const field = { name: name, label: label || name, kind: kind || 'text', required: required === '必填' };
      if (options) field.options = options.split(/[、,，]/).map((o) => o.trim()).filter(Boolean);
      return field;
    });
  }

  function base64Of(file) {
    return new Promise((resolve, reject) => {
      const reader = new FileReader();
      reader.onload = () => resolve(String(reader.result).split(',')[1] || '');
      reader.onerror = () => reject(new Error('无法读取文件'));
      reader.readAsDataURL(file);
    });
  }

  $('#tpl-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const file = $('#tpl-file').files[0];
    if (!file) { fail('请选择 Word 文件（.docx）'); return; }
    if (file.size > 180 * 1024) { fail('模板文件不能超过 180 KB'); return; }
    const button = $('#tpl-upload');
    button.disabled = true;
    try {
      await Z.api.post('/api/staff/templates', { title: $('#tpl-title').value, category: $('#tpl-category').value,
        fields: fields($('#tpl-fields').value), docx: await base64Of(file) });
      root.location.reload();
    } catch (e) {
      button.disabled = false;
      fail(e.message, e.details);
    }
  });

  document.querySelectorAll('.zst-tpl__remove').forEach((button) => {
    button.addEventListener('click', async () => {
      if (!root.confirm('删除“' + button.dataset.title + '”？删除后群众不再看到它。')) return;
      button.disabled = true;
      try {
        await Z.api.del('/api/staff/templates/' + encodeURIComponent(button.dataset.id));
        root.location.reload();
      } catch (e) {
        button.disabled = false;
        fail(e.message);
      }
    });
  });
}(window));

/* A template's guided form (/h5/templates/{slug}): choices as buttons, every element checked as it
   is left and again on submit with the server's rules (validate.js; money here, as values.py), the
   server's 422 shown beside each field, and the DOCX downloaded. `?consultation=` / `?application=`
   pre-fill what the citizen's own record says. Plain ES2017, no build step. */
(function (root) {
  'use strict';

  const Z = root.ZST;
  const V = root.ZSTValidate;
  const { api, $, $$ } = Z;
  const data = Z.pageData();
  const form = $('#doc-form');
  const base = document.body.dataset.base || '';
  const MONEY = /^\d{1,13}(\.\d{1,2})?$/;
  const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
  const byName = {};
  data.fields.forEach((f) => { byName[f.name] = f; });

  function moneyProblem(text) {
    const cleaned = text.replace(/[,，\s]/g, '').replace(/^[¥￥]/, '').replace(/元$/, '');
    if (!MONEY.test(cleaned)) return '请填写金额（元），例如 12000 或 12000.50，最多两位小数';
    if (Number(cleaned) >= 1e12) return '金额过大，请核对';
    return '';
  }

  function problem(field, value) {
    if (!value.trim()) return field.required ? '必填' : '';
    if (field.kind === 'money') return moneyProblem(value);
    if (field.kind === 'number') return /^\d{1,9}$/.test(value.trim()) ? '' : '请填写整数';
    return V.check(field, value, Z.today());
  }

  function input(name) { return $('#field-' + name); }

  function setError(name, message) {
    const node = $('#error-' + name);
    if (!node) return;
    node.textContent = message || '';
    Z.show(node, Boolean(message));
    $('#cell-' + name).classList.toggle('doc-field_invalid', Boolean(message));
    if (!$$('.doc-field_invalid').length) Z.hide($('#doc-errors'));  // the summary goes with the last one
  }

  function setValue(name, value) {
    const node = input(name);
    if (!node) return;
    node.value = value;
    $$('.doc-choice', $('#cell-' + name)).forEach((b) => {
      b.setAttribute('aria-checked', String(b.dataset.value === value));
    });
  }

  function values() {
    const found = {};
    data.fields.forEach((f) => {
      const value = input(f.name).value.trim();
      if (value) found[f.name] = value;
    });
    return found;
  }

  function showProblems(problems) {
    const summary = $('#doc-errors');
    data.fields.forEach((f) => setError(f.name, ''));
    problems.forEach((p) => setError(p.field, p.message));
    if (!problems.length) { Z.hide(summary); return; }
    const labels = problems.slice(0, 3).map((p) => (byName[p.field] || {}).label || p.field);
    summary.textContent = '有 ' + problems.length + ' 项需要补充或更正：' + labels.join('、') +
      (problems.length > 3 ? '等' : '') + '。请查看标红的项目。';
    Z.show(summary);
    const first = $('#cell-' + problems[0].field) || summary;
    first.scrollIntoView({ block: 'center' });
  }

  function fileName(response) {
    const header = response.headers.get('Content-Disposition') || '';
    const m = /filename\*=UTF-8''([^;]+)/.exec(header);
    return m ? decodeURIComponent(m[1]) : data.title + '.docx';
  }

  async function make(event) {
    event.preventDefault();
    const given = values();
    const problems = data.fields.map((f) => ({ field: f.name, message: problem(f, given[f.name] || '') }))
      .filter((p) => p.message);
    showProblems(problems);
    if (problems.length) return;
    const button = $('#doc-make');
    button.disabled = true;
    try {
      const target = data.document_url || '/api/templates/' + encodeURIComponent(data.slug) + '/document';
      const response = await fetch(base + target, {
        method: 'POST', credentials: 'same-origin',
        // API Gateway answers a binary body only to an Accept that names it
        headers: { 'Content-Type': 'application/json', Accept: DOCX + ', application/json' },
        body: JSON.stringify({ values: given }),
      });
      if (!response.ok) {
        let error = null;
        try { error = (await response.json()).error; } catch (e) { error = null; }
        const named = ((error && error.details) || []).filter((d) => byName[d.field]);
        if (named.length) showProblems(named);  // beside each field, with the summary above the form
        else Z.toptips((error && error.message) || '生成失败，请稍后再试');
        return;
      }
      Z.hide($('#zst-toptips'));
      const name = fileName(response);
      const url = URL.createObjectURL(await response.blob());
      const link = document.createElement('a');
      link.href = url;
      link.download = name;
      document.body.appendChild(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60000);
      const done = $('#doc-done');
      done.textContent = '已生成《' + name + '》，请在手机的“下载”或“文件”中查看，打印后签字。';
      Z.show(done);
    } catch (error) {
      Z.toptips('网络不稳定，请稍后再试');
    } finally {
      button.disabled = false;
    }
  }

  async function prefill() {
    const query = new URLSearchParams(root.location.search);
    const banner = $('#doc-prefill');
    const kind = query.get('consultation') ? 'consultation' : (query.get('application') ? 'application' : null);
    if (!kind) return;
    try {
      const found = await api.get('/api/templates/' + encodeURIComponent(data.slug) + '/prefill?' + kind +
        '=' + encodeURIComponent(query.get(kind)));
      Object.keys(found.values).forEach((name) => setValue(name, found.values[name]));
      banner.textContent = '已根据您的' + (kind === 'consultation' ? '咨询' : '申请') + '填好 ' +
        Object.keys(found.values).length + ' 项，请核对。';
    } catch (error) {
      banner.textContent = error.status === 401 ? '登录后可自动填入您的咨询或申请中的信息。'
        : error.message + '，未能自动填写，请直接填写。';
    }
    Z.show(banner);
  }

  $$('.doc-choices').forEach((group) => {
    group.addEventListener('click', (event) => {
      const button = event.target.closest('.doc-choice');
      if (!button) return;
      const name = group.closest('.doc-field').dataset.field;
      const chosen = button.getAttribute('aria-checked') === 'true' ? '' : button.dataset.value;
      setValue(name, chosen);
      setError(name, problem(byName[name], chosen));
    });
  });
  data.fields.forEach((f) => {
    const node = input(f.name);
    if (node && node.type !== 'hidden') {
      // A mistake is named when the field is left; a named one updates (and goes) while it is
      // corrected, so nothing moves under the finger when the next field is tapped.
      node.addEventListener('blur', () => setError(f.name, problem(f, node.value)));
      node.addEventListener('input', () => {
        if ($('#cell-' + f.name).classList.contains('doc-field_invalid')) setError(f.name, problem(f, node.value));
      });
    }
  });
  form.addEventListener('submit', make);
  prefill();
})(window);

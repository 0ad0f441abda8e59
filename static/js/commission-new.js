/* The commission form (/h5/commissions/new?consultation=&lawyer=): checks what is required where it
   is typed, sends POST /api/commissions and opens the commission's status page. The contact goes
   only with the consent ticked (its presence is the consent the API records). */
(function (root) {
  'use strict';

  const Z = root.ZST;
  const { api, $, show } = Z;
  const data = Z.pageData();
  const form = $('#commission-form');
  const MOBILE = /^1[3-9][0-9]{9}$/;

  function fieldError(name, text) {
    const box = $('#error-' + name);
    if (!box) { if (text) Z.toptips(text); return; }
    box.textContent = text || '';
    show(box, Boolean(text));
    const cell = $('#cell-' + name) || (name === 'service' ? $('#new-services') : null);
    if (cell) {
      cell.classList.toggle('weui-cell_warn', Boolean(text));
      cell.classList.toggle('zst-chips_warn', Boolean(text) && name === 'service');
    }
  }

  function phoneDigits(text) {
    return text.replace(/[\s-]/g, '').replace(/^(\+?86)/, '');
  }

  function read() {
    const chosen = $('input[name=service]:checked');
    const body = { service: chosen ? chosen.value : '', summary: $('#new-summary').value.trim(),
      other_party: $('#new-other-party').value.trim() };
    if (data.consultation_id) body.consultation_id = data.consultation_id;
    if (data.lawyer_id) body.lawyer_id = data.lawyer_id;
    if (!data.category) body.category = $('#new-category').value;
    if (!data.county && $('#new-county') && $('#new-county').value) body.county = $('#new-county').value;
    const budget = $('#new-budget').value.trim();
    if (budget) body.budget = budget;
    body.contact = { name: $('#new-name').value.trim(), phone: $('#new-phone').value.trim() };
    return body;
  }

  function check(body) {
    const errors = {};
    if (!body.service) errors.service = '请选择需要律师做的事';
    if (!body.summary) errors.summary = '请简要说明情况，律师会据此决定是否接受';
    if (!data.category && !body.category) errors.category = '请选择法律事务类别';
    if (!body.other_party) errors.other_party = '请填写对方当事人的名称（公司全称或个人姓名）';
    if (!body.contact.name) errors.name = '请填写您的姓名';
    if (!body.contact.phone) errors.phone = '请填写手机号，律师确认后会用它联系您';
    else if (!MOBILE.test(phoneDigits(body.contact.phone))) errors.phone = '请填写 11 位手机号码';
    if (!$('#new-consent').checked) errors.consent = '请勾选同意：律师需要您的姓名和手机号才能联系您办理委托';
    return errors;
  }

  /* The summary carried from a consultation is read whole: the box grows with it (up to 420 px). */
  const summary = $('#new-summary');
  function grow() {
    summary.style.height = 'auto';
    summary.style.height = Math.min(Math.max(summary.scrollHeight, 120), 420) + 'px';
  }
  summary.addEventListener('input', grow);
  grow();

  ['service', 'summary', 'category', 'other_party', 'name', 'phone', 'consent'].forEach((name) => {
    form.addEventListener('input', (event) => {
      if (event.target.name === name || (name === 'consent' && event.target.id === 'new-consent')) fieldError(name, '');
    });
  });
  form.addEventListener('change', (event) => {
    if (event.target.name === 'service') fieldError('service', '');
    if (event.target.id === 'new-consent') fieldError('consent', '');
    if (event.target.id === 'new-category') fieldError('category', '');
  });

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const body = read();
    const errors = check(body);
    ['service', 'summary', 'category', 'other_party', 'name', 'phone', 'consent'].forEach((name) => fieldError(name, errors[name]));
    const first = Object.keys(errors)[0];
    if (first) {
      const node = $('#error-' + first);
      (node && node.closest('section') ? node.closest('section') : form).scrollIntoView({ block: 'start' });
      return;
    }
    const button = $('#new-submit');
    button.disabled = true;
    button.classList.add('weui-btn_loading');
    try {
      const made = await api.post('/api/commissions', body);
      location.href = Z.base + '/h5/commissions/' + encodeURIComponent(made.id);
    } catch (error) {
      const field = (error.details && error.details.field) || '';
      const name = { 'contact.phone': 'phone', 'contact.name': 'name' }[field] || field;
      if (name && $('#error-' + name)) {
        fieldError(name, error.message);
        $('#error-' + name).closest('section').scrollIntoView({ block: 'start' });
      } else {
        Z.showError(error);
      }
      button.disabled = false;
      button.classList.remove('weui-btn_loading');
    }
  });
})(window);

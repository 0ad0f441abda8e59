/* The staff console: the review queue by status (nearest due date first) and the application page —
   full personal data, materials through short-lived links, running deadlines, and the decisions
   the current status allows. */
(function (root) {
  'use strict';

  const Z = root.ZST;
  const { api, $, $$, el, show, hide, clear } = Z;
  const page = document.body.dataset.page;
  // Which decisions each status allows (chalicelib/applications/states.py decides; this only
  // avoids offering a form that would be refused).
  const ACTIONS = {
    submitted: ['accept', 'request_supplement', 'reject'],
    resubmitted: ['accept', 'request_supplement', 'reject'],
    supplement_requested: ['reject'],
    accepted: ['schedule', 'complete'],
    scheduled: ['complete'],
  };
  const DONE = { accept: '已受理', request_supplement: '已发送补正告知', schedule: '已预约', reject: '已作出不予受理决定', complete: '已办结' };

  function showMe() {
    api.get('/api/auth/me').then((me) => {
      $('#staff-me') && ($('#staff-me').textContent = '工作人员 ' + (me.staff_id || ''));
    }).catch(() => null);
  }

  /* ---- the queue ---- */

  function queue() {
    const status = new URLSearchParams(location.search).get('status') || 'submitted';
    $$('.zst-tabs__item').forEach((tab) => {
      const on = tab.dataset.status === status;
      tab.classList.toggle('zst-tabs__item_on', on);
      if (on) { tab.setAttribute('aria-current', 'page'); tab.scrollIntoView({ inline: 'center', block: 'nearest' }); }
    });
    const list = $('#staff-queue');
    api.get('/api/staff/applications?status=' + encodeURIComponent(status)).then((entries) => {
      clear(list);
      const today = Z.today();
      entries.forEach((a) => {
        const due = a.due ? String(a.due).slice(0, 10) : '';
        const notes = [];
        if (a.received_on) notes.push('收件 ' + Z.formatDay(a.received_on));
        if (a.supplement_due) notes.push('补正期限 ' + Z.formatDay(a.supplement_due));
        if (a.appointment) notes.push('预约 ' + Z.visitText(a.appointment));
        list.appendChild(el('a', { class: 'weui-cell weui-cell_active weui-cell_access zst-queue__item',
          href: Z.base + '/h5/staff/applications/' + encodeURIComponent(a.id) },
        el('div', { class: 'weui-cell__bd' },
          el('p', { class: 'zst-queue__who' }, el('strong', { class: 'zst-queue__applicant', text: a.applicant || '（未填姓名）' }),
            ' ' + a.name + ' ', a.fast_track ? el('span', { class: 'zst-tag zst-tag_required', text: '可先行援助' }) : null),
          el('p', { class: 'zst-muted zst-queue__due' + (due && due < today ? ' zst-overdue' : ''), text: due ? '办理期限 ' + Z.formatDay(due) + (due < today ? '（已逾期）' : '') : '' }),
          el('p', { class: 'zst-muted', text: notes.concat(['编号 ' + a.id]).join(' · ') })),
        el('div', { class: 'weui-cell__ft' })));
      });
      if (!entries.length) list.appendChild(el('div', { class: 'weui-cell' }, el('div', { class: 'weui-cell__bd zst-muted', text: '没有这一状态的申请' })));
    }).catch(Z.showError);
  }

  /* ---- one application ---- */

  const data = page === 'staff-application' ? Z.pageData() : {};
  const id = data.application_id;
  const types = {};
  (data.types || []).forEach((t) => { types[t.type] = t; });

  function optionLabel(spec, value) {
    const option = (spec.options || []).find((o) => (o && typeof o === 'object' ? o.value : o) === value);
    return option && typeof option === 'object' ? option.label : value;
  }

  function renderFields(app, service) {
    const list = clear($('#app-fields'));
    (service ? service.fields : []).forEach((spec) => {
      const value = (app.fields || {})[spec.name];
      if (value === undefined || value === null || value === '') return;
      list.appendChild(el('div', { class: 'weui-cell zst-field-view' },
        el('div', { class: 'weui-cell__hd zst-field-view__label', text: spec.label }),
        el('div', { class: 'weui-cell__bd zst-field-view__value', text: spec.kind === 'select' ? optionLabel(spec, value) : String(value) })));
    });
  }

  function renderMaterials(app) {
    const list = clear($('#app-materials'));
    (app.materials || []).forEach((m) => {
      const isImage = /^image\/(jpeg|png)$/.test(m.content_type);
      list.appendChild(el('div', { class: 'weui-cell zst-material-view' },
        isImage ? el('div', { class: 'weui-cell__hd' }, el('img', { class: 'zst-thumb', src: m.url, alt: m.name })) : null,
        el('div', { class: 'weui-cell__bd' }, el('p', { text: m.name }),
          el('p', { class: 'zst-muted', text: m.filename + ' · ' + Z.formatTime(m.attached_at) })),
        el('div', { class: 'weui-cell__ft' }, el('a', { href: m.url, target: '_blank', rel: 'noopener noreferrer', class: 'zst-open-material', text: '查看' }))));
    });
    if (!(app.materials || []).length) list.appendChild(el('div', { class: 'weui-cell' }, el('div', { class: 'weui-cell__bd zst-muted', text: '没有材料' })));
  }

  function renderDeadlines(app) {
    const list = clear($('#deadline-list'));
    if (app.fast_track) list.appendChild(el('li', { class: 'zst-overdue', text: '距诉讼时效或申请期限届满不足七日，可以先行提供法律援助（法律援助法第四十四条）' }));
    (app.deadlines || []).forEach((d) => {
      list.appendChild(el('li', { class: d.overdue ? 'zst-overdue' : '' },
        el('strong', { text: d.label + '：' + Z.formatDay(d.due) + (d.overdue ? '（已逾期）' : '') + (d.owed_by === 'citizen' ? '（申请人补正中）' : '') }),
        d.basis ? el('span', { class: 'zst-muted zst-block', text: d.basis }) : null));
    });
    show($('#app-deadlines'), list.children.length > 0);
  }

  function choice(key, label, missing) {
    const boxId = 'choice-' + key.replace(':', '-');
    return el('label', { class: 'weui-cell weui-cell_active weui-check__label', for: boxId },
      el('div', { class: 'weui-cell__hd' },
        el('input', { type: 'checkbox', class: 'weui-check', id: boxId, value: key, checked: missing }),
        el('i', { class: 'weui-icon-checked' })),
      el('div', { class: 'weui-cell__bd' }, el('p', { text: label + (missing ? '（未提交）' : '') })));
  }

  /* Materials first (what is usually missing); fields to correct folded away unless one is empty. */
  function renderSupplementChoices(app, service) {
    const box = clear($('#supplement-choices'));
    const attached = new Set((app.materials || []).map((m) => m.code));
    const values = app.fields || {};
    box.appendChild(el('p', { class: 'zst-choices-group', text: '材料' }));
    (service ? service.materials : []).forEach((m) => box.appendChild(choice('material:' + m.code, m.name, m.required && !attached.has(m.code))));
    const fields = service ? service.fields : [];
    const anyEmpty = fields.some((f) => f.required && !values[f.name]);
    box.appendChild(el('details', { class: 'zst-more-choices', open: anyEmpty },
      el('summary', { text: '填写内容需要更正的，也一并勾选' }),
      ...fields.map((f) => choice('field:' + f.name, f.label, f.required && !values[f.name]))));
  }

  /* The appointment: the service's offices by name (seeds/catalog.json), the open slots of the
     chosen one for four weeks, and 确认预约 only once a slot is chosen — with the reason when not. */
  function fillOffices(service) {
    const select = $('#slot-office');
    const offices = (service && service.offices) || [];
    if (select.dataset.type === (service && service.type)) return offices;
    select.dataset.type = service ? service.type : '';
    clear(select);
    offices.forEach((o) => select.appendChild(el('option', { value: o.code, text: o.name })));
    return offices;
  }

  function chosenOffice() {
    const service = types[(current || {}).type];
    return ((service && service.offices) || []).find((o) => o.code === $('#slot-office').value);
  }

  function scheduleReady() {
    const chosen = $('#slot-choices input:checked');
    const hint = $('#schedule-hint');
    $('#schedule-submit').disabled = !chosen;
    if (chosen) hint.textContent = '';
    else if ($('#slot-choices input')) hint.textContent = '请选择一个时段后再确认预约。';
  }

  async function loadSlots() {
    const box = clear($('#slot-choices'));
    const hint = $('#schedule-hint');
    const office = chosenOffice();
    $('#schedule-submit').disabled = true;
    if (!office) {
      hint.textContent = '该事项尚未设置办理地点，无法预约；请联系管理员在服务目录中添加。';
      return;
    }
    $('#open-address').value = $('#open-address').value || office.address;
    hint.textContent = '正在查询可预约的时段…';
    const from = Z.today();
    const to = new Date(Date.parse(from) + 27 * 86400000).toISOString().slice(0, 10);
    try {
      const slots = (await api.get('/api/staff/appointment-slots?office=' + encodeURIComponent(office.code) + '&from=' + from + '&to=' + to))
        .filter((s) => s.status === 'open');
      slots.forEach((s, i) => {
        box.appendChild(el('label', { class: 'weui-cell weui-cell_active weui-check__label', for: 'slot-' + i },
          el('div', { class: 'weui-cell__bd' }, el('p', { text: Z.visitText(s) }), s.address ? el('p', { class: 'zst-muted', text: s.address }) : null),
          el('div', { class: 'weui-cell__ft' },
            el('input', { type: 'radio', class: 'weui-check', name: 'slot', id: 'slot-' + i, value: JSON.stringify({ office: s.office, date: s.date, time: s.time }) }),
            el('span', { class: 'weui-icon-checked' }))));
      });
      if (!slots.length) {
        hint.textContent = office.name + '近四周没有可预约的时段，暂不能确认预约。请先在下方开放时段。';
        $('.zst-open-slots').open = true;
        return;
      }
      scheduleReady();
    } catch (error) {
      hint.textContent = '';
      box.appendChild(el('div', { class: 'weui-cell' }, el('div', { class: 'weui-cell__bd zst-overdue', text: error.message })));
    }
  }

  let current = null;

  function render(app) {
    current = app;
    const service = types[app.type];
    const applicant = (app.fields || {}).applicant_name;
    $('#app-title').textContent = (applicant ? applicant + ' · ' : '') + app.name;
    Z.statusBadge($('#app-status'), app.status, app.status_label);
    $('#app-number').textContent = '申请编号 ' + app.id + (app.received_on ? ' · 收件 ' + Z.formatDay(app.received_on) : '');
    renderDeadlines(app);
    renderFields(app, service);
    renderMaterials(app);
    if (app.supplement) {
      const s = app.supplement;
      const body = clear($('#supplement-body'));
      body.appendChild(el('p', { text: '告知日期 ' + Z.formatDay(s.requested_on) + '，补正期限 ' + Z.formatDay(s.due) + (s.answered_on ? '，已于 ' + Z.formatDay(s.answered_on) + ' 补正' : '') }));
      body.appendChild(el('ul', {}, ...s.items.map((i) => el('li', { text: i.label + (i.reason ? '（' + i.reason + '）' : '') }))));
      if (s.message) body.appendChild(el('p', { text: s.message }));
      show($('#app-supplement'));
    }
    if (app.appointment) {
      const a = app.appointment;
      $('#appointment-text').textContent = Z.visitText(a) + ' · ' + (a.address || a.office);
      show($('#app-appointment'));
    } else {
      hide($('#app-appointment'));
    }
    const allowed = ACTIONS[app.status] || [];
    $$('.zst-decision').forEach((f) => show(f, allowed.indexOf(f.dataset.action) >= 0));
    show($('#decisions-none'), !allowed.length);
    if (allowed.indexOf('request_supplement') >= 0) renderSupplementChoices(app, service);
    if (allowed.indexOf('schedule') >= 0) { fillOffices(service); loadSlots(); }
    Z.renderHistory($('#app-history'), app.history);
  }

  function decisionBody(form) {
    const action = form.dataset.action;
    const body = { action: action };
    const message = form.elements.message && form.elements.message.value.trim();
    if (message) body.message = message;
    if (action === 'reject') {
      body.reason = form.elements.reason.value.trim();
      if (!body.reason) throw new Error('请填写不予受理的理由');
    }
    if (action === 'request_supplement') {
      body.items = $$('#supplement-choices input:checked').map((box) => {
        const [kind, name] = box.value.split(':');
        return kind === 'material' ? { material: name } : { field: name };
      });
      if (!body.items.length) throw new Error('请勾选需要补充的事项');
      if (!message) throw new Error('请说明需要补充的原因和要求');
      // A half-typed date reads as '' (validity.badInput): say so rather than send no due date.
      if (form.elements.due.validity.badInput) throw new Error('补充期限的日期不完整，请填写完整的年、月、日');
      if (form.elements.due.value) body.due = form.elements.due.value;
    }
    if (action === 'schedule') {
      const chosen = $('#slot-choices input:checked');
      if (!chosen) throw new Error('请选择一个预约时段');
      body.slot = JSON.parse(chosen.value);
    }
    return body;
  }

  function bindDecisions() {
    $$('.zst-decision').forEach((form) => form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const button = $('button[type=submit]', form);
      let body;
      try { body = decisionBody(form); } catch (error) { Z.toptips(error.message); return; }
      button.classList.add('weui-btn_loading');
      button.disabled = true;
      try {
        await api.post('/api/staff/applications/' + encodeURIComponent(id) + '/decision', body);
        Z.toast(DONE[body.action]);
        form.reset();
        render(await api.get('/api/staff/applications/' + encodeURIComponent(id)));
      } catch (error) {
        Z.showError(error);
        if (error.status === 409) render(await api.get('/api/staff/applications/' + encodeURIComponent(id)));
      } finally {
        button.classList.remove('weui-btn_loading');
        button.disabled = false;
        if (body.action === 'schedule') scheduleReady();
      }
    }));
    $('#slot-office').addEventListener('change', () => { $('#open-address').value = ''; loadSlots(); });
    $('#slot-choices').addEventListener('change', scheduleReady);
    $('#open-slots').addEventListener('click', async () => {
      const times = $('#open-times').value.split(/[,，\s]+/).filter(Boolean);
      if (!$('#open-date').value) { Z.toptips($('#open-date').validity.badInput ? '开放日期不完整，请填写完整的年、月、日' : '请选择要开放时段的日期'); return; }
      if (!times.length) { Z.toptips('请填写要开放的时间，例如 09:00,09:30'); return; }
      try {
        await api.post('/api/staff/appointment-slots', { office: $('#slot-office').value,
          date: $('#open-date').value, times: times, address: $('#open-address').value.trim() || undefined });
        Z.toast('时段已开放');
        loadSlots();
      } catch (error) {
        Z.showError(error);
      }
    });
  }

  showMe();
  if (page === 'staff') queue();
  if (page === 'staff-application') {
    bindDecisions();
    api.get('/api/staff/applications/' + encodeURIComponent(id)).then(render).catch((error) => {
      Z.statusBadge($('#app-status'), 'error', error.status === 404 ? '没有找到该申请' : error.message);
    });
  }
})(window);

/* The application form: fields checked as they are typed, a draft kept on the server (and in this
   browser between saves) so closing the page loses nothing, consent before the first upload, the
   materials checklist, and submit answered with everything still missing. The same page finishes
   a request for supplements (?id= of an application in supplement_requested). */
(function (root) {
  'use strict';

  const Z = root.ZST;
  const V = root.ZSTValidate;
  const { api, $, $$, el, show, hide } = Z;
  const service = Z.pageData();
  const type = service.type;
  const form = $('#zst-apply');
  const STORE = 'zst:draft:' + type;
  const EDITABLE = ['draft', 'supplement_requested'];
  const SAVE_DELAY = 800;
  const specs = {};
  service.fields.forEach((f) => { specs[f.name] = f; });
  const inputs = {};
  $$('[data-kind]', form).forEach((input) => { inputs[input.name] = input; });
  // `revision` counts edits, `saved` the last one the server has: the draft is dirty between them.
  // (A flag cleared when a save starts would lose an edit when the page closes mid-save.)
  const state = { id: null, status: 'draft', consented: false, masked: {}, revision: 0, saved: 0,
    pending: new Set(), creating: null, saving: null, timer: null, triedSubmit: false, missing: [] };
  const dirty = () => state.revision !== state.saved;

  /* ---- the fields ---- */

  function collect() {
    const fields = {};
    Object.keys(inputs).forEach((name) => {
      let value = inputs[name].value.trim();
      if (specs[name].kind === 'id_number') value = value.toUpperCase();
      fields[name] = value;  // '' clears the stored value
    });
    return fields;
  }

  function fill(fields) {
    Object.keys(inputs).forEach((name) => {
      const value = fields[name];
      inputs[name].value = value === undefined || value === null ? '' : String(value);
      if (specs[name].kind === 'id_number' && V.isMasked(inputs[name].value)) state.masked[name] = inputs[name].value;
    });
  }

  function setError(name, message) {
    const box = $('#error-' + name);
    box.textContent = message;
    show(box, !!message);
    $('#cell-' + name).classList.toggle('weui-cell_warn', !!message);
    inputs[name].setAttribute('aria-invalid', message ? 'true' : 'false');
  }

  function problemOf(name) {
    const value = inputs[name].value;
    if (state.masked[name] && value === state.masked[name]) return '';  // the stored number stands
    return V.check(specs[name], value, Z.today());
  }

  function validate(name, quietIfEmpty) {
    const message = problemOf(name);
    setError(name, quietIfEmpty && message === '必填' ? '' : message);
    if (!message) settled({ kind: 'field', field: name });
    return message;
  }

  /* ---- the draft ---- */

  /* Only the fields the server does not have yet stay in this browser, and only until it has them:
     an ID number typed offline is kept, one already saved is not. */
  function saveLocal() {
    const fields = {};
    const all = collect();
    state.pending.forEach((name) => { fields[name] = all[name]; });
    const entry = dirty() ? { id: state.id, fields: fields, savedAt: Date.now() } : { id: state.id };
    try {
      localStorage.setItem(STORE, JSON.stringify(entry));
    } catch (e) { /* private mode or full: the server copy still counts */ }
  }
  function readLocal() {
    try { return JSON.parse(localStorage.getItem(STORE) || 'null'); } catch (e) { return null; }
  }
  function clearLocal() {
    try { localStorage.removeItem(STORE); } catch (e) { /* nothing kept */ }
  }

  function saveStatus(text) { $('#zst-save-status').textContent = text; }

  function adopt(app) {
    state.id = app.id;
    state.status = app.status;
    const params = new URLSearchParams(location.search);
    if (params.get('id') !== app.id) {
      params.set('id', app.id);
      history.replaceState(null, '', location.pathname + '?' + params.toString() + location.hash);
    }
    if (app.consent && app.consent.sensitive_data) markConsented(app.consent.at);
  }

  function ensureDraft(consent) {
    if (state.id) return Promise.resolve(state.id);
    if (!state.creating) {
      state.creating = api.post('/api/applications', { type: type, fields: collect(), consent: !!consent })
        .then((app) => { adopt(app); saveLocal(); return app.id; })
        .finally(() => { state.creating = null; });
    }
    return state.creating;
  }

  async function save(options) {
    clearTimeout(state.timer);
    if (state.saving) await state.saving.catch(() => null);
    if (!dirty()) return;
    const revision = state.revision;
    const sent = new Set(state.pending);
    saveStatus('正在保存…');
    state.saving = state.id
      ? api.patch('/api/applications/' + encodeURIComponent(state.id), { fields: collect() }, options)
      : ensureDraft(false);
    try {
      await state.saving;
      state.saved = Math.max(state.saved, revision);
      if (!dirty()) sent.forEach((name) => state.pending.delete(name));
      saveLocal();
      saveStatus('草稿已保存 ' + Z.formatClock(new Date().toISOString()));
    } catch (error) {
      saveStatus('暂未保存到服务器（' + error.message + '），内容已暂存在本机');
      throw error;
    } finally {
      state.saving = null;
    }
  }

  function changed(names) {
    names.forEach((name) => state.pending.add(name));
    state.revision += 1;
    saveLocal();
    saveStatus('有修改未保存…');
    clearTimeout(state.timer);
    state.timer = setTimeout(() => save().catch(() => null), SAVE_DELAY);
  }

  /* ---- consent (个人信息保护法 art. 29: separate consent before sensitive data is processed) ---- */

  const consentBox = $('#consent-checkbox');

  function markConsented(at) {
    state.consented = true;
    consentBox.checked = true;
    consentBox.disabled = true;
    $('#consent-status').textContent = '已于 ' + Z.formatTime(at) + ' 同意，可以上传材料。';
    $('#zst-consent').classList.add('zst-consent_given');
    rows.forEach((row) => row.setEnabled(true));
    settled({ kind: 'consent' });
  }

  function askForConsent() {
    const section = $('#zst-consent');
    section.scrollIntoView({ block: 'center' });
    section.classList.add('zst-consent_ask');
    setTimeout(() => section.classList.remove('zst-consent_ask'), 1500);
    Z.toptips('上传材料前，请先阅读并勾选同意个人信息处理告知');
  }

  consentBox.addEventListener('change', async () => {
    if (!consentBox.checked || state.consented) return;
    consentBox.disabled = true;
    try {
      await ensureDraft(true);
      if (!state.consented) {
        const app = await api.post('/api/applications/' + encodeURIComponent(state.id) + '/consent',
          { sensitive_data: true });
        markConsented(app.consent.at);
      }
    } catch (error) {
      consentBox.checked = false;
      consentBox.disabled = false;
      Z.showError(error);
    }
  });

  /* ---- materials ---- */

  const rows = $$('.zst-material', form).map((row) => Z.uploads.bindRow(row, {
    ready: async () => {
      if (!state.consented) {
        askForConsent();
        throw new Z.uploads.FinalError('请先同意个人信息处理告知，再上传材料');
      }
      return ensureDraft(true);
    },
    onAttached: () => settled({ kind: 'material', material: row.dataset.material }),
  }));
  rows.forEach((row) => row.setEnabled(false));
  $$('.zst-file', form).forEach((input) => input.addEventListener('click', (event) => {
    if (!state.consented) {
      event.preventDefault();
      askForConsent();
    }
  }));

  /* ---- submit ---- */

  function anchorOf(item) {
    if (item.kind === 'field') return 'cell-' + item.field;
    if (item.kind === 'material') return 'material-' + item.material;
    if (item.kind === 'consent') return 'zst-consent';
    return null;
  }

  function markMissing(details) {
    $$('.zst-material', form).forEach((row) => row.classList.remove('zst-material_missing'));
    details.filter((d) => d.kind === 'material').forEach((d) => {
      const row = $('#material-' + d.material);
      if (row) row.classList.add('zst-material_missing');
    });
  }

  function showMissing(details) {
    state.missing = details;
    details.filter((d) => d.kind === 'field' && inputs[d.field]).forEach((d) => setError(d.field, d.message));
    markMissing(details);
    Z.renderMissing($('#zst-missing'), details, anchorOf);
  }

  /* One thing submit said was missing is now there (a file uploaded, a field put right, consent
     given): its red mark and its line go; the list stays for what is still missing. */
  function settled(done) {
    const before = state.missing.length;
    state.missing = state.missing.filter((d) => anchorOf(d) !== anchorOf(done));
    if (state.missing.length === before) return;
    markMissing(state.missing);
    if (state.missing.length) Z.renderMissing($('#zst-missing'), state.missing, anchorOf, { quiet: true });
    else hide($('#zst-missing'));
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    state.triedSubmit = true;
    Object.keys(inputs).forEach((name) => validate(name, false));
    const button = $('#zst-submit');
    button.classList.add('weui-btn_loading');
    button.disabled = true;
    try {
      state.revision += 1;  // submit what is on the screen, saved or not
      await save();
      await api.post('/api/applications/' + encodeURIComponent(state.id) + '/submit', {});
      clearLocal();
      location.href = Z.base + '/h5/applications/' + encodeURIComponent(state.id);
    } catch (error) {
      if (error.status === 422 && error.details.length) showMissing(error.details);
      else Z.showError(error);
    } finally {
      button.classList.remove('weui-btn_loading');
      button.disabled = false;
    }
  });

  Object.keys(inputs).forEach((name) => {
    const input = inputs[name];
    input.addEventListener('input', () => {
      if (!$('#error-' + name).classList.contains('zst-hidden')) validate(name, !state.triedSubmit);
      changed([name]);
    });
    input.addEventListener('change', () => { validate(name, !state.triedSubmit); changed([name]); });
    input.addEventListener('blur', () => validate(name, !state.triedSubmit));
    if (specs[name].kind === 'id_number') {
      input.addEventListener('focus', () => { if (state.masked[name] && input.value === state.masked[name]) input.select(); });
    }
  });

  function flush() {
    saveLocal();
    if (dirty() && state.id) save({ keepalive: true }).catch(() => null);
  }
  document.addEventListener('visibilitychange', () => { if (document.visibilityState === 'hidden') flush(); });
  window.addEventListener('pagehide', flush);

  /* ---- a request for supplements, finished on this page ---- */

  function showSupplement(app) {
    const request = app.supplement;
    if (!request) return;
    const note = $('#zst-supplement-note');
    note.appendChild(el('strong', { text: '工作人员请您在 ' + Z.formatDay(request.due) + ' 前补充：' }));
    const list = el('ul');
    request.items.forEach((item) => {
      list.appendChild(el('li', { text: item.label + (item.reason ? '（' + item.reason + '）' : '') }));
      const target = $('#' + anchorOf(item));
      if (target) target.classList.add('zst-requested');
    });
    note.appendChild(list);
    if (request.message) note.appendChild(el('p', { text: request.message }));
    show(note);
    $('#zst-submit').textContent = '补充完毕，重新提交';
  }

  /* ---- start: the server's draft, else this browser's unsaved copy ---- */

  async function load() {
    const params = new URLSearchParams(location.search);
    const local = readLocal();
    let app = null;
    let reached = false;  // whether the server could say which draft is current
    try {
      const wanted = params.get('id') || (local && local.id);
      if (wanted) {
        app = await api.get('/api/applications/' + encodeURIComponent(wanted)).catch((error) => {
          if (error.status === 404) return null;
          throw error;
        });
      }
      if (app && (app.type !== type || EDITABLE.indexOf(app.status) < 0)) {
        if (params.get('id') === app.id) {
          location.replace(Z.base + '/h5/applications/' + encodeURIComponent(app.id));
          return;
        }
        app = null;
      }
      if (!app) {
        const mine = await api.get('/api/applications');
        const draft = mine.find((a) => a.type === type && a.status === 'draft');
        if (draft) app = await api.get('/api/applications/' + encodeURIComponent(draft.id));
      }
      reached = true;
    } catch (error) {
      Z.showError(error);
    }
    if (app) {
      fill(app.fields || {});
      adopt(app);
      rows.forEach((row) => row.showAttached(app.materials || []));
      if (app.status === 'supplement_requested') showSupplement(app);
      saveStatus('已恢复 ' + Z.formatTime(app.updated_at) + ' 保存的草稿，填写内容会自动保存。');
    }
    // What this browser kept and the server never got: typed offline, or before the page closed.
    const unsaved = local && local.fields && (app ? local.id === app.id : !local.id || !reached);
    if (unsaved) {
      if (!app && local.id) state.id = local.id;  // the server is out of reach: save there later
      fill(Object.assign({}, app ? app.fields : {}, local.fields));
      changed(Object.keys(local.fields));
    } else if (reached && !app && local) {
      clearLocal();
    }
    Object.keys(inputs).forEach((name) => { if (inputs[name].value) validate(name, true); });
  }

  load();
})(window);

/* The citizen's status page: where the application stands, its history, a request for supplements
   (which items, why, by when) answered right here — re-upload, then resubmit — and the booked visit. */
(function (root) {
  'use strict';

  const Z = root.ZST;
  const { api, $, el, show, hide, clear } = Z;
  const data = Z.pageData();
  const id = data.application_id;
  const path = '/api/applications/' + encodeURIComponent(id);
  const HINTS = {
    draft: '申请尚未提交。',
    submitted: '申请已提交，我们将依法审查，' + (data.follows === false ? '审查结果请回到本页查看。' : '结果会通过微信通知您。'),
    supplement_requested: '请按下方要求一次补齐材料后重新提交。',
    resubmitted: '您补充的材料已收到，我们将继续审查。',
    accepted: '申请已受理，我们将尽快与您预约到场时间或安排办理。',
    scheduled: '已为您预约到场时间，请按时携带材料原件前往，只需跑一次。',
    completed: '申请已办结。',
    rejected: '申请未获受理，理由见下方。',
    withdrawn: '申请已撤回。',
  };
  const typeByCode = {};
  (data.types || []).forEach((t) => { typeByCode[t.type] = t; });

  function materialRow(item, spec) {
    const row = document.importNode($('#zst-material-row').content, true).firstElementChild;
    row.id = 'material-' + item.material;
    row.dataset.material = item.material;
    if (spec && spec.accepted) {
      row.dataset.accepted = spec.accepted.join(',');
      $('.zst-file', row).setAttribute('accept', spec.accepted.join(',') + ',.jpg,.jpeg,.png,.heic,.pdf');
    }
    $('.zst-material__label', row).textContent = item.label;
    $('.zst-tag', row).textContent = '需补充';
    return row;
  }

  function renderSupplement(app, service) {
    const request = app.supplement;
    $('#supplement-due').textContent = Z.formatDay(request.due);
    $('#supplement-message').textContent = request.message || '';
    const items = clear($('#supplement-items'));
    const uploads = clear($('#supplement-materials'));
    const specs = {};
    (service ? service.materials : []).forEach((m) => { specs[m.code] = m; });
    request.items.forEach((item) => {
      const reason = item.reason ? '：' + item.reason : '';
      if (item.kind === 'material') {
        const row = materialRow(item, specs[item.material]);
        uploads.appendChild(row);
        const bound = Z.uploads.bindRow(row, { ready: async () => id, onAttached: () => settled(item.material) });
        bound.showAttached((app.materials || []).filter((m) => m.answers_supplement));
        items.appendChild(el('li', { text: item.label + reason }));
      } else {
        const edit = Z.base + '/h5/apply/' + encodeURIComponent(app.type) + '?id=' + encodeURIComponent(id) + '#cell-' + item.field;
        items.appendChild(el('li', {}, item.label + reason + ' ', el('a', { href: edit, text: '去修改' })));
      }
    });
    show($('#app-supplement'));
  }

  function renderMaterials(app) {
    const list = clear($('#app-materials'));
    (app.materials || []).forEach((m) => {
      list.appendChild(el('div', { class: 'weui-cell' },
        el('div', { class: 'weui-cell__bd' }, el('p', { text: m.name }),
          el('p', { class: 'zst-muted', text: m.filename })),
        el('div', { class: 'weui-cell__ft zst-time', text: Z.formatTime(m.attached_at) })));
    });
    if (!(app.materials || []).length) {
      list.appendChild(el('div', { class: 'weui-cell' }, el('div', { class: 'weui-cell__bd zst-muted', text: '尚未上传材料' })));
    }
  }

  function render(app) {
    const service = typeByCode[app.type];
    document.title = (app.name || '办理进度') + ' · 掌上通';
    $('#app-title').textContent = app.name || '办理进度';
    Z.statusBadge($('#app-status'), app.status, app.status_label);
    $('#app-number').textContent = '申请编号 ' + app.id;
    $('#app-hint').textContent = HINTS[app.status] || '';
    // Once nothing more will be decided there is no notice to wait for: no need to ask to follow.
    show($('#zst-follow-ask'), !['completed', 'rejected', 'withdrawn'].includes(app.status));
    if (app.status === 'supplement_requested' && app.supplement) renderSupplement(app, service);
    else hide($('#app-supplement'));
    if (app.appointment) {
      const a = app.appointment;
      $('#appointment-when').textContent = Z.visitText(a);
      $('#appointment-where').textContent = a.address || ('办理地点：' + a.office);
      show($('#app-appointment'));
    }
    if (app.status === 'rejected' && app.outcome) {
      $('#outcome-text').textContent = '不予受理。理由：' + app.outcome;
      show($('#app-outcome'));
    }
    const resume = $('#app-continue');
    if (app.status === 'draft') {
      resume.href = Z.base + '/h5/apply/' + encodeURIComponent(app.type) + '?id=' + encodeURIComponent(app.id);
      show(resume);
    }
    renderMaterials(app);
    // The templates of its service, opened pre-filled from this application (_documents.html.j2)
    Z.$$('[data-documents-for]').forEach((n) => show(n, n.dataset.documentsFor === app.type));
    Z.renderHistory($('#app-history'), app.history);
  }

  /* What resubmit said is missing, until each is uploaded: a file sent takes its line away. */
  let missing = [];
  function anchorOf(item) { return item.kind === 'material' ? 'material-' + item.material : null; }
  function settled(code) {
    missing = missing.filter((d) => !(d.kind === 'material' && d.material === code));
    if (missing.length) Z.renderMissing($('#zst-missing'), missing, anchorOf, { quiet: true });
    else hide($('#zst-missing'));
  }

  $('#app-resubmit').addEventListener('click', async (event) => {
    const button = event.currentTarget;
    button.classList.add('weui-btn_loading');
    button.disabled = true;
    try {
      const app = await api.post(path + '/submit', {});
      Z.toast('已重新提交');
      render(app);
      hide($('#zst-missing'));
    } catch (error) {
      if (error.status === 422 && error.details.length) {
        missing = error.details;
        Z.renderMissing($('#zst-missing'), missing, anchorOf);
      } else {
        Z.showError(error);
      }
    } finally {
      button.classList.remove('weui-btn_loading');
      button.disabled = false;
    }
  });

  api.get(path).then(render).catch((error) => {
    if (error.status === 404) {
      // Nothing to show but that: no empty materials list or history around it.
      document.title = '未找到该申请 · 掌上通';
      hide($('#app-status-line'));
      hide($('#app-content'));
      show($('#app-notfound'));
      return;
    }
    Z.statusBadge($('#app-status'), 'error', error.message);
    Z.showError(error);
  });
})(window);

/* Importing the lawyer roster (/h5/staff/lawyers/import): the chosen file goes as it is (its bytes,
   application/octet-stream, so a GBK CSV arrives unchanged) to POST /api/staff/lawyers/import, first
   with ?dry_run=1; the clerk sees every line's outcome, then applies the same file. Plain ES2017. */
(function (root) {
  'use strict';

  const Z = root.ZST;
  const { $, el, clear, show, hide } = Z;
  const base = document.body.dataset.base || '';
  const OUTCOMES = { created: '新建', updated: '更新', unchanged: '无变化', error: '未导入' };
  const FALLBACK = { 0: '网络连接失败，请检查网络后重试', 401: '登录已失效，请重新进入页面',
    403: '没有权限导入律师名册', 413: '文件过大，请分批导入', 422: '无法读取这个文件' };
  let previewed = null;  // the file the shown preview is of

  function fail(message) {
    const box = $('#roster-error');
    box.textContent = message;
    show(box);
    box.focus();
  }

  async function send(file, dryRun) {
    let response;
    try {
      response = await fetch(base + '/api/staff/lawyers/import' + (dryRun ? '?dry_run=1' : ''), {
        method: 'POST', credentials: 'same-origin', body: file,
        headers: { Accept: 'application/json', 'Content-Type': 'application/octet-stream' } });
    } catch (e) {
      throw new Error(FALLBACK[0]);
    }
    let data = null;
    try { data = await response.json(); } catch (e) { data = null; }
    if (!response.ok) {
      const error = data && data.error;
      throw new Error((error && error.message) || FALLBACK[response.status] || '导入未成功（' + response.status + '）');
    }
    return data;
  }

  function row(line, outcome, name, detail) {
    return el('div', { class: 'weui-cell zst-roster__line zst-roster__line_' + outcome },
      el('div', { class: 'weui-cell__hd zst-roster__no', text: '第 ' + line + ' 行' }),
      el('div', { class: 'weui-cell__bd' },
        name ? el('p', { class: 'zst-roster__name', text: name }) : null,
        detail ? el('p', { class: 'zst-roster__detail', text: detail }) : null),
      el('div', { class: 'weui-cell__ft' },
        el('span', { class: 'zst-roster__badge zst-roster__badge_' + outcome, text: OUTCOMES[outcome] })));
  }

  function render(report) {
    const list = clear($('#roster-lines'));
    const verb = report.dry_run ? '将' : '已';
    $('#roster-result-title').textContent = report.dry_run ? '预览结果（尚未写入）' : '导入结果';
    $('#roster-summary').textContent = verb + '新建 ' + report.created + ' 名，' + verb + '更新 ' +
      report.updated + ' 名，无变化 ' + report.unchanged + ' 名，未导入 ' + report.errors.length + ' 行。';
    const entries = report.lines.map((x) => ({ line: x.line, node: row(x.line, x.outcome,
      x.name + ' · ' + x.licence_no,
      x.outcome === 'updated' ? '变化：' + x.changes.join('、') : '') }))
      .concat(report.errors.map((e) => ({ line: e.line, node: row(e.line, 'error', '', e.message) })));
    entries.sort((a, b) => a.line - b.line).forEach((x) => list.appendChild(x.node));
    if (!entries.length) list.appendChild(el('div', { class: 'weui-cell' },
      el('div', { class: 'weui-cell__bd zst-muted', text: '文件中没有律师。' })));
    const apply = $('#roster-apply-area');
    show(apply, report.dry_run && report.created + report.updated > 0);
    show($('#roster-result'));
    $('#roster-result').scrollIntoView({ block: 'start' });  // on a phone it is below the format help
  }

  $('#roster-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    hide($('#roster-error'));
    const file = $('#roster-file').files[0];
    if (!file) { fail('请先选择名册文件（CSV 或 XLSX）。'); return; }
    const button = $('#roster-preview');
    button.disabled = true;
    try {
      render(await send(file, true));
      previewed = file;
    } catch (e) {
      hide($('#roster-result'));
      fail(e.message);
    } finally {
      button.disabled = false;
    }
  });

  $('#roster-file').addEventListener('change', () => {
    const file = $('#roster-file').files[0];
    $('#roster-chosen').textContent = file ? file.name : '未选择（CSV 或 XLSX）';
    previewed = null;
    hide($('#roster-result'));
  });

  $('#roster-apply').addEventListener('click', async () => {
    if (!previewed) return;
    const button = $('#roster-apply');
    button.disabled = true;
    try {
      render(await send(previewed, false));
      Z.toast('导入完成');
    } catch (e) {
      fail(e.message);
    } finally {
      button.disabled = false;
    }
  });
}(window));

/* Importing a later text of a law (/h5/staff/laws): the text (pasted or read from a .md file), the
   law and its effective date go to POST /api/staff/laws/{slug}/versions, first with ?dry_run=1; the
   admin reads what would be imported, then confirms. Plain ES2017. */
(function (root) {
  'use strict';

  const Z = root.ZST;
  const { $, show, hide } = Z;
  let checked = null;  // the body the shown report is of

  function body() {
    return { text: $('#law-text').value, effective_on: $('#law-effective').value };
  }

  function fail(error) {
    const box = $('#law-error');
    box.textContent = error.message || '导入未成功，请稍后再试';
    show(box);
    box.focus();
  }

  async function send(dryRun) {
    const slug = encodeURIComponent($('#law-slug').value);
    return Z.api.post('/api/staff/laws/' + slug + '/versions' + (dryRun ? '?dry_run=1' : ''), body());
  }

  function said(day) {  // 2027-01-01 → 2027年1月1日
    const [year, month, date] = day.split('-');
    return year + '年' + Number(month) + '月' + Number(date) + '日';
  }

  function report(found, done) {
    const title = $('#law-slug').selectedOptions[0].textContent;
    $('#law-report-title').textContent = done ? '已导入' : '检查结果';
    $('#law-report-text').textContent = title + '：' + found.article_count + ' 条，' + said(found.revised_on)
      + '修订，' + said(found.effective_on) + '起施行（' + found.status + '）。'
      + (done ? '到施行之日起，法律法规库显示这一版本，旧文本标为历史版本。' : '确认无误后点“确认导入”。');
    show($('#law-report'));
    show($('#law-apply'), !done);
  }

  $('#law-file').addEventListener('change', async (event) => {
    const file = event.target.files[0];
    if (file) $('#law-text').value = await file.text();
  });

  $('#law-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    hide($('#law-error'));
    hide($('#law-report'));
    if (!$('#law-effective').value || !$('#law-text').value.trim()) {
      fail(new Error('请选择施行日期并填写全文'));
      return;
    }
    try {
      checked = JSON.stringify([$('#law-slug').value, body()]);
      report(await send(true), false);
    } catch (error) {
      checked = null;
      fail(error);
    }
  });

  $('#law-apply').addEventListener('click', async () => {
    if (checked !== JSON.stringify([$('#law-slug').value, body()])) {
      fail(new Error('内容在检查后改动过，请重新检查'));
      return;
    }
    try {
      report(await send(false), true);
    } catch (error) {
      fail(error);
    }
  });
}(window));

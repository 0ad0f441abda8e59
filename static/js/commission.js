/* The citizen's commission (/h5/commissions/{id}): the page is rendered with its state; this script
   asks before each step (confirm / decline / cancel / push) in a dialog that says what it means,
   posts it, and shows the page again. Then the 1–5 star rating once the service is completed.
   Staff read the same page without the buttons: only the times are filled in. */
(function (root) {
  'use strict';

  const Z = root.ZST;
  const { api, $, show, hide } = Z;
  const data = Z.pageData();
  const path = '/api/commissions/' + encodeURIComponent(data.commission_id);
  const STAR_WORDS = ['', '很不满意', '不满意', '一般', '满意', '非常满意'];
  const lawyer = data.lawyer ? data.lawyer + ' 律师' : '该律师';
  const ASK = {
    confirm: ['确认委托' + lawyer + '？', data.contact
      ? '确认后，' + lawyer + '（仅这一位律师）将看到您的姓名和手机号 ' + data.phone + '，并联系您办理。确认后不能撤回。'
      : '确认后不能撤回。', '确认委托', '已确认委托，律师会联系您'],
    decline: ['拒绝这份报价？', '委托会转给其他律师，' + lawyer + '会收到通知。', '拒绝报价', '已拒绝，委托已转给其他律师'],
    cancel: ['撤回这项委托？', '撤回后律师不再看到这项委托。如仍需要律师，可以重新委托。', '撤回委托', '委托已撤回'],
    push: ['改由平台推送？', '委托会推送给本县星级较高的律师，第一位接受的律师会给出报价。', '开始推送', '已推送给本县律师'],
  };
  let pending = null;

  document.querySelectorAll('time[data-at]').forEach((node) => {
    node.textContent = Z.formatTime(node.dataset.at);
  });

  function ask(action) {
    const [title, text, yes] = ASK[action];
    pending = action;
    $('#comm-dialog-title').textContent = title;
    $('#comm-dialog-text').textContent = text;
    $('#comm-dialog-yes').textContent = yes;
    const reasons = $('#comm-decline-reasons');  // declining, the citizen may say why
    if (reasons) (action === 'decline' ? show : hide)(reasons);
    show($('#comm-dialog'));
    $('#comm-dialog-yes').focus();
  }

  function close() {
    pending = null;
    hide($('#comm-dialog'));
  }

  async function run() {
    const action = pending;
    const button = $('#comm-dialog-yes');
    if (!action || button.disabled) return;
    button.disabled = true;
    try {
      const reason = action === 'decline' ? $('input[name=decline-reason]:checked') : null;
      await api.post(path + '/' + action, reason ? { reason: reason.value } : undefined);
      close();
      Z.toast(ASK[action][3]);
      setTimeout(() => location.reload(), 600);
    } catch (error) {
      close();
      Z.showError(error);
      if (error.status === 409) setTimeout(() => location.reload(), 1500);
    } finally {
      button.disabled = false;
    }
  }

  document.querySelectorAll('#comm-actions [data-action]').forEach((button) => {
    button.addEventListener('click', () => ask(button.dataset.action));
  });
  if ($('#comm-dialog')) {
    $('#comm-dialog-no').addEventListener('click', close);
    $('#comm-dialog .weui-mask').addEventListener('click', close);
    $('#comm-dialog-yes').addEventListener('click', run);
    document.addEventListener('keydown', (event) => { if (event.key === 'Escape' && pending) close(); });
  }

  /* ---- rating ---- */
  const form = $('#rating-form');
  if (!form) return;
  function paintStars(value) {
    document.querySelectorAll('#rating-stars .zst-star').forEach((star) => {
      star.classList.toggle('zst-star_on', Number(star.dataset.stars) <= value);
    });
    $('#rating-word').textContent = STAR_WORDS[value] || '';
  }
  $('#rating-stars').addEventListener('change', (event) => {
    paintStars(Number(event.target.value));
    hide($('#error-stars'));
  });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const chosen = $('#rating-stars input:checked');
    if (!chosen) {
      $('#error-stars').textContent = '请点击星星打分（1 到 5 星）';
      show($('#error-stars'));
      return;
    }
    const button = $('#rating-submit');
    button.disabled = true;
    const body = { stars: Number(chosen.value) };
    const comment = $('#rating-comment').value.trim();
    if (comment) body.comment = comment;
    try {
      await api.post(path + '/rating', body);
      Z.toast('感谢您的评价');
      setTimeout(() => location.reload(), 600);
    } catch (error) {
      Z.showError(error);
      button.disabled = false;
      if (error.status === 409) setTimeout(() => location.reload(), 1500);
    }
  });
})(window);

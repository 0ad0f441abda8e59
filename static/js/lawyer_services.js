/* A lawyer's service items (/h5/lawyer/services): the ticked catalogue items, each a price range or
   面议 and what it includes, go to PUT /api/lawyer/services; the page then reloads. Plain ES2017. */
(function (root) {
  'use strict';

  const Z = root.ZST;
  const { $, $$, show } = Z;
  const form = $('#services-form');

  function fail(message) {
    const box = $('#services-error');
    box.textContent = message;
    show(box);
    box.focus();
  }

  function whole(input) {
    const text = input.value.trim();
    return /^[0-9]+$/.test(text) ? Number(text) : undefined;
  }

  function items() {
    return $$('.zst-offer-edit', form).filter((set) => $('.zst-offer-edit__on', set).checked).map((set) => {
      const code = set.dataset.code;
      const item = { code: code, includes: $('.zst-offer-edit__includes', set).value };
      if ($('input[name="kind-' + code + '"]:checked', set).value === 'negotiable') {
        item.negotiable = true;
      } else {
        item.min_yuan = whole($('.zst-offer-edit__min', set));
        item.max_yuan = whole($('.zst-offer-edit__max', set));
      }
      return item;
    });
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const button = $('#services-save');
    button.disabled = true;
    try {
      await Z.api.put('/api/lawyer/services', { items: items(), rev: Number(form.dataset.rev) });
      root.location.reload();
    } catch (e) {
      button.disabled = false;
      fail(e.message);
    }
  });
}(window));

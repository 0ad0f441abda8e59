/* The bureau's catalogue (/h5/staff/services): every row (the new one only when named) goes to
   PUT /api/staff/services at the revision the page showed; the page then reloads. Plain ES2017. */
(function (root) {
  'use strict';

  const Z = root.ZST;
  const { $, $$, show } = Z;
  const form = $('#catalogue-form');

  function fail(message) {
    const box = $('#catalogue-error');
    box.textContent = message;
    show(box);
    box.focus();
  }

  function items() {
    return $$('.zst-catalogue__row', form).filter((row) => row.dataset.code || $('.zst-catalogue__name', row).value.trim())
      .map((row) => {
        const item = { name: $('.zst-catalogue__name', row).value, active: $('.zst-catalogue__active', row).checked };
        const cap = $('.zst-catalogue__cap', row).value.trim();
        if (row.dataset.code) item.code = row.dataset.code;
        if (cap) item.cap_yuan = /^[0-9]+$/.test(cap) ? Number(cap) : cap;
        return item;
      });
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const button = $('#catalogue-save');
    button.disabled = true;
    try {
      await Z.api.put('/api/staff/services', { items: items(), rev: Number(form.dataset.rev) });
      root.location.reload();
    } catch (e) {
      button.disabled = false;
      fail(e.message);
    }
  });
}(window));

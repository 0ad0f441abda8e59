/* The bureau's catalogue (/h5/staff/services): every row (the new one only when named) goes to
   PUT /api/staff/services at the revision the page showed; the page then reloads. Plain ES2017. */
(function (root) {
  'use strict';

  const Z = root.ZST;
  const { $, $$, show } = Z;
  const form = $('#catalogue-form');

  function fail(error) {
    // A refusal naming an item (`items[n].name`, `items[n].cap_yuan`) outlines that field
    const field = ((error.details || [])[0] || {}).field || '';
    const found = /items\[(\d+)\]\.(name|cap_yuan)/.exec(field);
    const row = found ? rows()[Number(found[1])] : null;
    if (row) {
      const input = $(found[2] === 'name' ? '.zst-catalogue__name' : '.zst-catalogue__cap', row);
      input.classList.add('zst-catalogue__bad');
      input.setAttribute('aria-invalid', 'true');
    }
    const box = $('#catalogue-error');
    box.textContent = error.message;
    show(box);
    box.focus();
  }

  function rows() {
    return $$('.zst-catalogue__row', form).filter((row) => row.dataset.code || $('.zst-catalogue__name', row).value.trim());
  }

  function items() {
    return rows().map((row) => {
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
    $$('.zst-catalogue__bad', form).forEach((input) => {
      input.classList.remove('zst-catalogue__bad');
      input.removeAttribute('aria-invalid');
    });
    try {
      await Z.api.put('/api/staff/services', { items: items(), rev: Number(form.dataset.rev) });
      root.location.reload();
    } catch (e) {
      button.disabled = false;
      fail(e);
    }
  });
}(window));

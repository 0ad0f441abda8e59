/* The bureau's venues for its 诉讼指引 (/h5/staff/venues): rows are added from the <template>,
   removed, and the whole list goes to PUT /api/staff/venues with the version read. Plain ES2017. */
(function (root) {
  'use strict';

  const Z = root.ZST;
  const { $, $$, show } = Z;
  const form = $('#venues-form');

  function fail(message) {
    const box = $('#venues-error');
    box.textContent = message;
    show(box);
    box.focus();
  }

  form.addEventListener('click', (event) => {
    if (event.target.classList.contains('zst-venue__remove')) event.target.closest('.zst-venue').remove();
  });
  $('#venues-add').addEventListener('click', () => {
    $('#venues-rows').appendChild($('#venue-row').content.cloneNode(true));
  });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const venues = $$('.zst-venue', $('#venues-rows')).map((row) => ({
      kind: $('.zst-venue__kind', row).value, name: $('.zst-venue__name', row).value,
      address: $('.zst-venue__address', row).value, phone: $('.zst-venue__phone', row).value,
      hours: $('.zst-venue__hours', row).value, verified: $('.zst-venue__check', row).checked }));
    const button = $('#venues-save');
    button.disabled = true;
    try {
      await Z.api.put('/api/staff/venues', { venues: venues, version: Number(form.dataset.version) });
      root.location.reload();
    } catch (e) {
      button.disabled = false;
      fail(e.message);
    }
  });
}(window));

/* A lawyer's service items (/h5/lawyer/services): the ticked catalogue items, each a price range or
   面议 and what it includes, go to PUT /api/lawyer/services; the page then reloads. A refusal names
   an item (`items[n]…`): that item is outlined and the message shown inside it. Plain ES2017. */
(function (root) {
  'use strict';

  const Z = root.ZST;
  const { $, $$, show, hide } = Z;
  const form = $('#services-form');
  const sets = $$('.zst-offer-edit', form);

  function negotiable(set) {
    return $('input[name="kind-' + set.dataset.code + '"]:checked', set).value === 'negotiable';
  }

  function refresh(set) {
    set.classList.toggle('zst-offer-edit_off', !$('.zst-offer-edit__on', set).checked);
    $$('.zst-offer-edit__range input', set).forEach((input) => { input.disabled = negotiable(set); });
  }

  function ticked() {
    return sets.filter((set) => $('.zst-offer-edit__on', set).checked);
  }

  function clearErrors() {
    sets.forEach((set) => {
      set.classList.remove('zst-offer-edit_error');
      const note = $('.zst-offer-edit__error', set);
      if (note) note.remove();
    });
    hide($('#services-error'));
  }

  function fail(error) {
    const field = ((error.details || [])[0] || {}).field || '';
    const found = /items\[(\d+)\]/.exec(field);
    const set = found ? ticked()[Number(found[1])] : null;
    if (set) {
      set.classList.add('zst-offer-edit_error');
      $('.zst-offer-edit__body', set).appendChild(
        Z.el('p', { class: 'zst-offer-edit__error', role: 'alert', text: error.message }));
      set.scrollIntoView({ block: 'center' });
      return;
    }
    const box = $('#services-error');
    box.textContent = error.message;
    show(box);
    box.focus();
  }

  function whole(input) {
    const text = input.value.trim();
    return /^[0-9]+$/.test(text) ? Number(text) : undefined;
  }

  function item(set) {
    const value = { code: set.dataset.code, includes: $('.zst-offer-edit__includes', set).value };
    if (negotiable(set)) {
      value.negotiable = true;
    } else {
      value.min_yuan = whole($('.zst-offer-edit__min', set));
      value.max_yuan = whole($('.zst-offer-edit__max', set));
    }
    return value;
  }

  sets.forEach((set) => {
    refresh(set);
    set.addEventListener('change', () => refresh(set));
  });

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const button = $('#services-save');
    button.disabled = true;
    clearErrors();
    try {
      await Z.api.put('/api/lawyer/services', { items: ticked().map(item), rev: Number(form.dataset.rev) });
      root.location.reload();
    } catch (e) {
      button.disabled = false;
      fail(e);
    }
  });
}(window));

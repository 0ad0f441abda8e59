/* 长辈模式 (elder mode): larger type, bigger tap targets, fewer words. Loaded in <head>, before the
   page is drawn, so a page opened with the mode on never flashes small first. The choice is kept in
   localStorage and in a cookie (the cookie also reaches the server, for pages that may want it), and
   any checkbox marked data-elder-toggle switches it. */
(function (root) {
  'use strict';

  const KEY = 'zst-elder';
  const COOKIE = 'zst_elder';
  const YEAR = 365 * 24 * 3600;
  const html = root.document.documentElement;

  function stored() {
    try {
      const value = root.localStorage.getItem(KEY);
      if (value === '1' || value === '0') return value === '1';
    } catch (error) { /* storage may be off: the cookie still remembers */ }
    return new RegExp('(?:^|;\\s*)' + COOKIE + '=1(?:;|$)').test(root.document.cookie);
  }

  function care(on) {
    // WeUI's own 关怀模式 colours (stronger greys), which live on <body>
    if (root.document.body) root.document.body.toggleAttribute('data-weui-mode', false);
    if (root.document.body && on) root.document.body.setAttribute('data-weui-mode', 'care');
  }

  function apply(on) {
    html.classList.toggle('zst-elder', on);
    care(on);
  }

  function set(on) {
    try { root.localStorage.setItem(KEY, on ? '1' : '0'); } catch (error) { /* the cookie keeps it */ }
    root.document.cookie = COOKIE + '=' + (on ? '1' : '0') + '; path=/; max-age=' + YEAR + '; SameSite=Lax';
    apply(on);
    root.document.querySelectorAll('[data-elder-toggle]').forEach((box) => { box.checked = on; });
  }

  apply(stored());
  root.ZSTElder = { on: stored, set: set };

  root.document.addEventListener('DOMContentLoaded', () => {
    const on = stored();
    care(on);
    root.document.querySelectorAll('[data-elder-toggle]').forEach((box) => {
      box.checked = on;
      box.addEventListener('change', () => set(box.checked));
    });
  });
})(window);

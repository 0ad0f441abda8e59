/* The staff application page's access log, read when the clerk opens it (not on every view). */
(function (root) {
  'use strict';

  const Z = root.ZST;
  const box = Z.$('#app-access');
  let drawn = false;
  box.addEventListener('toggle', () => {
    if (!box.open || drawn) return;
    drawn = true;
    Z.accessLog.draw(Z.$('#app-access-list'), Z.pageData().application_id);
  });
}(window));

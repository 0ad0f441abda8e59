/* Local stage only: sign in as a citizen or a staff member through POST /dev/login (which sets the
   session cookie), then return to the page that asked. */
(function (root) {
  'use strict';

  const Z = root.ZST;
  const form = Z.$('#zst-signin');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      await Z.api.post('/dev/login', { role: form.elements.role.value, id: form.elements.id.value.trim() });
      location.replace(Z.base + form.dataset.next);
    } catch (error) {
      Z.showError(error);
    }
  });
})(window);

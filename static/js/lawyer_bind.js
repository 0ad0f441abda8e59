/* The lawyer binding page: a citizen session plus the bureau's one-time code becomes a lawyer session
   (POST /api/auth/bind-lawyer sets the new cookie), then the workbench opens. */
(function (root) {
  'use strict';

  const Z = root.ZST;
  const form = Z.$('#lawyer-bind');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const code = form.elements.code.value.trim();
    if (!code) { Z.toptips('请输入绑定码'); return; }
    try {
      await Z.api.post('/api/auth/bind-lawyer', { code: code });
      location.replace(Z.base + '/h5/lawyer');
    } catch (error) {
      Z.showError(error);
    }
  });
})(window);

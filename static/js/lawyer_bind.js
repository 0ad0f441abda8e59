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
    // The code's shape as the route declares it (chalicelib/auth/roles.py TYPED_CODE_PATTERN).
    if (!/^[\s-]*(?:[A-HJ-NP-Za-hj-np-z2-9][\s-]*){10}$/.test(code)) {
      Z.toptips('绑定码为 10 位字母和数字（不含 I、O、0、1），请核对后重新输入');
      return;
    }
    try {
      await Z.api.post('/api/auth/bind-lawyer', { code: code });
      location.replace(Z.base + '/h5/lawyer');
    } catch (error) {
      Z.showError(error);
    }
  });
})(window);

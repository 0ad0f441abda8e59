/* Joining as staff: a citizen session on the bureau's account plus the admin's one-time invite code
   becomes a staff session (POST /api/auth/join-staff sets the new cookie), then the staff home opens. */
(function (root) {
  'use strict';

  const Z = root.ZST;
  const form = Z.$('#staff-join');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const code = form.elements.code.value.trim();
    if (!code) { Z.toptips('请输入邀请码'); return; }
    // The code's shape as the route declares it (chalicelib/auth/roles.py TYPED_CODE_PATTERN).
    if (!/^[\s-]*(?:[A-HJ-NP-Za-hj-np-z2-9][\s-]*){10}$/.test(code)) {
      Z.toptips('邀请码为 10 位字母和数字（不含 I、O、0、1），请核对后重新输入');
      return;
    }
    try {
      await Z.api.post('/api/auth/join-staff', { code: code });
      root.location.replace(Z.base + '/h5/staff');
    } catch (error) {
      Z.showError(error);
    }
  });
}(window));

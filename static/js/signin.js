/* Local stage only: sign in as a citizen (following the account or not), a staff member (in one
   role, if chosen) or a seeded lawyer through POST /dev/login (which sets the session cookie), then return to the page
   that asked. */
(function (root) {
  'use strict';

  const Z = root.ZST;
  const form = Z.$('#zst-signin');
  const follow = form.elements.follow;
  const role = form.elements.role;
  if (follow && role.tagName === 'SELECT') {
    role.addEventListener('change', () => {
      Z.show(Z.$('#signin-follow-cell'), role.value === 'citizen');
      Z.show(Z.$('#signin-staff-role-cell'), role.value === 'staff');
    });
  }
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const body = { role: role.value, id: form.elements.id.value.trim() };
    if (follow && body.role === 'citizen') body.follow = follow.checked;
    // A citizen signs in on the account of the bureau the page names (?bureau=).
    if (form.dataset.bureau && body.role === 'citizen') body.bureau = form.dataset.bureau;
    // A staff member may act in one role alone, to try what each role may open (docs/staff-roles.md)
    const staffRole = form.elements.staff_role;
    if (staffRole && body.role === 'staff' && staffRole.value) body.staff_roles = [staffRole.value];
    try {
      await Z.api.post('/dev/login', body);
      location.replace(Z.base + form.dataset.next);
    } catch (error) {
      Z.showError(error);
    }
  });
})(window);

"""A bureau's staff: invitations with one-time codes, the first admin, roles and their audit
(issue 11, docs/staff-roles.md). Plain functions taking the caller, the clock and ids as arguments;
the routes (chalicelib/routes/staff_members.py) and the operator's command
(chalicelib/admin/staff.py) call them."""

"""Service applications (legal aid, notarization, mediation, reconsideration): forms checked
against the catalog, uploads straight to the bucket, the review state machine with its statutory
clocks, reminders and lapses. Routes: chalicelib/routes/applications.py (citizen) and
chalicelib/routes/staff_applications.py (staff)."""

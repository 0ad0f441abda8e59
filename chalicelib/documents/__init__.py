"""Templates that become documents (issue 13): the catalogue (the 12 official complaints and the
platform's own forms), the fields a citizen fills in and their checks, the DOCX laid out like the
official form, and what a citizen's own consultation or application pre-fills."""

"""The duties of the personal information law (个人信息保护法) as code: retention (what the sweep
anonymises or deletes, and when), a citizen's export and deletion requests, and the staff access log.
docs/privacy.md is the register these follow; its periods are the constants of `policy`."""

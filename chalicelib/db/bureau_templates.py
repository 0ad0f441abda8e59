"""A bureau's own document templates (issue 13, "the bureau's own 617"; AP-231..234): the template's
description and its DOCX as two items of the bureau's partition, so listing never reads the files.

`BUREAU#<code>` / `DOCTPL#<id>` {title, category, fields, size, created_at, created_by} and
`BUREAU#<code>` / `DOCFILE#<id>` {content: the DOCX bytes, ≤ 180 KB}; both written, and removed,
in one transaction."""
from pynamodb.attributes import BinaryAttribute, JSONAttribute, NumberAttribute, UnicodeAttribute
from pynamodb.exceptions import DoesNotExist, TransactWriteError

from chalicelib.db import keys, search_generation
from chalicelib.db.base import Item, transact_write

META, FILE = "DOCTPL#", "DOCFILE#"


class BureauTemplate(Item, discriminator="BureauTemplate"):
    bureau = UnicodeAttribute()
    template_id = UnicodeAttribute()
    title = UnicodeAttribute()
    category = UnicodeAttribute()
    fields = JSONAttribute(default=list)
    size = NumberAttribute(default=0)
    created_at = UnicodeAttribute()
    created_by = UnicodeAttribute()

    def keys(self):
        return {"PK": keys.bureau_pk(self.bureau), "SK": META + self.template_id}


class BureauTemplateFile(Item, discriminator="BureauTemplateFile"):
    bureau = UnicodeAttribute()
    template_id = UnicodeAttribute()
    content = BinaryAttribute(legacy_encoding=False)

    def keys(self):
        return {"PK": keys.bureau_pk(self.bureau), "SK": FILE + self.template_id}


def of_bureau(bureau):
    """AP-231: a bureau's templates (descriptions only), one query of its partition."""
    return list(BureauTemplate.query(keys.bureau_pk(bureau), BureauTemplate.SK.startswith(META)))


def get(bureau, template_id):
    """AP-232: one template of `bureau`, or None (another bureau's id is simply not there)."""
    try:
        return BureauTemplate.get(keys.bureau_pk(bureau), META + template_id, consistent_read=True)
    except DoesNotExist:
        return None


def content(bureau, template_id):
    """AP-232: the template's DOCX bytes, or None."""
    try:
        return BureauTemplateFile.get(keys.bureau_pk(bureau), FILE + template_id).content
    except DoesNotExist:
        return None


def add(meta, data):
    """AP-233: the description and the file, both only if absent, in one transaction; False if refused."""
    try:
        with transact_write() as txn:
            txn.save(BureauTemplate(**meta), condition=BureauTemplate.PK.does_not_exist())
            txn.save(BureauTemplateFile(bureau=meta["bureau"], template_id=meta["template_id"], content=data),
                     condition=BureauTemplateFile.PK.does_not_exist())
            search_generation.bump_with(txn, meta["bureau"])
    except TransactWriteError:
        return False
    return True


def remove(bureau, template_id):
    """AP-234: both items of one template, in one transaction (the description only if present)."""
    meta = BureauTemplate(bureau=bureau, template_id=template_id, title="", category="", created_at="",
                          created_by="")
    data = BureauTemplateFile(bureau=bureau, template_id=template_id)
    try:
        with transact_write() as txn:
            txn.delete(meta, condition=BureauTemplate.PK.exists())
            txn.delete(data)
            search_generation.bump_with(txn, bureau)
    except TransactWriteError:
        return False
    return True

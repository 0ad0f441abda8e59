"""热点普法 articles of a bureau and their pushes (issue 13; AP-242 … AP-247).

`BUREAU#<code>` / `TOPIC#<id>` {title, body (Markdown), status, publish_at, pinned, laws, plan_day,
history, version}. A live article (status `published`, which includes one scheduled for later)
carries GSI1 `TOPICS#<bureau>` / `<publish_at>#<id>`, and when pinned also GSI2
`TOPICS_PINNED#<bureau>` / `<publish_at>#<id>`; the public reads ask for `GSI1SK <= <now>#~`, so an
article scheduled for later appears when its time comes without anything written (read-time
publishing: no sweep, no timer). Drafts and withdrawn ones carry no index keys.
A push is `BUREAU#<code>` / `TOPICPUSH#<id>` (once per article) written in one transaction with the
account's monthly counter `ACCOUNT#<account>` / `MASSSEND#<yyyy-mm>` {count} (ADD 1 only while
below the quota) and its outbox notification.
"""
from pynamodb.attributes import BooleanAttribute, JSONAttribute, NumberAttribute, UnicodeAttribute
from pynamodb.exceptions import PutError, TransactWriteError

from chalicelib.db import keys, messaging, search_generation
from chalicelib.db.base import Item, transact_write


def topics_key(bureau):
    return f"TOPICS#{bureau}"


def pinned_key(bureau):
    return f"TOPICS_PINNED#{bureau}"


def topic_sk(topic_id):
    return f"TOPIC#{topic_id}"


class Topic(Item, discriminator="Topic"):
    bureau = UnicodeAttribute()
    topic_id = UnicodeAttribute()
    title = UnicodeAttribute()
    body = UnicodeAttribute()
    status = UnicodeAttribute(default="draft")  # draft | published | withdrawn
    publish_at = UnicodeAttribute(null=True)  # ISO instant; later than now: scheduled
    pinned = BooleanAttribute(default=False)
    laws = JSONAttribute(default=list)  # [{law, number}]: articles it explains
    plan_day = UnicodeAttribute(null=True)  # MM-DD of the annual 普法 plan (seeds/pufa_days.json)
    history = JSONAttribute(default=list)  # [{at, by, action}]: the audit trail shown to staff
    version = NumberAttribute(default=1)
    created_at = UnicodeAttribute()
    created_by = UnicodeAttribute()

    def keys(self):
        found = {"PK": keys.bureau_pk(self.bureau), "SK": topic_sk(self.topic_id)}
        if self.status == "published" and self.publish_at:
            sort = f"{self.publish_at}#{self.topic_id}"
            found.update(GSI1PK=topics_key(self.bureau), GSI1SK=sort)
            if self.pinned:
                found.update(GSI2PK=pinned_key(self.bureau), GSI2SK=sort)
        return found


class TopicPush(Item, discriminator="TopicPush"):
    bureau = UnicodeAttribute()
    topic_id = UnicodeAttribute()
    account = UnicodeAttribute()
    month = UnicodeAttribute()
    at = UnicodeAttribute()
    by = UnicodeAttribute()
    notification_id = UnicodeAttribute()

    def keys(self):
        return {"PK": keys.bureau_pk(self.bureau), "SK": f"TOPICPUSH#{self.topic_id}"}


class MassSendCount(Item, discriminator="MassSendCount"):
    account = UnicodeAttribute()
    month = UnicodeAttribute()
    count = NumberAttribute(default=0)

    def keys(self):
        return {"PK": keys.account_pk(self.account), "SK": f"MASSSEND#{self.month}"}


def new_topic(**fields):
    """An article not yet written (`create` writes it)."""
    return Topic(**fields)


def new_push(**fields):
    """A push record not yet written (`push_once` writes it)."""
    return TopicPush(**fields)


def get(bureau, topic_id):
    """AP-244: one article of `bureau` (consistent), or None."""
    try:
        return Topic.get(keys.bureau_pk(bureau), topic_sk(topic_id), consistent_read=True)
    except Topic.DoesNotExist:
        return None


def of_bureau(bureau):
    """AP-244: every article of `bureau`, drafts and withdrawn ones too (the staff page)."""
    return list(Topic.query(keys.bureau_pk(bureau), Topic.SK.startswith("TOPIC#")))


def live(bureau, now_iso, limit, before=None):
    """AP-242: `bureau`'s articles published by `now_iso`, newest first; (items, next `before`)."""
    upper = before if before else f"{now_iso}#~"
    condition = Topic.GSI1SK < upper if before else Topic.GSI1SK <= upper
    found = [i for i in Topic.gsi1.query(topics_key(bureau), condition, scan_index_forward=False,
                                         limit=limit + 1) if isinstance(i, Topic)]
    more = len(found) > limit
    found = found[:limit]
    return found, (found[-1].GSI1SK if more and found else None)


def pinned(bureau, now_iso, limit):
    """AP-243: `bureau`'s pinned articles published by `now_iso`, newest first."""
    return [i for i in Topic.gsi2.query(pinned_key(bureau), Topic.GSI2SK <= f"{now_iso}#~",
                                        scan_index_forward=False, limit=limit) if isinstance(i, Topic)]


def create(topic):
    """AP-245: a new article (attribute_not_exists); False if the id was taken."""
    try:
        topic.save(condition=Topic.PK.does_not_exist())
    except PutError:
        return False
    return True


def replace(topic, seen_version):
    """AP-245: write `topic` as version `seen_version + 1` only if it is still at `seen_version`,
    moving the bureau's search generation on in the same transaction (AP-266)."""
    topic.version = seen_version + 1
    try:
        with transact_write() as tx:
            tx.save(topic, condition=Topic.version == seen_version)
            search_generation.bump_with(tx, topic.bureau)
    except TransactWriteError:
        return False
    return True


def published(bureau):
    """AP-267: every published article of `bureau`, scheduled ones too (the search index drops
    those not yet due when it answers): one query of GSI1 `TOPICS#<bureau>`."""
    return [i for i in Topic.gsi1.query(topics_key(bureau)) if isinstance(i, Topic)]


def pushes_this_month(account, month):
    try:
        return MassSendCount.get(keys.account_pk(account), f"MASSSEND#{month}", consistent_read=True).count
    except MassSendCount.DoesNotExist:
        return 0


def push_once(push, quota, note):
    """AP-246: record `push` (once per article), count it against the account's month (only while
    below `quota`) and queue `note`, all or nothing. None on success, else why it was refused
    ("pushed" or "quota")."""
    counter = MassSendCount(account=push.account, month=push.month)
    try:
        with transact_write() as tx:
            tx.save(push, condition=TopicPush.PK.does_not_exist())
            tx.update(counter, [MassSendCount.type.set(MassSendCount), MassSendCount.count.add(1),
                                MassSendCount.account.set(push.account), MassSendCount.month.set(push.month)],
                      condition=MassSendCount.count.does_not_exist() | (MassSendCount.count < quota))
            messaging.queue_with(tx, note)
    except TransactWriteError as exc:
        reasons = [getattr(r, "code", None) for r in (exc.cancellation_reasons or [])]
        return "pushed" if reasons and reasons[0] == "ConditionalCheckFailed" else "quota"
    return None


def push_of(bureau, topic_id):
    try:
        return TopicPush.get(keys.bureau_pk(bureau), f"TOPICPUSH#{topic_id}", consistent_read=True)
    except TopicPush.DoesNotExist:
        return None

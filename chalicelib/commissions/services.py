"""What a citizen may ask a lawyer for (the commission form's choices, `service` of
`POST /api/commissions`): the active items of their bureau's catalogue (chalicelib/directory/
catalogue.py, AP-210 — what the bureau's lawyers publish), then 其他. The names the form offered
before it read the catalogue (env.SERVICES) stay valid, so a commission sent from a page opened
before a bureau renamed or stopped an item is still taken. Plain: the catalogue read is passed in."""
from chalicelib.commissions.env import SERVICES
from chalicelib.directory import catalogue
from chalicelib.errors import Invalid

OTHER = "其他"


def offered(bureau, read):
    """The names the form offers at `bureau`, in the catalogue's order, 其他 last."""
    names = [item["name"] for item in catalogue.active_items(bureau, read)]
    return names + ([OTHER] if OTHER not in names else [])


def checked(bureau, name, read):
    """`name` as the commission stores it, or 400: not one the bureau offers (nor an old name)."""
    name = " ".join(str(name or "").split())
    if name in SERVICES or name in offered(bureau, read):
        return name
    raise Invalid("请选择本局目录中的服务项目", code="unknown_service", details={"field": "service"})

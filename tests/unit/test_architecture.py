"""The table is reached through chalicelib/db/ only (issue 10, seam 1).

Business rules, routes and pages call named functions of a `chalicelib/db/` module; they never
import PynamoDB, the table's machinery (`db/base.py`: Item, transact_write, bind), or call PynamoDB
on a model — neither on the class (`Lawyer.get`, `Lawyer.PK.exists()`, `Item.gsi1.query`) nor on an
instance (`item.save()`, `item.delete(condition=…)`, `item.update(actions=…)`, `tx.save(…)`).

A model class imported outside db/ may only be used as a plain value (built or tested with
isinstance); each such import is listed in DATA_TYPES with why db/ cannot hand over what is needed.

The check reads source, so it tells PynamoDB's calls from same-named ones by their shape; a call it
cannot tell (`thing.save(item)` on an object of another name) still needs an import it does catch
(transact_write, a model class, pynamodb's exceptions).
"""
import ast
import importlib
import inspect
import pkgutil
from pathlib import Path

from pynamodb.models import Model

import chalicelib.db

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "chalicelib"
DB = PACKAGE / "db"

# Files that still reach the table directly: none. Seam 1's other half (the store passed through
# the consultations' and applications' contexts, rules building their items and conditions through
# db/ functions) emptied this list on 2026-12-02, and the commissions of issue 12 (merged at 07:55
# that day) followed. Both stay empty: nothing may be added here.
NOT_YET_ON_THE_STORE = set()
ARRIVED_SINCE = set()

# (file, model class) → why the class is used as a plain value there (built or isinstance only).
DATA_TYPES = {}

# The composition root binds the table once; it is the one caller of db.base outside db/.
COMPOSITION_ROOT = {("chalicelib/wiring.py", "bind")}

# PynamoDB's instance methods that reach the table, told from same-named methods of other objects
# (dict.update, a token store's save(token, …)) by how PynamoDB is called.
WRITES = {"save", "delete", "update", "refresh"}
TABLE_KEYWORDS = {"condition", "actions", "add_version_condition", "consistent_read"}
TABLE_ONLY = {"batch_get", "batch_write", "from_raw_data", "transact_write", "TransactWrite",
              "TransactGet", "_get_connection"}
# A transaction handed in by a caller, by the names this code gives one: any write on it counts.
TRANSACTIONS = {"tx", "txn", "transaction"}


def _models_of_db():
    """{db module name: {name bound in it to a PynamoDB model class}}."""
    found = {}
    for info in pkgutil.iter_modules(chalicelib.db.__path__):
        module = importlib.import_module(f"chalicelib.db.{info.name}")
        found[module.__name__] = {name for name, value in vars(module).items()
                                  if inspect.isclass(value) and issubclass(value, Model)}
    return found


MODELS = _models_of_db()


def _is_table_call(call):
    """Whether `call` is PynamoDB's way of calling save/delete/update/refresh (or a table-only
    method) on an object."""
    name = call.func.attr
    if name in TABLE_ONLY:
        return True
    if name in WRITES | {"condition_check"} and isinstance(call.func.value, ast.Name) \
            and call.func.value.id in TRANSACTIONS:
        return True
    if name not in WRITES:
        return False
    keywords = {k.arg for k in call.keywords}
    if keywords & TABLE_KEYWORDS:
        return True
    if name in ("save", "delete", "refresh"):
        return not call.args and not call.keywords
    # update(actions) or tx.update(item, [actions]): a list of actions among the arguments
    return any(isinstance(a, (ast.List, ast.ListComp)) for a in call.args)


def violations(source, path):
    """What in `source` (the file at `path`, relative to the repository) reaches the table other
    than through a db/ function: [(line, text)]."""
    tree = ast.parse(source)
    found, classes, modules = [], {}, {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "pynamodb":
                    found.append((node.lineno, f"imports {alias.name}"))
                elif alias.name in MODELS:
                    modules[alias.asname or alias.name] = alias.name
        elif isinstance(node, ast.ImportFrom) and node.module:
            if node.module.split(".")[0] == "pynamodb":
                found.append((node.lineno, f"imports from {node.module}"))
            elif node.module == "chalicelib.db.base":
                found += [(node.lineno, f"imports {a.name} from chalicelib.db.base") for a in node.names
                          if (path, a.name) not in COMPOSITION_ROOT]
            elif node.module == "chalicelib.db":
                for alias in node.names:
                    if f"chalicelib.db.{alias.name}" == "chalicelib.db.base":
                        found.append((node.lineno, "imports chalicelib.db.base"))
                    elif f"chalicelib.db.{alias.name}" in MODELS:
                        modules[alias.asname or alias.name] = f"chalicelib.db.{alias.name}"
            elif node.module in MODELS:
                for alias in node.names:
                    if alias.name in MODELS[node.module]:
                        classes[alias.asname or alias.name] = alias.name
                        if (path, alias.name) not in DATA_TYPES:
                            found.append((node.lineno, f"imports the model {alias.name}"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute):
            target = node.value
            if isinstance(target, ast.Name) and target.id in classes:
                found.append((node.lineno, f"{target.id}.{node.attr} (PynamoDB on a model)"))
            elif (isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name)
                  and target.value.id in modules and target.attr in MODELS[modules[target.value.id]]):
                found.append((node.lineno, f"{target.value.id}.{target.attr}.{node.attr} "
                                           "(PynamoDB on a model)"))
            elif (isinstance(target, ast.Name) and target.id in modules
                  and node.attr in MODELS[modules[target.id]]
                  and (path, node.attr) not in DATA_TYPES):
                found.append((node.lineno, f"uses the model {target.id}.{node.attr}"))
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and _is_table_call(node):
            found.append((node.lineno, f".{node.func.attr}(…) (PynamoDB's call on an item)"))
    return sorted(set(found))


def _outside_db():
    for path in sorted(PACKAGE.rglob("*.py")):
        if DB not in path.parents:
            yield path.relative_to(ROOT).as_posix(), path.read_text(encoding="utf-8")


def _report(found):
    lines = [f"{path}:{line}: {text}" for path, hits in found.items() for line, text in hits]
    print("\n".join(["Table access outside chalicelib/db/:", *lines] if lines else
                     ["No table access outside chalicelib/db/ (allow-listed files aside)."]))
    return lines


def test_the_check_sees_each_way_of_reaching_the_table():
    # Given a module that reaches the table in every way this test knows
    source = (
        "from pynamodb.exceptions import PutError\n"
        "from chalicelib.db.base import Item, transact_write\n"
        "from chalicelib.db.models import Lawyer\n"
        "from chalicelib.db import models\n"
        "def f(item, tx, d):\n"
        "    Lawyer.get('LAWYER#1', 'PROFILE')\n"
        "    models.Region.gsi1.query('x')\n"
        "    item.save(condition=Lawyer.PK.does_not_exist())\n"
        "    item.delete()\n"
        "    tx.update(item, [Lawyer.openid.set('o')])\n"
        "    d.update({'a': 1}); d.update(a=1)\n"
        "    tx.save(item)\n"
    )
    # When it is checked
    found = violations(source, "chalicelib/example.py")
    # Then every way is reported, line by line, and dict.update is not
    assert {line for line, _ in found} == {1, 2, 3, 6, 7, 8, 9, 10, 12}
    assert any("imports Item from chalicelib.db.base" in text for _, text in found)
    assert any("Lawyer.get" in text for _, text in found)


def test_the_check_leaves_calls_of_db_functions_alone():
    # Given a module that asks db/ functions and keeps a token through a port
    source = ("from chalicelib.db import pools, identity\n"
              "def f(store):\n"
              "    store.save('token', 1)\n"
              "    return pools.profile('L1'), identity.session('s')\n")
    # When it is checked, Then nothing is reported
    assert violations(source, "chalicelib/example.py") == []


def test_nothing_outside_db_reaches_the_table_but_through_db_functions():
    # Given every module of chalicelib/ outside db/, but the allow-listed files of seam 1's other half
    found = {path: hits for path, source in _outside_db()
             if path not in NOT_YET_ON_THE_STORE | ARRIVED_SINCE and (hits := violations(source, path))}
    # When what they do is listed (printed, so the failure says where)
    lines = _report(found)
    # Then none reaches the table other than through a function of a db/ module
    assert lines == []


def test_the_allow_list_names_only_files_that_still_need_it():
    # Given the files allowed to reach the table while the store is being put in
    assert all(path.startswith(("chalicelib/consultations/", "chalicelib/applications/"))
               for path in NOT_YET_ON_THE_STORE)
    sources = dict(_outside_db())
    # When each is checked
    assert all(path.startswith("chalicelib/commissions/") for path in ARRIVED_SINCE)
    clean = sorted(path for path in NOT_YET_ON_THE_STORE | ARRIVED_SINCE
                   if path not in sources or not violations(sources[path], path))
    print("Allow-listed but clean (remove them from the list):", clean or "none")
    # Then every entry still reaches the table: a clean file leaves the list
    assert clean == []


def test_the_allow_lists_are_empty_and_stay_so():
    # Given seam 1 finished: every rule reaches the table through db/ functions and the store
    # When the allow-lists are read, Then they hold nothing (a new file is converted, not listed)
    assert NOT_YET_ON_THE_STORE == set() and ARRIVED_SINCE == set() and DATA_TYPES == {}

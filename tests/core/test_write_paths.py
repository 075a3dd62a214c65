"""The doors never write a model themselves: every change goes through an action.

Walks the code of every door (views, API routers, admin) and fails on a model write there:
`.save()`, `.delete()`, `.create()` and friends, or a queryset's `.update()`. What a door may
call instead is the app's `actions.py` (see docs/architecture.md).
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2] / "confide"

# Calls that write rows whatever they are called on.
ALWAYS = {"create", "bulk_create", "bulk_update", "get_or_create", "update_or_create", "save"}
# Calls that write rows on a model or a queryset (on a dict, `.update()` is harmless).
ON_QUERIES = {"update", "delete"}

# Writes a door may make, as (file, call), each with its reason. Keep this short: today, none.
ALLOWED: set[tuple[str, str]] = set()


def doors() -> list[Path]:
    found = [*ROOT.glob("api/*.py"), *ROOT.glob("*/admin.py")]
    found += [p for p in ROOT.glob("*/*views.py")]
    return sorted(found)


def _dotted(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{_dotted(node.value)}.{node.attr}"
    if isinstance(node, ast.Call):
        return f"{_dotted(node.func)}()"
    return "?"


def writes_in(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        name = node.func.attr
        receiver = node.func.value
        call = _dotted(node.func)
        rel = path.relative_to(ROOT).as_posix()
        if (rel, call) in ALLOWED or _dotted(receiver) == "router":  # @router.delete(...)
            continue
        if any(  # form.save(commit=False) fills the instance and writes nothing
            k.arg == "commit" and isinstance(k.value, ast.Constant) and k.value.value is False
            for k in node.keywords
        ):
            continue
        if name in ALWAYS:
            found.append(f"{rel}:{node.lineno} {call}()")
        elif name in ON_QUERIES:
            on_query = isinstance(receiver, ast.Call) or ".objects" in _dotted(receiver)
            instance = name == "delete"  # obj.delete(): a model instance removes its row
            if on_query or instance:
                found.append(f"{rel}:{node.lineno} {call}()")
    return found


def test_the_walk_finds_every_door():
    names = {p.relative_to(ROOT).as_posix() for p in doors()}
    assert {"api/practice.py", "practice/admin.py", "staff/views.py", "ipt/views.py"} <= names
    assert "scheduling/feed_views.py" in names and "outcomes/public_views.py" in names


def test_no_door_writes_a_model_itself():
    found = [w for path in doors() for w in writes_in(path)]
    assert not found, "Call the app's action instead:\n" + "\n".join(found)


def test_the_walk_would_catch_a_write(tmp_path):
    door = tmp_path / "views.py"
    door.write_text(
        "def view(request):\n"
        "    Client.objects.filter(pk=1).update(status='x')\n"
        "    note.save()\n"
        "    context.update(a=1)\n"
    )
    global ROOT
    saved, ROOT = ROOT, tmp_path
    try:
        assert writes_in(door) == [
            "views.py:2 Client.objects.filter().update()",
            "views.py:3 note.save()",
        ]
    finally:
        ROOT = saved

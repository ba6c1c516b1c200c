"""The layers hold and no import circle is added, in-function imports included.

The imports are read with `ast`, so an import placed inside a function counts
like one at the top of the module (docs/architecture.md, "The rooms").
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = ("cms", "graphql_api", "partners", "forms_workflows", "pages")
# Top floor first: an app may import only the apps below it.
LAYERS = (
    "cms",
    "graphql_api",
    "partners",
    "forms_workflows.proposals",
    "forms_workflows",
    "pages",
)
# The rooms of the API, top first: a room imports only the rooms below it
# (schema and views, above them all, merge and serve what they define).
API_ROOMS = (
    "graphql_api.applications",
    "graphql_api.content",
    "graphql_api.caching",
    "graphql_api.core",
)
# No circle remains; a new one fails the suite (docs/architecture.md).
KNOWN_CYCLES = []


def _module_name(path):
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules():
    return {
        _module_name(path): path
        for app in APPS
        for path in sorted((ROOT / app).rglob("*.py"))
    }


def _imports(name, path, known):
    """The project modules that `name` imports, wherever the import stands."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.rsplit(".", node.level - 1)[0]
                base = f"{anchor}.{base}" if base else anchor
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                found.add(sub if sub in known else base)
    return {target for target in found if target in known and target != name}


def _graph():
    modules = _modules()
    return {name: _imports(name, path, modules) for name, path in modules.items()}


def _layer(module):
    return next(
        i for i, layer in enumerate(LAYERS) if f"{module}.".startswith(f"{layer}.")
    )


def _cycles(graph):
    """The strongly connected components of more than one module (Tarjan)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(found)


def test_no_app_imports_an_app_above_it():
    upward = [
        f"{module} -> {target}"
        for module, targets in _graph().items()
        for target in sorted(targets)
        if _layer(target) < _layer(module)
    ]
    assert upward == []


def _room(module):
    return next(
        (i for i, room in enumerate(API_ROOMS) if f"{module}.".startswith(f"{room}.")),
        None,
    )


def test_no_room_of_the_api_imports_a_room_above_it():
    upward = [
        f"{module} -> {target}"
        for module, targets in _graph().items()
        if _room(module) is not None
        for target in sorted(targets)
        if target.startswith("graphql_api.")
        and (_room(target) is None or _room(target) < _room(module))
        and target != "graphql_api.models"
    ]
    assert upward == []


def test_no_import_circle_is_added():
    assert _cycles(_graph()) == KNOWN_CYCLES

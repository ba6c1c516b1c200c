"""The layers hold, no import circle is added, and no module grows too long.

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
    "forms_workflows.editor_forms",
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

# Lines a module may have: an application's (migrations aside), a bench's.
MAX_APP_LINES = 400
MAX_BENCH_LINES = 500
# Application modules still longer than that, being split by the moves of "The
# house" (issue 26): its closing merge removes them, and the list stays empty.
KNOWN_LONG = []


def _module_name(path):
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules(folders=APPS):
    return {
        _module_name(path): path
        for folder in folders
        for path in sorted((ROOT / folder).rglob("*.py"))
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


def _graph(folders=APPS):
    modules = _modules(folders)
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


def test_the_bench_has_no_import_circle():
    assert _cycles(_graph(["bench"])) == []


def _imports_inside_functions(path):
    """(line, text) of each import inside a function that has no comment saying why.

    `ready()` and management commands are where Django wants late imports;
    anywhere else an import inside a function hides a circle, so it must
    carry a comment (on its line or the one above) naming what it breaks.
    """
    lines = path.read_text().splitlines()
    found = []
    for function in ast.walk(ast.parse("\n".join(lines))):
        if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        if function.name == "ready":
            continue
        for node in ast.walk(function):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                line = lines[node.lineno - 1]
                above = lines[node.lineno - 2].strip()
                if "#" not in line and not above.startswith("#"):
                    found.append((node.lineno, line.strip()))
    return found


def test_imports_inside_functions_only_where_django_wants_them_or_say_why():
    hidden = [
        f"{path.relative_to(ROOT)}:{line}: {text}"
        for folder in APPS
        for path in sorted((ROOT / folder).rglob("*.py"))
        if "migrations" not in path.parts and "management" not in path.parts
        for line, text in _imports_inside_functions(path)
    ]
    assert hidden == []


def _long_modules(folders, limit):
    """`path: lines` of each module over the limit, migrations aside."""
    long = {}
    for path in _modules(folders).values():
        lines = len(path.read_text().splitlines())
        if lines > limit and "migrations" not in path.parts:
            long[str(path.relative_to(ROOT))] = lines
    return long


def test_no_application_module_is_longer_than_400_lines():
    too_long = [
        f"{path} has {lines} lines, more than {MAX_APP_LINES}: split it by concept"
        for path, lines in _long_modules(APPS, MAX_APP_LINES).items()
        if path not in KNOWN_LONG
    ]
    assert too_long == []


def test_a_module_known_to_be_long_leaves_the_list_once_split():
    long = _long_modules(APPS, MAX_APP_LINES)
    split = [
        f"{path} is no longer over {MAX_APP_LINES} lines: remove it from KNOWN_LONG"
        for path in KNOWN_LONG
        if path not in long
    ]
    assert split == []


def test_no_bench_module_is_longer_than_500_lines():
    too_long = [
        f"{path} has {lines} lines, more than {MAX_BENCH_LINES}: split it by concept"
        for path, lines in _long_modules(["bench"], MAX_BENCH_LINES).items()
    ]
    assert too_long == []

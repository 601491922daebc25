"""The isolation walk as a function: every URL of the project, requested by one user, against the objects
of commune A (the user's) and commune B (another tenant), reporting what leaked instead of stopping at the
first leak, so that a test can check that a leak seeded on purpose is reported.

For each URL read from the resolver the walk makes probes:

- staff URL with objects in its path: B's objects (GET and POST, must be refused); for a nested URL
  (``/khao-sat/<survey>/cau-hoi/<question>/``), A's parent with B's child, each parameter in turn;
  then A's own objects with B's ids in the query string and in the form body (must show nothing of B);
- staff URL without objects: plain GET, GET with B's ids in the query string, POST with them in the body;
- residents' URL (``@public_view``) under A's slug: with B's objects in the path (must be refused), and
  without objects with B's ids in the query string and body; B's own public pages are public and not probed;
- a format parameter takes every format its view declares (``lib.documents.offers_formats``), an
  enumerated parameter every value its app lists.

Every response is searched for B's marker (in pages, JSON, and the XML text of DOCX/XLSX downloads) and for
the bytes of every file stored for B (evidence, attachments, pictures). After every request the walk
compares commune B's rows and the shared rows (procedure catalogue, legal-document registry, … every row of
the project's models that belongs to no commune) with the snapshot taken before it: no request of a commune
A user may change what another commune sees, nor link A's rows to B's (A's activity under B's unit).
"""

from __future__ import annotations

import io
import itertools
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.apps import apps
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver

from tuyentruyen.lib.tenancy import commune_scope, scopes_disabled

from .isolation import AppMapping, Side, app_mappings

CONVERTER = re.compile(r"<(?:(?P<conv>\w+):)?(?P<name>\w+)>")
# a request that would end the walking user's session, or count as a failed login against the address
NOT_POSTED = {"accounts:logout", "accounts:login"}
# rows that record the walk itself rather than what a commune sees
NOT_SNAPSHOTTED = {"audit.AuditEvent", "accounts.LoginFailure", "jobs.ScheduledRun", "notifications.Digest",
                   # version numbers that tell search caches to rebuild; not what any commune reads
                   "procedures.CatalogueState",
                   # the API's log of each request and its token's time of last use: the walk's own reads
                   "api.ApiRequest", "api.ApiToken"}


@dataclass
class Route:
    name: str
    route: str
    params: list[str]
    public: bool
    admin: bool
    app: str = ""
    formats: dict = field(default_factory=dict)


def _view_app(view) -> str:
    module = getattr(view, "__module__", "") or ""
    parts = module.split(".")
    return ".".join(parts[:2]) if parts[0] == "tuyentruyen" and len(parts) > 1 else module


def _declared_formats(view) -> dict:
    formats = {}
    while view is not None:
        formats = {**getattr(view, "document_formats", {}), **formats}
        view = getattr(view, "__wrapped__", None)
    return formats


def _urlconf_app(resolver) -> str:
    module = resolver.urlconf_module
    name = getattr(module, "__name__", "") if not isinstance(module, list) else ""
    parts = name.split(".")
    return ".".join(parts[:2]) if parts[0] == "tuyentruyen" and len(parts) > 2 else ""


def walk_routes(resolver=None, prefix="", namespace="", app=""):
    """Every URL pattern, with the app that owns it: the app whose urls module includes it (Django's own
    login views belong to accounts), else the app of its view."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from walk_routes(entry, prefix + str(entry.pattern), entry.namespace or namespace,
                                   _urlconf_app(entry) or app)
        elif isinstance(entry, URLPattern):
            route = prefix + str(entry.pattern)
            if (route.startswith("^") or "(?P<" in route) and not (route.startswith("quan-tri/") or namespace == "admin"):
                continue  # regex routes (Django's static serving) are not ours to walk
            view = entry.callback
            yield Route(
                name=f"{namespace}:{entry.name}" if namespace else (entry.name or route),
                route=route,
                params=[m.group("name") for m in CONVERTER.finditer(route)],
                public=getattr(view, "tenant_public", False),
                admin=namespace == "admin",
                app=app or _view_app(view),
                formats=_declared_formats(view),
            )


def our_routes() -> list[Route]:
    return [r for r in walk_routes() if not r.admin]


def unmapped_parameters(routes: Iterable[Route], mappings: dict[str, AppMapping] | None = None) -> set[str]:
    mappings = mappings or app_mappings()
    missing = set()
    for route in routes:
        mapping = mappings.get(route.app)
        for param in route.params:
            if param in route.formats:
                continue
            if mapping is None or param not in mapping.parameters:
                missing.add(f"{route.app}: {param} ({route.name})")
    return missing


@dataclass
class World:
    a: Side
    b: Side


# --- probes ----------------------------------------------------------------------------------------
@dataclass
class Probe:
    route: Route
    method: str
    path: str
    data: dict | None = None
    refused: bool = False  # the answer must be a refusal (403/404, or 405 for a GET of a POST-only view)
    kind: str = ""

    def __str__(self):
        query = f" {self.data}" if self.data else ""
        return f"{self.method.upper()} {self.path}{query} ({self.route.name}, {self.kind})"


class Findings(list):
    """What the walk reported, and how many requests it made (``probes``)."""

    probes = 0


@dataclass
class Finding:
    probe: Probe
    reason: str

    def __str__(self):
        return f"{self.probe}: {self.reason}"


def _values(route: Route, mapping: AppMapping, side: Side) -> tuple[dict, dict]:
    """(object parameters → value, enumerated parameters → every value) of ``route`` for ``side``."""
    objects, enumerated = {}, {}
    with commune_scope(side.commune):
        for param in route.params:
            if param in route.formats:
                enumerated[param] = list(route.formats[param])
                continue
            value = mapping.parameters[param](side)
            if isinstance(value, (list, tuple)):
                enumerated[param] = [str(v) for v in value]
            else:
                objects[param] = str(value)
    return objects, enumerated


def _enumerations(enumerated: dict) -> list[dict]:
    """Every value of each enumerated parameter, the others at their first value."""
    if not enumerated:
        return [{}]
    first = {k: v[0] for k, v in enumerated.items()}
    combos = [first]
    for key, values in enumerated.items():
        combos += [{**first, key: value} for value in values[1:]]
    return combos


def _path(route: Route, values: dict) -> str:
    return "/" + CONVERTER.sub(lambda m: values[m.group("name")], route.route)


def probes_for(route: Route, world: World, mapping: AppMapping, *, own_objects: bool = True
               ) -> tuple[list[Probe], list[Probe]]:
    """(probes that must be refused or show nothing, probes on A's own objects run after them all,
    since they may change or delete A's objects)."""
    first, last = [], []
    a_objects, enumerated = _values(route, mapping, world.a)
    b_objects, _ = _values(route, mapping, world.b)
    b_fields = {}
    with commune_scope(world.b.commune):
        for name, factory in mapping.fields.items():
            try:
                b_fields[name] = str(factory(world.b))
            except AttributeError:  # a quick walk made only some apps' objects
                continue
    if route.public:
        a_objects["commune_slug"] = b_objects["commune_slug"] = world.a.commune.slug
    ids = [p for p in b_objects if p != "commune_slug"]
    methods = ("get",) if route.name in NOT_POSTED else ("get", "post")
    for values in _enumerations(enumerated):
        if ids:
            variants = [("B's objects", b_objects)]
            if len(ids) > 1 and own_objects:
                variants += [(f"A's objects, B's {p}", {**a_objects, p: b_objects[p]}) for p in ids]
            for kind, objects in variants:
                path = _path(route, {**objects, **values})
                first += [Probe(route, method, path, refused=True, kind=kind) for method in methods]
        path = _path(route, {**a_objects, **values})
        queue = last if ids else first
        if not ids:
            queue.append(Probe(route, "get", path, kind="plain"))
        queue.append(Probe(route, "get", path, data=b_fields, kind="B's ids in the query"))
        if "post" in methods:
            last.append(Probe(route, "post", path, data=b_fields, kind="B's ids in the body"))
    return first, last


# --- reading responses -----------------------------------------------------------------------------
def response_bytes(response) -> bytes:
    if getattr(response, "streaming", False):
        # The test client's wrapper closes the response once its content is read, with the signal that
        # closes database connections held off; a second close() here would fire that signal and drop
        # the test's PostgreSQL connection mid-transaction (SQLite's in-memory database never closes).
        return b"".join(response.streaming_content)
    return response.content


def response_text(body: bytes) -> str:
    """The words a response shows: pages and JSON as text; an OOXML download (XLSX, DOCX) as its parts'
    XML, so that a leak inside a generated file is caught too."""
    if body[:2] == b"PK":
        try:
            with zipfile.ZipFile(io.BytesIO(body)) as archive:
                return " ".join(archive.read(n).decode("utf-8", "replace") for n in archive.namelist()
                                if n.endswith((".xml", ".rels", ".json", ".txt", ".csv")))
        except zipfile.BadZipFile:
            pass
    return body.decode("utf-8", "replace")


# --- what another commune sees ---------------------------------------------------------------------
def _models():
    for model in apps.get_models():
        if model.__module__.startswith("tuyentruyen.") and model._meta.label not in NOT_SNAPSHOTTED:
            yield model


def _rows(model, fields, communes: set[int], *, shared: bool = True):
    """The rows of ``model`` that belong to one of ``communes`` (and, with ``shared``, to no commune), as
    value tuples."""
    names = {f.name for f in model._meta.concrete_fields}
    if hasattr(type(model.objects), "with_scope"):  # a scoped manager knows its path to the commune
        yield from model.objects.with_scope(commune=list(communes)).values_list(*fields)
    elif "commune" in names:
        mine = Q(commune__in=communes)
        yield from model._base_manager.filter(mine | Q(commune__isnull=True) if shared else mine).values_list(*fields)
    elif "owner_commune" in names:  # a commune's own record until it is marked shared (legal documents)
        mine = Q(owner_commune__in=communes)
        if "shared" in names:
            mine &= Q(shared=False)
            common = Q(owner_commune__isnull=True) | Q(shared=True)
        else:
            common = Q(owner_commune__isnull=True)
        yield from model._base_manager.filter(mine | common if shared else mine).values_list(*fields)
    elif model._meta.label == "localities.Commune":
        yield from model._base_manager.filter(pk__in=communes).values_list(*fields)
    elif hasattr(model, "commune_id"):  # a property reached through a parent
        for obj in model._base_manager.all():
            if (obj.commune_id is None and shared) or obj.commune_id in communes:
                yield tuple(getattr(obj, f) for f in fields)
    elif shared:  # belongs to no commune: shared by all
        yield from model._base_manager.values_list(*fields)


def links_across(source_communes: set[int], target_communes: set[int]) -> list[str]:
    """Rows of the source communes that point at rows of the target communes (a foreign key or a
    many-to-many pair): A's activity filed under B's unit, A's bulletin carrying B's article."""
    found = []
    with scopes_disabled():
        targets = {}
        for model in _models():
            targets[model] = {values[0] for values in _rows(model, [model._meta.pk.attname], target_communes,
                                                              shared=False)}
        for model in _models():
            links = [f for f in model._meta.concrete_fields
                     if f.many_to_one and f.related_model in targets and targets[f.related_model]]
            m2m = [f for f in model._meta.many_to_many if f.related_model in targets and targets[f.related_model]]
            if not links and not m2m:
                continue
            pk = model._meta.pk.attname
            rows = list(_rows(model, [pk] + [f.attname for f in links], source_communes, shared=False))
            for values in rows:
                for f, value in zip(links, values[1:], strict=True):
                    if value in targets[f.related_model]:
                        found.append(f"{model._meta.label} #{values[0]}.{f.name} → #{value}")
            sources = {values[0] for values in rows}
            for f in m2m:
                through = f.remote_field.through
                source_column, target_column = f.m2m_column_name(), f.m2m_reverse_name()
                for source, target in through._base_manager.filter(**{f"{source_column}__in": sources}).values_list(
                        source_column, target_column):
                    if target in targets[f.related_model]:
                        found.append(f"{model._meta.label} #{source}.{f.name} → #{target}")
    return sorted(found)


def snapshot(protected_communes: set[int]) -> dict:
    """Every row that belongs to one of ``protected_communes`` or to no commune (shared data), by model
    and primary key, with its stored values."""
    rows = {}
    with scopes_disabled():
        for model in _models():
            fields = [model._meta.pk.attname] + [f.attname for f in model._meta.concrete_fields
                                                 if f.attname != model._meta.pk.attname]
            for values in _rows(model, fields, protected_communes):
                rows[(model._meta.label, values[0])] = values
    return rows


def _project_tables() -> set[str]:
    return {m._meta.db_table.lower() for m in _models()} | {
        f.remote_field.through._meta.db_table.lower() for m in _models() for f in m._meta.many_to_many}


_WRITE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.IGNORECASE)


def _wrote(queries, tables: set[str]) -> bool:
    """Whether the request wrote to a table of the project's models (a full snapshot is then compared;
    most requests write nothing, or only sessions and rate-limit counters)."""
    for query in queries.captured_queries:
        match = _WRITE.match(query["sql"])
        if match and match.group(1).lower() in tables:
            return True
    return False


def snapshot_changes(before: dict, after: dict) -> list[str]:
    changes = []
    for key in before.keys() | after.keys():
        if key not in after:
            changes.append(f"deleted {key[0]} #{key[1]}")
        elif key not in before:
            changes.append(f"added {key[0]} #{key[1]}")
        elif before[key] != after[key]:
            changes.append(f"changed {key[0]} #{key[1]}")
    return sorted(changes)


# --- the walk --------------------------------------------------------------------------------------
def run_walk(client, world: World, routes: Iterable[Route] | None = None, *, watch_rows: bool = True,
             own_objects: bool = True) -> Findings:
    """Walk ``routes`` (default: every URL but the admin's) as the user logged in on ``client``; the
    findings, empty when nothing leaked. ``own_objects=False`` leaves out the probes that use commune A's
    objects (nested and own), for a user who cannot see A's objects anyway."""
    mappings = app_mappings()
    routes = [r for r in (our_routes() if routes is None else routes) if not r.admin]
    missing = unmapped_parameters(routes, mappings)
    if missing:
        raise AssertionError("map these URL parameters in the app's tests/isolation.py (PARAMETERS): "
                             + "; ".join(sorted(missing)))
    first, last = [], []
    for route in routes:
        if route.params == [] and route.public and not route.route.startswith("<"):
            continue  # the health check: no commune, nothing to leak
        refused, later = probes_for(route, world, mappings[route.app], own_objects=own_objects)
        first += refused
        last += later
    marker = world.b.marker
    files = [f for f in world.b.files if f]
    protected = {world.b.commune.pk}
    findings = Findings()
    before = snapshot(protected) if watch_rows else None
    known_links = set(links_across({world.a.commune.pk}, protected)) if watch_rows else set()
    tables = _project_tables()
    for probe in itertools.chain(first, last if own_objects else ()):
        findings.probes += 1
        with CaptureQueriesContext(connection) as queries:
            response = getattr(client, probe.method)(probe.path, probe.data or {})
            body = response_bytes(response)
        status = response.status_code
        if probe.refused:
            # 401: the token API (api/) refuses a request without its token
            allowed = (401, 403, 404, 405) if probe.method == "get" or probe.route.public else (401, 403, 404)
            if status not in allowed:
                findings.append(Finding(probe, f"answered {status}, not a refusal"))
        if marker in response_text(body):
            findings.append(Finding(probe, "shows commune B's text"))
        if any(f in body for f in files):
            findings.append(Finding(probe, "serves a file of commune B"))
        if watch_rows and _wrote(queries, tables):
            after = snapshot(protected)
            changes = snapshot_changes(before, after)
            if changes:
                findings.append(Finding(probe, "changed what another commune sees: " + ", ".join(changes[:5])))
                before = after
            links = [link for link in links_across({world.a.commune.pk}, protected) if link not in known_links]
            if links:
                findings.append(Finding(probe, "linked commune A's rows to commune B's: " + ", ".join(links[:5])))
                known_links.update(links)
    return findings


def docx_as_pdf(monkeypatch) -> None:
    """Hand DOCX bytes back where PDF was asked for: LibreOffice takes seconds per document, and the walk
    only needs the words the PDF would carry, which the DOCX's XML shows."""
    import sys

    for name, module in list(sys.modules.items()):
        if name.startswith("tuyentruyen.") and hasattr(module, "convert_docx_to_pdf"):
            monkeypatch.setattr(module, "convert_docx_to_pdf", lambda content, **kwargs: content)


def routes_named(*names: str) -> list[Route]:
    """The routes of these names (``app:name``) or namespaces (``app:``), for a quick walk of a few."""
    chosen = [r for r in our_routes() if r.name in names or any(n.endswith(":") and r.name.startswith(n) for n in names)]
    assert chosen, f"no route named {names}"
    return chosen

"""Checks a FHIR R4B Bundle: structure with fhir.resources, then what fhir.resources does not check.

fhir.resources validates types, cardinality and unknown elements. It does not check that a code belongs
to its required value set, that a reference resolves inside the Bundle, or that it points at a resource
type the element allows; ``codes`` lists those rules and this module applies them. Every problem is
reported at once, each naming the resource and element, so a file can be fixed in one go.

fhir.resources is imported on the first check, not with this module: importing its models takes a good part
of a second, and every ``alongside`` command loads the interop views (for Django's system checks).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pydantic import ValidationError

from . import codes

Json = dict[str, Any]
VALUE_KEYS = frozenset({"valueReference", "valueCode", "valueString", "valueInteger"})


def _structure_problems(where: str, resource: Json) -> list[str]:
    from fhir.resources.R4B import get_fhir_model_class

    try:
        model = get_fhir_model_class(resource["resourceType"])
    except (KeyError, ValueError, AttributeError):
        return [f"{where}: '{resource['resourceType']}' is not a FHIR R4B resource type."]
    try:
        model.model_validate(resource)
    except ValidationError as error:
        return [
            f"{where}: {'.'.join(str(part) for part in problem['loc']) or 'resource'}: {problem['msg']}"
            for problem in error.errors()
        ]
    return []


def _walk(node: Any, path: str) -> Iterator[tuple[str, Any]]:
    """Every (element path, value) below ``node``; an extension adds ``.extension:<url>`` to the path."""
    yield path, node
    if isinstance(node, list):
        for item in node:
            yield from _walk(item, path)
    elif isinstance(node, dict):
        for key, value in node.items():
            if key in ("extension", "modifierExtension") and isinstance(value, list):
                for extension in value:
                    yield from _walk(extension, f"{path}.{key}:{extension.get('url', '?')}")
            elif key in VALUE_KEYS and ".extension:" in path:
                yield from _walk(value, path)
            elif key not in ("resourceType", "url"):
                yield from _walk(value, f"{path}.{key}")


def _unknown_code(coding: Json) -> bool:
    allowed = codes.CODE_SYSTEMS.get(coding.get("system", ""))
    return allowed is not None and coding.get("code") not in allowed


class _Checker:
    def __init__(self, entries: list[Json]) -> None:
        self.entries = entries
        self.problems: list[str] = []
        self.index = {(entry["resource"]["resourceType"], entry["resource"].get("id")) for entry in entries}
        self.full_urls = {entry.get("fullUrl") for entry in entries}
        self.canonicals = {
            f"{entry['resource'].get('url')}|{entry['resource'].get('version')}"
            for entry in entries
            if entry["resource"]["resourceType"] == "Questionnaire"
        }

    def check(self, where: str, resource: Json) -> None:
        for path, value in _walk(resource, resource["resourceType"]):
            if value is None:
                self.problems.append(f"{where}: {path} is null; FHIR JSON leaves out elements that have no value.")
            elif isinstance(value, str) and path in codes.VALUE_SETS and value not in codes.VALUE_SETS[path]:
                self.problems.append(f"{where}: {path} '{value}' is not one of the allowed codes.")
            elif isinstance(value, dict) and _unknown_code(value):
                self.problems.append(f"{where}: {path} code '{value.get('code')}' is not in {value['system']}.")
            if isinstance(value, dict) and isinstance(value.get("reference"), str):
                self.check_reference(where, path, value["reference"])
        if resource["resourceType"] == "QuestionnaireResponse":
            wanted = resource.get("questionnaire")
            if wanted not in self.canonicals:
                self.problems.append(f"{where}: questionnaire '{wanted}' is not in the Bundle.")

    def check_reference(self, where: str, path: str, reference: str) -> None:
        allowed = codes.REFERENCE_TARGETS.get(path)
        if allowed is None:
            self.problems.append(f"{where}: {path} holds a reference, which this format does not expect there.")
            return
        if reference in self.full_urls:
            reference = reference.removeprefix(f"{codes.BASE}/")
        target_type, _, target_id = reference.partition("/")
        if target_type not in allowed:
            self.problems.append(
                f"{where}: {path} points at a {target_type}; only {', '.join(sorted(allowed))} is allowed."
            )
        elif (target_type, target_id) not in self.index:
            self.problems.append(f"{where}: {path} points at {reference}, which is not in the Bundle.")


def _entry_problems(entries: Any) -> list[str]:
    if not isinstance(entries, list):
        return ["Bundle.entry must be a list."]
    problems = []
    seen: set[tuple[str, Any]] = set()
    for number, entry in enumerate(entries, start=1):
        resource = entry.get("resource") if isinstance(entry, dict) else None
        if not isinstance(resource, dict) or not isinstance(resource.get("resourceType"), str):
            problems.append(f"Entry {number} has no resource with a resourceType.")
            continue
        key = (resource["resourceType"], resource.get("id"))
        if not isinstance(key[1], str) or not key[1]:
            problems.append(f"Entry {number} ({key[0]}) has no id, so nothing can refer to it.")
        elif key in seen:
            problems.append(f"Entry {number}: {key[0]}/{key[1]} appears more than once.")
        seen.add(key)
    return problems


def validate_bundle(bundle: Any) -> list[str]:
    """Every problem with ``bundle`` (parsed JSON), in plain words; an empty list means it is sound."""
    if not isinstance(bundle, dict) or bundle.get("resourceType") != "Bundle":
        found = bundle.get("resourceType") if isinstance(bundle, dict) else type(bundle).__name__
        return [f"Expected a FHIR Bundle, but this is a {found or 'document without a resourceType'}."]
    entries = bundle.get("entry", [])
    problems = _entry_problems(entries)
    if problems:
        return problems
    envelope = {key: value for key, value in bundle.items() if key != "entry"}
    problems = _structure_problems("Bundle", envelope)
    checker = _Checker(entries)
    checker.check("Bundle", envelope)
    for entry in entries:
        resource = entry["resource"]
        where = f"{resource['resourceType']}/{resource['id']}"
        problems += _structure_problems(where, resource)
        checker.check(where, resource)
    return problems + checker.problems

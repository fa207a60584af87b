"""Load LINE's official OpenAPI spec once and compile it into fast validators.

Why not a generic JSON-Schema/OpenAPI validator: the spec models polymorphism
with ``discriminator`` + ``allOf``, which generic validators do not dispatch on,
so message, action and Flex component sub-schemas would not be validated at all
(see line-platform.md §6.4). Compiling the schemas into small validator objects
once at start-up also keeps per-request validation cheap enough for benchmarks,
and lets us report errors in LINE's own shape (``messages[0].text``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
import functools
import os
from pathlib import Path
import re
from typing import Any

import yaml


# --------------------------------------------------------------------------
# Spec location
# --------------------------------------------------------------------------

SPEC_DIR_ENV = "LINE_OPENAPI_DIR"


def default_spec_dir() -> Path:
    """Return the directory holding LINE's OpenAPI files.

    A copy ships with the emulator (``openapi/``); ``LINE_OPENAPI_DIR`` overrides it,
    e.g. to try a newer spec.
    """
    override = os.environ.get(SPEC_DIR_ENV)
    if override:
        return Path(override)
    return Path(__file__).resolve().parent / "openapi"


# --------------------------------------------------------------------------
# Validation issues
# --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Issue:
    """One validation problem, rendered as a LINE ``details[]`` entry.

    ``kind`` is ``"constraint"`` for bean-validation style errors (LINE answers
    "The request body has N error(s)") and ``"invalid"`` for deserialisation
    errors such as a wrong JSON type or an unknown property (LINE answers
    "The property, X, in the request body is invalid").
    """

    property: str
    message: str
    kind: str = "constraint"


def join(path: str, key: str) -> str:
    """Build a LINE-style property path (``messages[0].text``)."""
    return f"{path}.{key}" if path else key


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units, the unit LINE (Java) uses for ``maxLength``."""
    if text.isascii():
        return len(text)
    return len(text.encode("utf-16-le")) // 2


def length_message(min_length: int, max_length: int | None) -> str:
    """LINE's wording for string length violations."""
    if max_length is None:
        return (
            "May not be empty"
            if min_length == 1
            else f"Length must be at least {min_length}"
        )
    return f"Length must be between {min_length} and {max_length}"


def size_message(min_items: int, max_items: int | None) -> str:
    """LINE's wording for array size violations."""
    if max_items is None:
        return f"Size must be at least {min_items}"
    return f"Size must be between {min_items} and {max_items}"


def range_message(minimum: float | None, maximum: float | None) -> str:
    """LINE's wording for numeric range violations."""
    if minimum is not None and maximum is not None:
        return f"Must be between {_num(minimum)} and {_num(maximum)}"
    if minimum is not None:
        return f"Must be greater than or equal to {_num(minimum)}"
    return f"Must be less than or equal to {_num(maximum)}"


def enum_message(values: Iterator[str] | list[str] | tuple[str, ...]) -> str:
    """LINE's wording for enum / discriminator violations."""
    return f"Must be one of the following values: [{', '.join(values)}]"


def _num(value: float | None) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# --------------------------------------------------------------------------
# URI syntax (shared with the docs-level checks)
# --------------------------------------------------------------------------

_SCHEME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
# RFC 3986 unreserved + reserved + "%"; "[" and "]" only inside an IPv6 host.
_URI_ALLOWED = frozenset(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
    "-._~:/?#@!$&'()*+,;=%"
)
_PCT_RE = re.compile(r"%(?![0-9A-Fa-f]{2})")


def uri_problem(value: str) -> str | None:
    """Return why ``value`` is not an absolute, percent-encoded URI, or None.

    LINE requires URLs in request bodies to be percent-encoded as UTF-8, so raw
    spaces, non-ASCII characters, and characters outside RFC 3986 are rejected.
    """
    if not value:
        return "empty"
    if not value.isascii():
        return "non-ASCII characters must be percent-encoded"
    match = _SCHEME_RE.match(value)
    if match is None:
        return "missing scheme"
    rest = value[match.end() :]
    host_end = len(rest)
    if rest.startswith("//"):
        authority_end = len(rest)
        for sep in "/?#":
            idx = rest.find(sep, 2)
            if idx != -1:
                authority_end = min(authority_end, idx)
        authority = rest[2:authority_end]
        host = authority.rsplit("@", 1)[-1]
        if host.startswith("["):
            if "]" not in host:
                return "bad IPv6 host"
            host = host[host.index("]") + 1 :]
        host_name = host.split(":", 1)[0]
        if not host_name and value[: match.end()].lower() in ("http:", "https:"):
            return "missing host"
        host_end = authority_end
    body = rest[host_end:] if rest.startswith("//") else rest
    for char in body:
        if char not in _URI_ALLOWED:
            return f"character {char!r} must be percent-encoded"
    if rest.startswith("//"):
        for char in rest[2:host_end]:
            if char not in _URI_ALLOWED and char not in "[]":
                return f"character {char!r} must be percent-encoded"
    if _PCT_RE.search(value):
        return "malformed percent-encoding"
    return None


# --------------------------------------------------------------------------
# Compiled schema nodes
# --------------------------------------------------------------------------

INT32 = (-(2**31), 2**31 - 1)
INT64 = (-(2**63), 2**63 - 1)


class Node:
    """A compiled schema; ``validate`` appends issues instead of raising."""

    __slots__ = ("nullable",)

    def __init__(self) -> None:
        self.nullable = False

    def validate(self, value: Any, path: str, issues: list[Issue]) -> None:
        raise NotImplementedError


class AnyNode(Node):
    """Schema without constraints (``{}`` or ``type: object`` with nothing else)."""

    __slots__ = ()

    def validate(self, value: Any, path: str, issues: list[Issue]) -> None:
        return None


class StringNode(Node):
    """``type: string`` with length, pattern, enum and ``format: uri``."""

    __slots__ = (
        "enum",
        "fmt",
        "max_length",
        "min_length",
        "pattern",
        "pattern_src",
        "unconstrained",
    )

    def __init__(self, schema: dict[str, Any]) -> None:
        super().__init__()
        self.min_length: int = int(schema.get("minLength", 0))
        max_length = schema.get("maxLength")
        self.max_length: int | None = (
            int(max_length) if max_length is not None else None
        )
        self.pattern_src: str | None = schema.get("pattern")
        self.pattern = re.compile(self.pattern_src) if self.pattern_src else None
        enum = schema.get("enum")
        self.enum: tuple[str, ...] | None = (
            tuple(str(v) for v in enum) if enum else None
        )
        self.fmt: str | None = schema.get("format")
        self.unconstrained = (
            self.pattern is None
            and self.enum is None
            and self.max_length is None
            and not self.min_length
            and self.fmt is None
        )

    def validate(self, value: Any, path: str, issues: list[Issue]) -> None:
        if not isinstance(value, str):
            issues.append(Issue(path, "Must be a string", "invalid"))
            return
        if self.enum is not None and value not in self.enum:
            issues.append(Issue(path, enum_message(self.enum)))
            return
        if self.min_length or self.max_length is not None:
            length = utf16_len(value)
            if length < self.min_length or (
                self.max_length is not None and length > self.max_length
            ):
                issues.append(
                    Issue(path, length_message(self.min_length, self.max_length))
                )
                return
        if self.pattern is not None and self.pattern.search(value) is None:
            issues.append(Issue(path, f'Must match "{self.pattern_src}"'))
            return
        if self.fmt == "uri" and uri_problem(value) is not None:
            issues.append(Issue(path, "invalid uri"))


class IntegerNode(Node):
    """``type: integer`` with int32/int64 ranges and minimum/maximum."""

    __slots__ = ("_bounds", "maximum", "minimum")

    def __init__(self, schema: dict[str, Any]) -> None:
        super().__init__()
        low, high = INT32 if schema.get("format") == "int32" else INT64
        self.minimum: int | None = schema.get("minimum")
        self.maximum: int | None = schema.get("maximum")
        if self.minimum is None:
            self.minimum = low
        if self.maximum is None:
            self.maximum = high
        self._bounds = (low, high)

    def validate(self, value: Any, path: str, issues: list[Issue]) -> None:
        if isinstance(value, bool) or not isinstance(value, int):
            issues.append(Issue(path, "Must be an integer", "invalid"))
            return
        low, high = self._bounds
        if value < low or value > high:
            issues.append(Issue(path, "Must be an integer", "invalid"))
            return
        if (self.minimum is not None and value < self.minimum) or (
            self.maximum is not None and value > self.maximum
        ):
            shown_min = self.minimum if self.minimum != low else None
            shown_max = self.maximum if self.maximum != high else None
            issues.append(Issue(path, range_message(shown_min, shown_max)))


class NumberNode(Node):
    """``type: number`` (JSON numbers, never booleans)."""

    __slots__ = ("maximum", "minimum")

    def __init__(self, schema: dict[str, Any]) -> None:
        super().__init__()
        self.minimum: float | None = schema.get("minimum")
        self.maximum: float | None = schema.get("maximum")

    def validate(self, value: Any, path: str, issues: list[Issue]) -> None:
        if isinstance(value, bool) or not isinstance(value, int | float):
            issues.append(Issue(path, "Must be a number", "invalid"))
            return
        if (self.minimum is not None and value < self.minimum) or (
            self.maximum is not None and value > self.maximum
        ):
            issues.append(Issue(path, range_message(self.minimum, self.maximum)))


class BooleanNode(Node):
    """``type: boolean``."""

    __slots__ = ()

    def validate(self, value: Any, path: str, issues: list[Issue]) -> None:
        if not isinstance(value, bool):
            issues.append(Issue(path, "Must be a boolean", "invalid"))


class ArrayNode(Node):
    """``type: array`` with ``minItems``/``maxItems``."""

    __slots__ = ("items", "max_items", "min_items")

    def __init__(self, schema: dict[str, Any], items: Node) -> None:
        super().__init__()
        self.items = items
        self.min_items: int = int(schema.get("minItems", 0))
        max_items = schema.get("maxItems")
        self.max_items: int | None = int(max_items) if max_items is not None else None

    def validate(self, value: Any, path: str, issues: list[Issue]) -> None:
        if not isinstance(value, list):
            issues.append(Issue(path, "Must be an array", "invalid"))
            return
        count = len(value)
        if count < self.min_items or (
            self.max_items is not None and count > self.max_items
        ):
            issues.append(Issue(path, size_message(self.min_items, self.max_items)))
        items = self.items
        if isinstance(items, AnyNode):
            return
        if isinstance(items, StringNode) and items.unconstrained:
            # Hot path (multicast ``to`` with 500 ids): only type-check.
            for index, item in enumerate(value):
                if not isinstance(item, str):
                    issues.append(
                        Issue(f"{path}[{index}]", "Must be a string", "invalid")
                    )
            return
        for index, item in enumerate(value):
            if item is None and not items.nullable:
                issues.append(Issue(f"{path}[{index}]", "May not be null", "invalid"))
                continue
            items.validate(item, f"{path}[{index}]", issues)


class MapNode(Node):
    """``type: object`` with ``additionalProperties`` (a string-keyed map)."""

    __slots__ = ("values",)

    def __init__(self, values: Node) -> None:
        super().__init__()
        self.values = values

    def validate(self, value: Any, path: str, issues: list[Issue]) -> None:
        if not isinstance(value, dict):
            issues.append(Issue(path, "Must be an object", "invalid"))
            return
        for key, item in value.items():
            if item is None and not self.values.nullable:
                issues.append(Issue(join(path, key), "May not be null", "invalid"))
                continue
            self.values.validate(item, join(path, key), issues)


class ObjectNode(Node):
    """``type: object`` with properties, required and an optional fixed ``type``."""

    __slots__ = ("const", "name", "properties", "required", "strict")

    def __init__(self, name: str, strict: bool) -> None:
        super().__init__()
        self.name = name
        self.properties: dict[str, Node] = {}
        self.required: tuple[str, ...] = ()
        self.const: tuple[str, str] | None = None
        self.strict = strict

    def validate(self, value: Any, path: str, issues: list[Issue]) -> None:
        if not isinstance(value, dict):
            issues.append(Issue(path, "Must be an object", "invalid"))
            return
        for key in self.required:
            if key not in value or value[key] is None:
                issues.append(Issue(join(path, key), "must be specified"))
        if self.const is not None:
            prop, expected = self.const
            actual = value.get(prop)
            if actual is not None and actual != expected:
                issues.append(Issue(join(path, prop), enum_message([expected])))
        properties = self.properties
        for key, item in value.items():
            node = properties.get(key)
            if node is None:
                if self.strict:
                    issues.append(
                        Issue(join(path, key), "Unrecognized property", "invalid")
                    )
                continue
            if item is None:
                if key not in self.required and not node.nullable:
                    issues.append(Issue(join(path, key), "May not be null", "invalid"))
                continue
            node.validate(item, join(path, key), issues)


class DiscriminatorNode(Node):
    """Dispatch on ``type`` (or another property) to the mapped sub-schema."""

    __slots__ = ("mapping", "name", "prop")

    def __init__(self, name: str, prop: str) -> None:
        super().__init__()
        self.name = name
        self.prop = prop
        self.mapping: dict[str, Node] = {}

    def validate(self, value: Any, path: str, issues: list[Issue]) -> None:
        if not isinstance(value, dict):
            issues.append(Issue(path, "Must be an object", "invalid"))
            return
        kind = value.get(self.prop)
        if kind is None:
            issues.append(Issue(join(path, self.prop), "must be specified"))
            return
        node = self.mapping.get(kind) if isinstance(kind, str) else None
        if node is None:
            issues.append(
                Issue(join(path, self.prop), enum_message(list(self.mapping)))
            )
            return
        node.validate(value, path, issues)


class LazyNode(Node):
    """Forward reference used while compiling recursive schemas."""

    __slots__ = ("target",)

    def __init__(self) -> None:
        super().__init__()
        self.target: Node | None = None

    def validate(self, value: Any, path: str, issues: list[Issue]) -> None:
        assert self.target is not None
        self.target.validate(value, path, issues)


# --------------------------------------------------------------------------
# Compiler
# --------------------------------------------------------------------------


@dataclass
class Operation:
    """One HTTP operation of the spec, with the host it lives on."""

    operation_id: str
    method: str
    path: str
    host: str  # "api" or "data"
    request_schema: str | None
    request_content_types: tuple[str, ...]
    header_params: tuple[str, ...]
    regex: re.Pattern[str] = field(repr=False, default=re.compile(""))
    literal_segments: int = 0


#: (schema, property) pairs whose ``maxLength`` LINE counts in grapheme
#: clusters, not UTF-16 units (line-platform.md §2.1 "Counting rule").
GRAPHEME_COUNTED = frozenset(
    {("RichMenuRequest", "name"), ("RichMenuRequest", "chatBarText")}
)


class SpecCompiler:
    """Compile ``components.schemas`` of one OpenAPI document into nodes."""

    def __init__(self, document: dict[str, Any], *, strict_properties: bool) -> None:
        self.schemas: dict[str, dict[str, Any]] = document["components"]["schemas"]
        self.strict_properties = strict_properties
        self._cache: dict[str, Node] = {}
        # subtype name -> (discriminator property, mapping key)
        self._subtype_tag: dict[str, tuple[str, str]] = {}
        for schema in self.schemas.values():
            disc = schema.get("discriminator")
            if not disc:
                continue
            for key, ref in disc.get("mapping", {}).items():
                self._subtype_tag[_ref_name(ref)] = (disc["propertyName"], key)

    def named(self, name: str) -> Node:
        """Compiled node for ``#/components/schemas/{name}`` (dispatching if polymorphic)."""
        cached = self._cache.get(name)
        if cached is not None:
            return cached
        lazy = LazyNode()
        self._cache[name] = lazy
        node = self._compile_named(name)
        lazy.target = node
        self._cache[name] = node
        return node

    def _compile_named(self, name: str) -> Node:
        schema = self.schemas[name]
        disc = schema.get("discriminator")
        if disc:
            node = DiscriminatorNode(name, disc["propertyName"])
            # Register before compiling the mapping: sub-types refer back to us.
            self._cache[name] = node
            for key, ref in disc.get("mapping", {}).items():
                node.mapping[key] = self.named(_ref_name(ref))
            return node
        return self.compile(schema, name)

    def compile(self, schema: dict[str, Any], name: str = "") -> Node:
        """Compile an inline schema."""
        if "$ref" in schema:
            return self.named(_ref_name(schema["$ref"]))
        nullable = bool(schema.get("nullable", False))
        node = self._compile_inner(schema, name)
        node.nullable = nullable
        return node

    def _compile_inner(self, schema: dict[str, Any], name: str) -> Node:
        if "allOf" in schema or "properties" in schema or "required" in schema:
            return self._compile_object(schema, name)
        kind = schema.get("type")
        if kind == "string":
            return StringNode(schema)
        if kind == "integer":
            return IntegerNode(schema)
        if kind == "number":
            return NumberNode(schema)
        if kind == "boolean":
            return BooleanNode()
        if kind == "array":
            return ArrayNode(schema, self.compile(schema.get("items", {})))
        if kind == "object" and isinstance(schema.get("additionalProperties"), dict):
            return MapNode(self.compile(schema["additionalProperties"]))
        return AnyNode()

    def _compile_object(self, schema: dict[str, Any], name: str) -> ObjectNode:
        node = ObjectNode(name, self.strict_properties)
        properties: dict[str, Node] = {}
        required: list[str] = []
        for part in self._flatten(schema):
            for key, prop_schema in part.get("properties", {}).items():
                if (name, key) in GRAPHEME_COUNTED and "maxLength" in prop_schema:
                    # LINE counts these in grapheme clusters; validation.py
                    # enforces the limit, a UTF-16 check here would be wrong.
                    prop_schema = {
                        k: v for k, v in prop_schema.items() if k != "maxLength"
                    }
                properties[key] = self.compile(prop_schema)
            required.extend(part.get("required", []))
        node.properties = properties
        node.required = tuple(dict.fromkeys(required))
        if name in self._subtype_tag:
            node.const = self._subtype_tag[name]
        return node

    def _flatten(self, schema: dict[str, Any]) -> Iterator[dict[str, Any]]:
        """Yield the object parts of ``schema``, expanding ``allOf`` parents.

        A parent that is itself a discriminator base contributes only its own
        properties: dispatching again would recurse forever.
        """
        for part in schema.get("allOf", []):
            if "$ref" in part:
                parent = self.schemas[_ref_name(part["$ref"])]
                yield from self._flatten(parent)
            else:
                yield from self._flatten(part)
        yield {k: v for k, v in schema.items() if k in ("properties", "required")}


def _ref_name(ref: str) -> str:
    return ref.rsplit("/", 1)[-1]


# --------------------------------------------------------------------------
# Loaded spec (cached per process)
# --------------------------------------------------------------------------


@dataclass
class CompiledSpec:
    """Everything the server needs from messaging-api.yml."""

    spec_dir: Path
    operations: list[Operation]
    request_nodes: dict[str, Node]
    compiler: SpecCompiler

    def node(self, schema_name: str) -> Node:
        """Compiled validator of a named schema (compiled on first use)."""
        node = self.request_nodes.get(schema_name)
        if node is None:
            node = self.compiler.named(schema_name)
            self.request_nodes[schema_name] = node
        return node


def _load_yaml(path: Path) -> dict[str, Any]:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with path.open("rb") as handle:
        return yaml.load(handle, Loader=loader)  # noqa: S506 - SafeLoader variant


@functools.lru_cache(maxsize=8)
def load_spec(
    spec_dir: str | None = None, strict_properties: bool = True
) -> CompiledSpec:
    """Parse and compile messaging-api.yml and insight.yml (cached: paid once)."""
    directory = Path(spec_dir) if spec_dir else default_spec_dir()
    spec_path = directory / "messaging-api.yml"
    if not spec_path.is_file():
        raise FileNotFoundError(
            f"LINE OpenAPI spec not found at {spec_path}; set {SPEC_DIR_ENV} "
            "to the directory that holds messaging-api.yml"
        )
    document = _load_yaml(spec_path)
    compiler = SpecCompiler(document, strict_properties=strict_properties)
    operations = _operations(document)
    # The insight API (statistics, followers) is its own spec file; its operations
    # take query parameters only, so its schemas need no compiling.
    insight_path = directory / "insight.yml"
    if insight_path.is_file():
        operations += _operations(_load_yaml(insight_path))
    # Literal segments win over templated ones (``/richmenu/list`` vs ``/{id}``).
    operations.sort(key=lambda o: -o.literal_segments)
    nodes: dict[str, Node] = {}
    for operation in operations:
        if operation.request_schema:
            nodes[operation.request_schema] = compiler.named(operation.request_schema)
    return CompiledSpec(directory, operations, nodes, compiler)


def _operations(document: dict[str, Any]) -> list[Operation]:
    operations: list[Operation] = []
    for path, methods in document["paths"].items():
        for method, op in methods.items():
            if method not in ("get", "post", "put", "delete", "patch"):
                continue
            servers = op.get("servers") or []
            host = (
                "data"
                if any("api-data" in s.get("url", "") for s in servers)
                else "api"
            )
            content = (op.get("requestBody") or {}).get("content") or {}
            schema_name = None
            for media in content.values():
                ref = (media.get("schema") or {}).get("$ref")
                if ref:
                    schema_name = _ref_name(ref)
            headers = tuple(
                p["name"] for p in op.get("parameters", []) if p.get("in") == "header"
            )
            operation = Operation(
                operation_id=op["operationId"],
                method=method.upper(),
                path=path,
                host=host,
                request_schema=schema_name,
                request_content_types=tuple(content),
                header_params=headers,
            )
            operation.regex, operation.literal_segments = _path_regex(path)
            operations.append(operation)
    return operations


def _path_regex(path: str) -> tuple[re.Pattern[str], int]:
    parts = []
    literal = 0
    for segment in path.strip("/").split("/"):
        if segment.startswith("{") and segment.endswith("}"):
            parts.append(f"(?P<{segment[1:-1]}>[^/]+)")
        else:
            literal += 1
            parts.append(re.escape(segment))
    return re.compile("^/" + "/".join(parts) + "$"), literal

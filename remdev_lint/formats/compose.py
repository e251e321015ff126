"""Docker Compose files: YAML, and several files combined as ``docker compose -f a -f b`` does.

A devcontainer.json names its compose files in ``dockerComposeFile``; the devcontainers CLI runs
``docker compose -f <first> -f <second> ...`` and Compose merges the files in that order, as the
Compose Specification's merge rules say (compose-spec ``13-merge.md``, implemented by compose-go's
``override`` package):

- mappings are merged member by member, recursively; a later scalar replaces an earlier one;
- sequences are appended, later after earlier;
- except ``command``, ``entrypoint`` and ``healthcheck.test`` of a service: replaced, not appended;
- and the service attributes whose items are unique resources: ``volumes`` (unique by target
  path), ``ports`` (by the whole entry), ``secrets`` and ``configs`` (by target, else source):
  a later item with the same key replaces the earlier one, in its place;
- ``environment``, ``labels``, ``annotations``, ``sysctls``, ``extra_hosts`` and ``build.args``
  are merged by key, the later value winning (two lists of ``KEY=value`` by ``KEY``; a mapping
  and a list as two mappings);
- ``tmpfs``, ``dns``, ``dns_search`` and ``env_file`` (a string or a list) are lists of strings.

Every node keeps the span it has in its own file, and its ``origin`` says which file that is, so
that a diagnostic about a merged setting points at the file and line that set it. A merged
mapping (a service defined in two files) takes the position of its first definition.

Not followed: ``extends``, ``include``, and the ``!reset`` / ``!override`` tags (a tagged value
is merged like an untagged one); ``${VARIABLE}`` interpolation is left as written.

Each service with ``ports`` gets one synthesized member, ``published-ports``: every entry in the
long syntax, as ``docker compose config`` writes it, so that a rule compares numbers instead of
parsing ``[[ip:]host:]container[/protocol]`` itself (the short syntax is split as Docker's
``nat.ParsePortSpec`` splits it). Each item is a mapping at the entry's place with ``host_ip``
(``""``: every interface of the host), ``published`` (the host port or range, ``""``: one Docker
picks), ``target`` and ``last-target`` (the container port, or the first and last of a range),
``protocol`` (``tcp`` unless given), ``on-loopback`` (the entry written to publish on the
host's loopback only: ``127.0.0.1:40000:40000``, ``127.0.0.1::40000`` when Docker picks the host
port, or ``host_ip: 127.0.0.1`` for the long syntax) and ``entry`` (the entry itself, for a fix
to rewrite). An entry with a ``${VARIABLE}`` in it, or that Docker would reject, has no item.
"""

from __future__ import annotations

from ..model import Document, Node, set_origin
from .yaml import parse as parse_yaml

TYPE_CHECKING = False  # typing is not imported at run time: it costs start-up
if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["parse", "merge"]

_REPLACED = {"command", "entrypoint"}
_BY_KEY = {"environment", "labels", "annotations", "sysctls", "extra_hosts"}
_STRING_LISTS = {"tmpfs", "dns", "dns_search", "env_file"}


def parse(text: str) -> Document:
    """One compose file: YAML (see :mod:`remdev_lint.formats.yaml`), with each service's
    ``published-ports``."""
    document = parse_yaml(text)
    _publish(document.root)
    return document


def merge(files: list[tuple[str, Node]]) -> Node:
    """The files' roots (``(path, root)`` in ``-f`` order) combined into one document; every node
    has its file in ``origin``."""
    merged: Node | None = None
    for path, root in files:
        set_origin(root, path)
        if not root.is_mapping:
            continue  # an empty file (or not a mapping, which compose rejects) adds nothing
        merged = root if merged is None else _merge(merged, root, ())
    if merged is None:
        return Node({}, files[0][1].span, None, files[0][0])
    _publish(merged)  # the merged ports, not each file's
    return merged


def _merge(base: Node, override: Node, path: tuple[str, ...]) -> Node:
    """``override`` laid over ``base``; ``path`` is the key path of both (``services.app``)."""
    key = path[-1] if path else ""
    in_service = len(path) == 3 and path[0] == "services"
    if in_service and key == PUBLISHED:
        return override  # made again from the merged ports
    if in_service and key in _REPLACED or path[-2:] == ("healthcheck", "test") and len(path) == 4:
        return override
    if in_service and key in _STRING_LISTS:
        return _sequence(_as_list(base) + _as_list(override), base, override)
    if in_service and key in _BY_KEY or path[-2:] == ("build", "args") and len(path) == 4:
        if base.is_sequence and override.is_sequence:
            return _sequence(_unique(base.value + override.value, _assignment_key), base, override)
        if base.is_sequence != override.is_sequence:  # one file writes a mapping, the other a list
            base, override = _as_mapping(base), _as_mapping(override)
    if in_service and key in _UNIQUE and base.is_sequence and override.is_sequence:
        return _sequence(_unique(base.value + override.value, _UNIQUE[key]), base, override)
    if base.is_mapping and override.is_mapping:
        members = dict(base.value)
        for name, child in override.value.items():
            members[name] = _merge(members[name], child, (*path, name)) if name in members else child
        node = Node(members, base.span, base.key_span, base.origin)
        node.key = base.key
        return node
    if base.is_sequence and override.is_sequence:
        return _sequence(base.value + override.value, base, override)
    return override


def _sequence(items: list[Node], base: Node, override: Node) -> Node:
    node = Node(items, base.span, base.key_span, base.origin)
    node.key = base.key
    return node


def _as_mapping(node: Node) -> Node:
    """A list of ``KEY=value`` as the mapping Compose reads it as (``KEY`` alone: null)."""
    if not node.is_sequence:
        return node
    members: dict[str, Node] = {}
    for item in node.value:
        if not isinstance(item.value, str):
            continue
        name, sep, value = item.value.partition("=")
        start = len(name) + 1
        child = Node(value if sep else None, item.part_span(start, start + len(value)) if sep else item.span)
        child.key_span, child.origin = item.part_span(0, len(name)), item.origin
        members[name] = child
    mapping = Node(members, node.span, node.key_span, node.origin)
    mapping.key = node.key
    return mapping


def _as_list(node: Node) -> list[Node]:
    if node.is_sequence:
        return list(node.value)
    return [node] if node.is_scalar and node.value is not None else []


def _unique(items: list[Node], key_of: Callable[[Node], object]) -> list[Node]:
    """Items with a repeated key: the later one, at the earlier one's place."""
    position: dict[object, int] = {}
    kept: list[Node] = []
    for item in items:
        key = key_of(item)
        if key is None or key not in position:
            if key is not None:
                position[key] = len(kept)
            kept.append(item)
        else:
            kept[position[key]] = item
    return kept


def _assignment_key(item: Node) -> object:
    return item.value.split("=", 1)[0] if isinstance(item.value, str) else None


def _volume_target(item: Node) -> object:
    """A volume's container path: ``target`` of the long form; of ``[source:]target[:mode]``,
    the part after the source (a Windows drive letter ``C:\\`` is part of the source)."""
    value = item.value
    if isinstance(value, dict):
        target = value.get("target")
        return target.value if target is not None else None
    if not isinstance(value, str):
        return None
    parts = value.split(":")
    if len(parts) > 1 and len(parts[0]) == 1 and parts[0].isalpha():
        parts = [parts[0] + ":" + parts[1], *parts[2:]]  # C:\src:/app
    return parts[1] if len(parts) > 1 else parts[0]


def _entry(item: Node) -> object:
    return repr(item.plain())


def _secret_target(item: Node) -> object:
    value = item.value
    if isinstance(value, dict):
        chosen = value.get("target") or value.get("source")
        return chosen.value if chosen is not None else None
    return value if isinstance(value, str) else None


_UNIQUE: dict[str, Callable[[Node], object]] = {
    "volumes": _volume_target,
    "ports": _entry,
    "secrets": _secret_target,
    "configs": _secret_target,
}


# --- published ports ----------------------------------------------------------------------------

PUBLISHED = "published-ports"


def _publish(root: Node) -> None:
    """Gives every service that has ``ports`` its ``published-ports`` (see the module
    documentation)."""
    services = root.value.get("services") if root.is_mapping else None
    if services is None or not services.is_mapping:
        return
    for service in services.value.values():
        if not service.is_mapping:
            continue
        ports = service.value.get("ports")
        service.value.pop(PUBLISHED, None)
        if ports is not None and ports.is_sequence:
            items = [item for entry in ports.value if (item := _long_syntax(entry)) is not None]
            node = Node(items, ports.span, ports.key_span, ports.origin)
            node.key = PUBLISHED
            service.value[PUBLISHED] = node


def _long_syntax(entry: Node) -> Node | None:
    """One ``ports`` entry in the long syntax, or None when it cannot be read."""
    value = entry.value
    if isinstance(value, dict):
        fields = {name: child.value for name, child in value.items()}
        target, published = fields.get("target"), fields.get("published", "")
        host_ip, protocol = fields.get("host_ip", ""), fields.get("protocol", "tcp")
        if not all(
            isinstance(f, (str, int)) and not isinstance(f, bool) for f in (target, published, host_ip, protocol)
        ):
            return None
        ports = _port_range(str(target))
        if ports is None or "$" in f"{published}{host_ip}{protocol}":
            return None
        loopback = "host_ip: 127.0.0.1"
    elif isinstance(value, (int, str)) and not isinstance(value, bool):
        read = _short_syntax(str(value))
        if read is None:
            return None
        host_ip, published, ports, protocol = read
        loopback = f"127.0.0.1:{published}:{str(value).rpartition(':')[2]}"
    else:
        return None
    members = {
        "host_ip": str(host_ip),
        "published": str(published),
        "target": ports[0],
        "last-target": ports[1],
        "protocol": str(protocol).lower(),
        "on-loopback": loopback,
    }
    fields = {name: Node(field, entry.span, None, entry.origin) for name, field in members.items()}
    item = Node({**fields, "entry": entry}, entry.span)
    item.origin = entry.origin
    return item


def _short_syntax(text: str) -> tuple[str, str, tuple[int, int], str] | None:
    """``[[ip:]host:]container[/protocol]`` as Docker's ``nat.ParsePortSpec`` reads it (which
    compose-go calls): ``(host_ip, published, (first, last container port), protocol)``, or
    None for what it rejects and for a ``${VARIABLE}``, which is not known."""
    if "$" in text:
        return None
    parts = text.split("/")
    protocol = parts[1].lower() if len(parts) > 1 and parts[1] else "tcp"
    if protocol not in ("tcp", "udp", "sctp"):
        return None
    fields = parts[0].split(":")
    container = fields[-1]
    host = fields[-2] if len(fields) > 1 else ""
    host_ip = ":".join(fields[:-2])
    if host_ip.startswith("["):
        if not host_ip.endswith("]"):
            return None
        host_ip = host_ip[1:-1]
    elif ":" in host_ip:
        return None  # an IPv6 address must be in brackets
    if host_ip:
        if "%" in host_ip:
            return None  # Go's net.ParseIP takes no zone
        import ipaddress

        try:
            ipaddress.ip_address(host_ip)
        except ValueError:
            return None
    ports, published = _port_range(container), _port_range(host) if host else None
    if ports is None or host and published is None:
        return None
    if published is not None and ports[0] != ports[1] and published[1] - published[0] != ports[1] - ports[0]:
        return None  # "1-3:1-2": ranges of different lengths
    return host_ip, host, ports, protocol


def _port_range(text: str) -> tuple[int, int] | None:
    """``40000`` or ``40000-40009``: the first and last port (0 to 65535)."""
    first, dash, last = text.partition("-")
    numbers = [first, last] if dash else [first]
    if not all(n.isascii() and n.isdigit() and int(n) <= 65535 for n in numbers):
        return None
    low, high = int(first), int(last or first)
    return (low, high) if low <= high else None

"""Reads the descriptor set protoc-c writes (`--descriptor_set_out`) into the small model the
Swift generator works from, and refuses what that generator does not handle.

Handled: proto3 files of one package with top-level enums, top-level messages whose fields
are string, bytes, bool, (u)int32, (u)int64, enum or message (singular or repeated), and
services of unary rpcs. Anything else (oneof, map, optional, nested messages or enums,
other scalar types, types of another package, streaming rpcs, ...) raises `Unsupported`
naming the file and the element, so nothing is generated from what would come out wrong.
"""
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from google.protobuf import descriptor_pb2

FieldType = descriptor_pb2.FieldDescriptorProto

SCALAR_TYPES = {
    FieldType.TYPE_STRING: "string",
    FieldType.TYPE_BOOL: "bool",
    FieldType.TYPE_UINT32: "uint32",
    FieldType.TYPE_UINT64: "uint64",
    FieldType.TYPE_INT32: "int32",
    FieldType.TYPE_INT64: "int64",
    FieldType.TYPE_BYTES: "bytes",
}

# Words a generated property cannot be named without backticks.
SWIFT_RESERVED = {
    "associatedtype", "class", "deinit", "enum", "extension", "fileprivate", "func", "import",
    "init", "inout", "internal", "let", "open", "operator", "private", "protocol", "public",
    "rethrows", "static", "struct", "subscript", "typealias", "var", "break", "case", "catch",
    "continue", "default", "defer", "do", "else", "fallthrough", "for", "guard", "if", "in",
    "repeat", "return", "throw", "switch", "where", "while", "as", "false", "is", "nil", "self",
    "super", "throws", "true", "try", "await",
}


class Unsupported(Exception):
    """Something in the protos the generator does not handle: `where` names the element."""

    def __init__(self, file, where, what):
        super().__init__(f"{file}: {where}: {what}" if where else f"{file}: {what}")


@dataclass
class Field:
    name: str
    number: int
    type: str  # a key of SCALAR_TYPES' values, or the name of a top-level enum or message
    repeated: bool


@dataclass
class Message:
    name: str
    fields: list


@dataclass
class Enum:
    name: str
    values: list  # (value name, number)


@dataclass
class Method:
    name: str  # as in the proto: ValidateConfig
    wire_name: str  # as on the wire: config.v1.ValidateConfig
    request: str
    response: str
    comment: str


@dataclass
class Service:
    name: str  # as in the proto: ConfigService
    prefix: str  # its wire prefix: config
    methods: list
    comment: str


@dataclass
class ProtoFile:
    path: str  # components/v1/config.proto
    package: str
    enums: list = field(default_factory=list)
    messages: list = field(default_factory=list)
    services: list = field(default_factory=list)

    @property
    def stem(self):
        return PurePosixPath(self.path).stem


def load(descriptor_set_path):
    """The files of the descriptor set, sorted by path, checked and converted."""
    descriptor_set = descriptor_pb2.FileDescriptorSet()
    with open(descriptor_set_path, "rb") as data:
        descriptor_set.ParseFromString(data.read())
    files = sorted(descriptor_set.file, key=lambda f: f.name)
    if not files:
        raise Unsupported(descriptor_set_path, "", "the descriptor set holds no file")
    package = files[0].package
    enums = {e.name for f in files for e in f.enum_type}
    messages = {m.name for f in files for m in f.message_type}
    return [convert(f, package, enums, messages) for f in files]


def convert(proto, package, enums, messages):
    path = proto.name
    if proto.syntax != "proto3":
        raise Unsupported(path, "", f"syntax \"{proto.syntax or 'proto2'}\" is not supported, only proto3")
    if proto.package != package:
        raise Unsupported(path, "", f"package {proto.package} differs from {package}; the Swift types of all files share one namespace, Wire")
    if proto.extension:
        raise Unsupported(path, f"extension {proto.extension[0].name}", "extensions are not supported")
    result = ProtoFile(path=path, package=package)
    for enum in proto.enum_type:
        if enum.options.allow_alias:
            raise Unsupported(path, f"enum {enum.name}", "allow_alias is not supported (a Swift enum needs distinct raw values)")
        result.enums.append(Enum(enum.name, [(v.name, v.number) for v in enum.value]))
    for message in proto.message_type:
        result.messages.append(convert_message(path, message, package, enums, messages))
    comments = leading_comments(proto)
    for index, service in enumerate(proto.service):
        result.services.append(convert_service(path, index, service, package, messages, comments))
    return result


def convert_message(path, message, package, enums, messages):
    where = f"message {message.name}"
    map_entries = {nested.name for nested in message.nested_type if nested.options.map_entry}
    for f in message.field:
        if f.type == FieldType.TYPE_MESSAGE and f.type_name.rsplit(".", 1)[-1] in map_entries:
            raise Unsupported(path, f"{where}, field {f.name}", "map fields are not supported; use a repeated message of key and value")
    for nested in message.nested_type:
        raise Unsupported(path, f"{where}, nested message {nested.name}", "nested messages are not supported; declare it at the top level")
    for nested in message.enum_type:
        raise Unsupported(path, f"{where}, nested enum {nested.name}", "nested enums are not supported; declare it at the top level")
    if message.extension or message.extension_range:
        raise Unsupported(path, where, "extensions are not supported")
    fields = []
    for f in message.field:
        at = f"{where}, field {f.name}"
        if f.proto3_optional:
            raise Unsupported(path, at, "optional (explicit presence) is not supported")
        if f.HasField("oneof_index"):
            raise Unsupported(path, at, f"oneof {message.oneof_decl[f.oneof_index].name} is not supported")
        if f.label == FieldType.LABEL_REQUIRED:
            raise Unsupported(path, at, "required fields are not supported")
        if camel_case(f.name) in SWIFT_RESERVED:
            raise Unsupported(path, at, f"the Swift property would be named {camel_case(f.name)}, a Swift keyword; rename the field")
        fields.append(Field(f.name, f.number, field_type(path, at, f, package, enums, messages), f.label == FieldType.LABEL_REPEATED))
    return Message(message.name, fields)


def field_type(path, at, f, package, enums, messages):
    if f.type in SCALAR_TYPES:
        return SCALAR_TYPES[f.type]
    if f.type in (FieldType.TYPE_MESSAGE, FieldType.TYPE_ENUM):
        return top_level_type(path, at, f.type_name, package, enums if f.type == FieldType.TYPE_ENUM else messages)
    name = FieldType.Type.Name(f.type).removeprefix("TYPE_").lower()
    supported = ", ".join(sorted(SCALAR_TYPES.values()))
    raise Unsupported(path, at, f"type {name} is not supported (scalars supported: {supported})")


def top_level_type(path, at, type_name, package, known):
    """`.components.v1.Violation` to `Violation`, when it is a top-level type of `package`."""
    prefix = f".{package}."
    if not type_name.startswith(prefix):
        raise Unsupported(path, at, f"type {type_name.lstrip('.')} is of another package; only types of {package} are supported")
    name = type_name[len(prefix):]
    if name not in known:
        raise Unsupported(path, at, f"type {name} is not a top-level type of {package}; nested types are not supported")
    return name


def convert_service(path, index, service, package, messages, comments):
    """The wire name of an rpc is `<prefix>.<version>.<Rpc>`: the service's name without its
    `Service` suffix, lower-cased, then the last part of the package (ConfigService's
    ValidateConfig in components.v1 is `config.v1.ValidateConfig`)."""
    where = f"service {service.name}"
    if not service.name.endswith("Service") or service.name == "Service":
        raise Unsupported(path, where, "a service's name must end in \"Service\"; the part before it, lower-cased, starts its methods' wire names")
    prefix = service.name.removesuffix("Service").lower()
    version = package.rsplit(".", 1)[-1]
    methods = []
    for number, method in enumerate(service.method):
        at = f"{where}, rpc {method.name}"
        if method.client_streaming or method.server_streaming:
            raise Unsupported(path, at, "streaming rpcs are not supported; every call is one request and one response")
        methods.append(Method(
            name=method.name,
            wire_name=f"{prefix}.{version}.{method.name}",
            request=top_level_type(path, at, method.input_type, package, messages),
            response=top_level_type(path, at, method.output_type, package, messages),
            comment=comments.get((6, index, 2, number), "")))
    return Service(service.name, prefix, methods, comments.get((6, index), ""))


def leading_comments(proto):
    """Leading comments by element path (present when protoc-c ran with --include_source_info)."""
    return {tuple(location.path): location.leading_comments.strip()
            for location in proto.source_code_info.location if location.leading_comments}


def camel_case(name, upper=False):
    parts = name.split("_")
    out = parts[0].lower() + "".join(p[:1].upper() + p[1:].lower() for p in parts[1:])
    return out[:1].upper() + out[1:] if upper else out

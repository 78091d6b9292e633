#!/usr/bin/env python3
"""Generates Swift value types, their protobuf-c conversions and typed RPC methods from the
descriptor set protoc-c writes for proto/components/v1. Run by scripts/generate-proto:

    proto_swift.py DESCRIPTORS MESSAGES_DIR CONVERSIONS_DIR METHODS_DIR RANDOM_FILE

What it handles, and what it refuses, is in proto_model.py; on anything it does not handle it
exits with status 1 and a message naming the file and the element, writing nothing.
"""
import re
import sys
from pathlib import Path

from proto_model import Unsupported, load
from proto_model import camel_case as camel

SCALARS = {
    # proto type: (Swift type, C->Swift expr template, Swift->C expr template, random expr)
    "string": ("String", "stringFromC({c})", "arena.string({s})", "randomString(using: &rng)"),
    "bool": ("Bool", "({c} != 0)", "({s} ? 1 : 0)", "Bool.random(using: &rng)"),
    "uint32": ("UInt32", "{c}", "{s}", "UInt32.random(in: 0...UInt32.max, using: &rng)"),
    "uint64": ("UInt64", "{c}", "{s}", "UInt64.random(in: 0...UInt64.max, using: &rng)"),
    "int32": ("Int32", "{c}", "{s}", "Int32.random(in: Int32.min...Int32.max, using: &rng)"),
    "int64": ("Int64", "{c}", "{s}", "Int64.random(in: Int64.min...Int64.max, using: &rng)"),
    "bytes": ("[UInt8]", "bytesFromC({c})", "arena.bytes({s})", "randomBytes(using: &rng)"),
}


def snake(name):
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


SWIFT_KEYWORDS = {"default", "none", "private", "public", "internal", "protocol", "self", "case", "in"}


# What an enum value this build does not know reads as. Proto3 makes it the zero value, but
# an unknown status code must never read as OK.
UNKNOWN_FALLBACK = {"Code": ".internal"}


def fallback(enum_name):
    return UNKNOWN_FALLBACK.get(enum_name, ".allCases[0]")


def enum_case(enum_name, value_name):
    prefix = snake(enum_name).upper() + "_"
    name = value_name[len(prefix):] if value_name.startswith(prefix) else value_name
    case = camel(name)
    return f"`{case}`" if case in SWIFT_KEYWORDS else case


def main(descriptors, messages_dir, conversions_dir, methods_dir, random_file):
    try:
        files = load(descriptors)
    except Unsupported as error:
        sys.exit(f"proto_swift: {error}")
    all_enums = {e.name for f in files for e in f.enums}
    all_messages = [m.name for f in files for m in f.messages]
    outputs = {}
    random_lines = [HEADER, "import Protocol", "", "// Random values of every wire message, for property tests.",
                    "extension Wire {"]
    for f in files:
        cprefix = "".join(camel(p, upper=True) + "__" for p in f.package.split("."))
        fprefix = "".join(p.lower() + "__" for p in f.package.split("."))
        swift = [HEADER, "// Wire messages of proto/" + f.path + ".", "", "extension Wire {"]
        conv = [HEADER, "internal import CProto", "", "// Conversions between the Swift and the protobuf-c forms of " + f.stem + ".proto.", ""]
        for enum in f.enums:
            swift.append(f"    /// The `{enum.name}` enum of {f.stem}.proto.")
            swift.append(f"    public enum {enum.name}: Int32, Sendable, Hashable, Codable, CaseIterable {{")
            for vname, num in enum.values:
                swift.append(f"        case {enum_case(enum.name, vname)} = {num}")
            swift.append("    }")
            swift.append("")
        for message in f.messages:
            name, fields = message.name, message.fields
            swift.append(f"    /// The `{name}` message of {f.stem}.proto.")
            swift.append(f"    public struct {name}: Sendable, Hashable, Codable {{")
            inits, params = [], []
            for field in fields:
                st, default = swift_type(field, all_enums)
                prop = camel(field.name)
                swift.append(f"        public var {prop}: {st} = {default}")
                params.append(f"{prop}: {st} = {default}")
                inits.append(f"            self.{prop} = {prop}")
            swift.append("")
            swift.append("        /// Creates a message with every field at its proto3 zero value.")
            swift.append("        public init() {}")
            if fields:
                swift.append("")
                swift.append("        /// Creates a message; fields not given keep their proto3 zero value.")
                swift.append(f"        public init({', '.join(params)}) {{")
                swift.extend(inits)
                swift.append("        }")
            swift.append("    }")
            swift.append("")
            conv.extend(conversion(name, fields, cprefix, fprefix, all_enums))
            random_lines.extend(random_fn(name, fields, all_enums))
        swift.append("}")
        outputs[Path(messages_dir, camel(f.stem, upper=True) + "Messages.swift")] = "\n".join(swift) + "\n"
        outputs[Path(conversions_dir, camel(f.stem, upper=True) + "Messages+CProto.swift")] = "\n".join(conv)
        for service in f.services:
            outputs[Path(methods_dir, method_enum_name(service) + ".swift")] = "\n".join(methods(f, service)) + "\n"
    random_lines.append("    /// One random value of every message type, for tests that cover them all.")
    random_lines.append("    public static func randomMessageOfEveryType<R: RandomNumberGenerator>(using rng: inout R) -> [any WireMessage] {")
    random_lines.append("        [")
    random_lines.extend(f"            random{m}(using: &rng)," for m in all_messages)
    random_lines.append("        ]")
    random_lines.append("    }")
    random_lines.append("}")
    outputs[Path(random_file)] = "\n".join(random_lines) + "\n"
    for path, text in outputs.items():
        path.write_text(text)


def method_enum_name(service):
    """`ConfigService` (wire prefix `config`) to `ConfigMethod`."""
    return camel(service.prefix, upper=True) + "Method"


def methods(f, service):
    """One `RPCMethod` constant per rpc, so a method cannot be called or served with other types."""
    version = f.package.rsplit(".", 1)[-1]
    out = [HEADER, f"// The rpcs of {service.name} in proto/{f.path}.", ""]
    summary = service.comment.split("\n\n")[0] if service.comment else ""
    out.append(f"/// The methods of `{service.name}` ({f.stem}.proto), called as `{service.prefix}.{version}.<Rpc>`.")
    if summary:
        out.append("///")
        out.extend(doc_lines(summary, ""))
    out.append(f"public enum {method_enum_name(service)} {{")
    for i, method in enumerate(service.methods):
        if i:
            out.append("")
        out.append(f"    /// `{method.wire_name}`: `{method.request}` in, `{method.response}` out.")
        if method.comment:
            out.append("    ///")
            out.extend(doc_lines(method.comment, "    "))
        out.append(f"    public static let {method.name[:1].lower() + method.name[1:]} = "
                   f"RPCMethod<Wire.{method.request}, Wire.{method.response}>(name: \"{method.wire_name}\")")
    out.append("}")
    return out


def doc_lines(comment, indent):
    return [f"{indent}/// {line.strip()}".rstrip() for line in comment.splitlines()]


HEADER = "// Generated by scripts/generate-proto from proto/components/v1. Do not edit.\n"


def swift_type(f, enums):
    t = f.type
    if t in SCALARS:
        base, default = SCALARS[t][0], {"String": '""', "Bool": "false", "[UInt8]": "[]"}.get(SCALARS[t][0], "0")
    elif t in enums:
        base, default = t, None
    else:
        base, default = t, None
    if f.repeated:
        return f"[{base}]", "[]"
    if t in enums:
        return base, f"{t}(rawValue: 0) ?? .allCases[0]"
    if t not in SCALARS:
        return f"{base}?", "nil"
    return base, default


def conversion(name, fields, cprefix, fprefix, enums):
    ctype = cprefix + name
    cfn = fprefix + snake(name)
    out = [f"extension Wire.{name}: CBackedMessage {{",
           f"    typealias CMessage = {ctype}",
           "",
           f"    static func cUnpack(_ count: Int, _ data: UnsafePointer<UInt8>) -> UnsafeMutablePointer<CMessage>? {{ {cfn}__unpack(nil, count, data) }}",
           f"    static func cFree(_ message: UnsafeMutablePointer<CMessage>) {{ {cfn}__free_unpacked(message, nil) }}",
           f"    static func cInit(_ message: UnsafeMutablePointer<CMessage>) {{ {cfn}__init(message) }}",
           f"    static func cPackedSize(_ message: UnsafePointer<CMessage>) -> Int {{ {cfn}__get_packed_size(message) }}",
           f"    static func cPack(_ message: UnsafePointer<CMessage>, _ out: UnsafeMutablePointer<UInt8>) -> Int {{ {cfn}__pack(message, out) }}",
           "",
           "    public init(protobufBytes bytes: [UInt8]) throws(RPCError) { self = try Self.decode(bytes: bytes) }",
           "    public func protobufBytes() -> [UInt8] { encodedBytes() }",
           "",
           "    init(cMessage c: UnsafePointer<CMessage>) {",
           "        self.init()"]
    for f in fields:
        prop, cf, t = camel(f.name), f.name, f.type
        if f.repeated:
            elem = item_from_c("c.pointee.%s[$0]" % cf, t, enums)
            if elem is None:
                out.append(f"        self.{prop} = (0..<c.pointee.n_{cf}).compactMap {{ c.pointee.{cf}[$0].map {{ Wire.{t}(cMessage: $0) }} }}")
            else:
                out.append(f"        self.{prop} = (0..<c.pointee.n_{cf}).map {{ {elem} }}")
        elif t in SCALARS:
            out.append(f"        self.{prop} = " + SCALARS[t][1].format(c=f"c.pointee.{cf}"))
        elif t in enums:
            out.append(f"        self.{prop} = Wire.{t}(rawValue: Int32(truncatingIfNeeded: c.pointee.{cf}.rawValue)) ?? {fallback(t)}")
        else:
            out.append(f"        self.{prop} = c.pointee.{cf}.map {{ Wire.{t}(cMessage: $0) }}")
    out.append("    }")
    out.append("")
    out.append("    func fill(_ c: UnsafeMutablePointer<CMessage>, arena: WireArena) {")
    out.append("        Self.cInit(c)")
    for f in fields:
        prop, cf, t = camel(f.name), f.name, f.type
        if f.repeated:
            out.append(f"        c.pointee.n_{cf} = {prop}.count")
            if t in SCALARS and t not in ("string", "bytes", "bool"):
                out.append(f"        c.pointee.{cf} = arena.array({prop})")
            elif t in SCALARS:
                conv_expr = SCALARS[t][2].format(s="$0")
                out.append(f"        c.pointee.{cf} = arena.array({prop}.map {{ {conv_expr} }})")
            elif t in enums:
                out.append(f"        c.pointee.{cf} = arena.array({prop}.map {{ .init(rawValue: .init(truncatingIfNeeded: $0.rawValue)) }})")
            else:
                out.append(f"        c.pointee.{cf} = arena.array({prop}.map {{ arena.message($0) }})")
        elif t in SCALARS:
            out.append(f"        c.pointee.{cf} = " + SCALARS[t][2].format(s=prop))
        elif t in enums:
            out.append(f"        c.pointee.{cf} = .init(rawValue: .init(truncatingIfNeeded: {prop}.rawValue))")
        else:
            out.append(f"        c.pointee.{cf} = {prop}.map {{ arena.message($0) }}")
    out.append("    }")
    out.append("}")
    out.append("")
    return out


def item_from_c(expr, t, enums):
    if t in SCALARS:
        return SCALARS[t][1].format(c=expr)
    if t in enums:
        return f"Wire.{t}(rawValue: Int32(truncatingIfNeeded: {expr}.rawValue)) ?? {fallback(t)}"
    return None


def random_fn(name, fields, enums):
    out = [f"    /// A random `{name}`; nested messages only while `depth` allows.",
           f"    public static func random{name}<R: RandomNumberGenerator>(using rng: inout R, depth: Int = 2) -> {name} {{",
           f"        var m = {name}()"]
    for f in fields:
        prop, t = camel(f.name), f.type
        if t in SCALARS:
            one = SCALARS[t][3]
        elif t in enums:
            one = f"{t}.allCases.randomElement(using: &rng) ?? .allCases[0]"
        else:
            one = f"random{t}(using: &rng, depth: depth - 1)"
        if f.repeated:
            guard = "depth > 0 ? " if t not in SCALARS and t not in enums else ""
            tail = " : []" if guard else ""
            out.append(f"        m.{prop} = {guard}(0..<Int.random(in: 0...3, using: &rng)).map {{ _ in {one} }}{tail}")
        elif t not in SCALARS and t not in enums:
            out.append(f"        m.{prop} = depth > 0 && Bool.random(using: &rng) ? {one} : nil")
        else:
            out.append(f"        m.{prop} = {one}")
    out.append("        return m")
    out.append("    }")
    out.append("")
    return out


if __name__ == "__main__":
    if len(sys.argv) != 6:
        sys.exit(__doc__)
    main(*sys.argv[1:6])

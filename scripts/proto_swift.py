#!/usr/bin/env python3
"""Generates Swift value types and their protobuf-c conversions from proto/components/v1.

Handles the proto3 subset our files use: messages with scalar, string, bytes, enum and
message fields (singular or repeated), top-level enums, imports. Run by scripts/generate-proto.
"""
import re
import sys
from pathlib import Path

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


def camel(name, upper=False):
    parts = name.split("_")
    out = parts[0].lower() + "".join(p[:1].upper() + p[1:].lower() for p in parts[1:])
    if upper:
        out = out[:1].upper() + out[1:]
    return out


def snake(name):
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


SWIFT_KEYWORDS = {"default", "none", "private", "public", "internal", "protocol", "self", "case", "in"}


def parse(path):
    text = re.sub(r"//[^\n]*", "", Path(path).read_text())
    package = re.search(r"package\s+([\w.]+)\s*;", text).group(1)
    messages, enums = [], []
    for kind, name, body in re.findall(r"\b(message|enum)\s+(\w+)\s*\{([^}]*)\}", text):
        if kind == "enum":
            values = [(n, int(v)) for n, v in re.findall(r"(\w+)\s*=\s*(-?\d+)\s*;", body)]
            enums.append((name, values))
        else:
            fields = []
            for rep, typ, fname, num in re.findall(r"(repeated\s+)?(\w+)\s+(\w+)\s*=\s*(\d+)\s*;", body):
                fields.append({"repeated": bool(rep), "type": typ, "name": fname, "number": int(num)})
            messages.append((name, fields))
    return package, messages, enums


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


def main(proto_dir, messages_dir, conversions_dir, random_file):
    files = sorted(Path(proto_dir).glob("*.proto"))
    parsed = {f.stem: parse(f) for f in files}
    all_enums = {name for _, (_, _, enums) in parsed.items() for name, _ in enums}
    all_messages = [m for _, (_, msgs, _) in parsed.items() for m, _ in msgs]
    random_lines = [HEADER, "import Protocol", "", "// Random values of every wire message, for property tests.",
                    "extension Wire {"]
    for stem, (package, messages, enums) in parsed.items():
        cprefix = "".join(camel(p, upper=True) + "__" for p in package.split("."))
        fprefix = "".join(p.lower() + "__" for p in package.split("."))
        swift = [HEADER, "// Wire messages of proto/components/v1/" + stem + ".proto.", "", "extension Wire {"]
        conv = [HEADER, "internal import CProto", "", "// Conversions between the Swift and the protobuf-c forms of " + stem + ".proto.", ""]
        for name, values in enums:
            swift.append(f"    /// The `{name}` enum of {stem}.proto.")
            swift.append(f"    public enum {name}: Int32, Sendable, Hashable, Codable, CaseIterable {{")
            for vname, num in values:
                swift.append(f"        case {enum_case(name, vname)} = {num}")
            swift.append("    }")
            swift.append("")
        for name, fields in messages:
            swift.append(f"    /// The `{name}` message of {stem}.proto.")
            swift.append(f"    public struct {name}: Sendable, Hashable, Codable {{")
            inits, params = [], []
            for f in fields:
                st, default = swift_type(f, all_enums)
                prop = camel(f["name"])
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
            random_lines.extend(random_fn(name, fields, all_enums, parsed))
        swift.append("}")
        Path(messages_dir, camel(stem, upper=True) + "Messages.swift").write_text("\n".join(swift) + "\n")
        Path(conversions_dir, camel(stem, upper=True) + "Messages+CProto.swift").write_text("\n".join(conv))
    random_lines.append("    /// One random value of every message type, for tests that cover them all.")
    random_lines.append("    public static func randomMessageOfEveryType<R: RandomNumberGenerator>(using rng: inout R) -> [any WireMessage] {")
    random_lines.append("        [")
    random_lines.extend(f"            random{m}(using: &rng)," for m in all_messages)
    random_lines.append("        ]")
    random_lines.append("    }")
    random_lines.append("}")
    Path(random_file).write_text("\n".join(random_lines) + "\n")


HEADER = "// Generated by scripts/generate-proto from proto/components/v1. Do not edit.\n"


def swift_type(f, enums):
    t = f["type"]
    if t in SCALARS:
        base, default = SCALARS[t][0], {"String": '""', "Bool": "false", "[UInt8]": "[]"}.get(SCALARS[t][0], "0")
    elif t in enums:
        base, default = t, None
    else:
        base, default = t, None
    if f["repeated"]:
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
        prop, cf, t = camel(f["name"]), f["name"], f["type"]
        if f["repeated"]:
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
        prop, cf, t = camel(f["name"]), f["name"], f["type"]
        if f["repeated"]:
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


def random_fn(name, fields, enums, parsed):
    out = [f"    /// A random `{name}`; nested messages only while `depth` allows.",
           f"    public static func random{name}<R: RandomNumberGenerator>(using rng: inout R, depth: Int = 2) -> {name} {{",
           f"        var m = {name}()"]
    for f in fields:
        prop, t = camel(f["name"]), f["type"]
        if t in SCALARS:
            one = SCALARS[t][3]
        elif t in enums:
            one = f"{t}.allCases.randomElement(using: &rng) ?? .allCases[0]"
        else:
            one = f"random{t}(using: &rng, depth: depth - 1)"
        if f["repeated"]:
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
    main(*sys.argv[1:5])

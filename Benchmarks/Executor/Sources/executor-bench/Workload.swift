import Foundation

/// The benchmark's plan: `levels × width` components in a DAG of wait-for edges, each a
/// sleep of a known length. A one-off runs `sleep D` to completion; a continuous component
/// runs a tiny C listener that sleeps D and then listens on `$PORT`, with a TCP health check,
/// so it becomes healthy D after it starts. Level 0 holds the one component that builds (all
/// others reuse its image); every component of level k > 0 waits for 1–3 of level k − 1, so
/// the longest wait-for chain has `levels` components.
struct Workload {
    enum Kind: String { case oneOff = "one-off", continuous }

    struct Node {
        var name: String
        var kind: Kind
        /// The sleep, in milliseconds: run time of a one-off, time to listening of a continuous.
        var milliseconds: Int
        var waitFor: [String]
    }

    var nodes: [Node]

    /// A deterministic plan (same seed → same plan).
    init(levels: Int, width: Int, minimumMilliseconds: Int, maximumMilliseconds: Int, seed: UInt64) {
        var random = SplitMix64(seed: seed)
        var nodes: [Node] = []
        var previous: [String] = []
        for level in 0..<levels {
            var current: [String] = []
            for index in 0..<width {
                let name = String(format: "c%02d-%d", level, index)
                // Alternate the kinds so every level and every chain mixes both.
                let kind: Kind = (level + index) % 2 == 0 ? .oneOff : .continuous
                let span = UInt64(maximumMilliseconds - minimumMilliseconds + 1)
                let milliseconds = minimumMilliseconds + Int(random.next() % span)
                var waitFor: [String] = []
                if !previous.isEmpty {
                    let count = 1 + Int(random.next() % UInt64(min(3, previous.count)))
                    var pool = previous
                    for _ in 0..<count {
                        waitFor.append(pool.remove(at: Int(random.next() % UInt64(pool.count))))
                    }
                }
                nodes.append(Node(name: name, kind: kind, milliseconds: milliseconds, waitFor: waitFor.sorted()))
                current.append(name)
            }
            previous = current
        }
        self.nodes = nodes
    }

    var buildComponent: String { nodes[0].name }

    /// The config source: the first component builds `repository`, every other reuses its image.
    func yaml(repository: String) -> String {
        var lines = ["config-version: v0.1", "components:"]
        for (offset, node) in nodes.enumerated() {
            lines.append("  \(node.name):")
            lines.append("    type: \(node.kind.rawValue)")
            if node.name == buildComponent {
                lines.append("    build: {repository: \"\(repository)\", ref: main}")
            } else {
                lines.append("    build: {reuse-from: \(buildComponent)}")
            }
            if !node.waitFor.isEmpty {
                lines.append("    wait-for: [\(node.waitFor.joined(separator: ", "))]")
            }
            let seconds = String(format: "%.3f", Double(node.milliseconds) / 1000)
            switch node.kind {
            case .oneOff:
                lines.append("    run: {command: oneoff, timeout: 1m, env: {BENCH_SECONDS: \"\(seconds)\"}}")
            case .continuous:
                lines.append("    run: {command: serve, port: \(7000 + offset), health-check: {type: tcp}, env: {BENCH_SECONDS: \"\(seconds)\"}}")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The longest wait-for chain by the known durations: its length in milliseconds and its
    /// components, first to last.
    func criticalChain() -> (milliseconds: Int, chain: [String]) {
        var finish: [String: Int] = [:]
        var via: [String: String] = [:]
        // Nodes are generated level by level, so every dependency comes first.
        for node in nodes {
            let before = node.waitFor.max { (finish[$0] ?? 0) < (finish[$1] ?? 0) }
            finish[node.name] = (before.flatMap { finish[$0] } ?? 0) + node.milliseconds
            if let before { via[node.name] = before }
        }
        guard let last = nodes.max(by: { finish[$0.name]! < finish[$1.name]! }) else { return (0, []) }
        var chain = [last.name]
        while let previous = via[chain[0]] { chain.insert(previous, at: 0) }
        return (finish[last.name]!, chain)
    }

    func node(_ name: String) -> Node? { nodes.first { $0.name == name } }
}

/// A small deterministic generator, so the plan does not depend on the platform's RNG.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// The C listener continuous components run: sleeps argv[1] seconds, then accepts (and
/// closes) connections on $PORT of all addresses until it is signalled (in the executor's
/// default network mode each run has its own namespace, whose loopback only it can reach).
/// It starts in about a millisecond, so a component's time to healthy is its sleep, not an interpreter's start.
let listenerSource = #"""
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

int main(int argc, char **argv) {
    double delay = argc > 1 ? atof(argv[1]) : 0;
    const char *port = getenv("PORT");
    if (port == NULL) { fprintf(stderr, "listener: PORT is not set\n"); return 2; }
    struct timespec left = { (time_t)delay, (long)((delay - (double)(time_t)delay) * 1e9) };
    while (nanosleep(&left, &left) == -1 && errno == EINTR) {}
    int s = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in address = {0};
    address.sin_family = AF_INET;
    address.sin_port = htons((unsigned short)atoi(port));
    address.sin_addr.s_addr = htonl(INADDR_ANY);
    if (bind(s, (struct sockaddr *)&address, sizeof address) != 0 || listen(s, 64) != 0) { perror("listener"); return 1; }
    printf("listening on %s\n", port);
    fflush(stdout);
    for (;;) { int c = accept(s, NULL, NULL); if (c >= 0) close(c); }
}
"""#

extension Workload {
    /// The memory scenario's config: `count` continuous listeners with no wait-for, all up at once.
    static func allContinuousYAML(count: Int, repository: String) -> String {
        var lines = ["config-version: v0.1", "components:"]
        for index in 0..<count {
            let name = String(format: "m%02d", index)
            lines.append("  \(name):")
            lines.append("    type: continuous")
            lines.append(index == 0 ? "    build: {repository: \"\(repository)\", ref: main}" : "    build: {reuse-from: m00}")
            lines.append("    run: {command: serve, port: \(8000 + index), health-check: {type: tcp}, env: {BENCH_SECONDS: \"0\"}}")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

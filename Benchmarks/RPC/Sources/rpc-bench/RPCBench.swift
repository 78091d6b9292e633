import ArgumentParser
import NIOPosix

/// Measures, on loopback and in one run: the small-call round trip of our RPC against a raw
/// NIO echo of the same bytes (the floor), and the throughput of our RPC against
/// grpc-swift-2 with many calls in flight on one connection. The ratios are the last lines.
///
/// Server and client each get their own one-thread event loop group, so every system
/// runs on the same threads: one server loop, one client loop, and Swift's task pool.
/// Measurements of the systems compared alternate in rounds so a noisy moment of the
/// machine falls on both.
@main
struct RPCBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rpc-bench",
        abstract: "Our RPC vs a raw NIO echo (latency) and vs grpc-swift-2 (throughput), on loopback.")

    @Option(help: "Payload bytes of every call.")
    var payloadSize = 64

    @Option(help: "Sequential calls timed per system for the latency figures.")
    var latencyCalls = 20_000

    @Option(help: "Untimed calls per system before anything is measured.")
    var warmupCalls = 2_000

    @Option(help: "Calls per system for the throughput figures.")
    var throughputCalls = 200_000

    @Option(help: "Calls in flight on the one connection for the throughput figures.")
    var concurrency = 64

    @Option(help: "Alternating rounds the calls are split into.")
    var rounds = 4

    @Option(help: "Only time sequential calls of one system (rpc, rpc-loop, raw-nio or grpc), for a profiler.")
    var only: System?

    enum System: String, ExpressibleByArgument {
        case rpc, rpcLoop = "rpc-loop", rawNIO = "raw-nio", grpc
    }

    func validate() throws {
        guard payloadSize >= 0 else { throw ValidationError("--payload-size must not be negative") }
        guard rounds > 0, latencyCalls >= rounds, throughputCalls >= rounds else {
            throw ValidationError("--rounds must be positive and at most --latency-calls and --throughput-calls")
        }
        guard concurrency > 0 else { throw ValidationError("--concurrency must be positive") }
    }

    func run() async throws {
        let serverGroup = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let clientGroup = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        do {
            try await measure(serverGroup: serverGroup, clientGroup: clientGroup)
        } catch {
            try? await clientGroup.shutdownGracefully()
            try? await serverGroup.shutdownGracefully()
            throw error
        }
        try await clientGroup.shutdownGracefully()
        try await serverGroup.shutdownGracefully()
    }

    private func measure(serverGroup: MultiThreadedEventLoopGroup, clientGroup: MultiThreadedEventLoopGroup) async throws {
        let payload = (0..<payloadSize).map { UInt8(truncatingIfNeeded: $0) }
        let raw = try await RawNIOEcho.start(payload: payload, serverGroup: serverGroup, clientGroup: clientGroup)
        let ours = try await ComponentsEcho.start(payload: payload, serverGroup: serverGroup, clientGroup: clientGroup)
        defer {
            ours.stop()
            raw.stop()
        }
        print("rpc-bench: \(payloadSize)-byte payload on 127.0.0.1; server and client each on a 1-thread event loop group")
        if let only {
            try await profile(only, payload: payload, raw: raw, ours: ours, serverGroup: serverGroup, clientGroup: clientGroup)
            return
        }

        try await GRPCEcho.with(payload: payload, serverGroup: serverGroup, clientGroup: clientGroup) { grpc in
            for _ in 0..<warmupCalls {
                try await raw.call()
                try await ours.call()
                try await ours.callOnLoop()
                try await grpc.call()
            }

            // Latency: one call at a time.
            var rawLatency = LatencySamples(), oursLatency = LatencySamples(), loopLatency = LatencySamples(), grpcLatency = LatencySamples()
            let perRound = latencyCalls / rounds
            for _ in 0..<rounds {
                rawLatency.append(contentsOf: try await measureRoundTrips(count: perRound, raw.call))
                oursLatency.append(contentsOf: try await measureRoundTrips(count: perRound, ours.call))
                loopLatency.append(contentsOf: try await measureRoundTrips(count: perRound, ours.callOnLoop))
                grpcLatency.append(contentsOf: try await measureRoundTrips(count: perRound, grpc.call))
            }
            print("latency, sequential calls (\(oursLatency.count) per system after \(warmupCalls) warm-up, \(rounds) alternating rounds):")
            printLatency("raw-nio echo (floor)", rawLatency)
            printLatency("rpc, handler on pool", oursLatency)
            printLatency("rpc, handler on loop", loopLatency)
            printLatency("grpc", grpcLatency)

            // Throughput: `concurrency` callers on the one connection.
            let warmup = max(concurrency, throughputCalls / 20)
            _ = try await measureConcurrent(total: warmup, concurrency: concurrency) { try await ours.call() }
            _ = try await measureConcurrent(total: warmup, concurrency: concurrency) { try await ours.callOnLoop() }
            _ = try await measureConcurrent(total: warmup, concurrency: concurrency) { try await grpc.call() }
            var oursThroughput = Throughput(), loopThroughput = Throughput(), grpcThroughput = Throughput(), rawThroughput = Throughput()
            let callsPerRound = throughputCalls / rounds
            for _ in 0..<rounds {
                oursThroughput.add(calls: callsPerRound, elapsed: try await measureConcurrent(total: callsPerRound, concurrency: concurrency) { try await ours.call() })
                loopThroughput.add(calls: callsPerRound, elapsed: try await measureConcurrent(total: callsPerRound, concurrency: concurrency) { try await ours.callOnLoop() })
                grpcThroughput.add(calls: callsPerRound, elapsed: try await measureConcurrent(total: callsPerRound, concurrency: concurrency) { try await grpc.call() })
                rawThroughput.add(calls: callsPerRound, elapsed: try await measureConcurrent(total: callsPerRound, concurrency: concurrency) { try await raw.call() })
            }
            print("throughput, \(concurrency) calls in flight on one connection (\(oursThroughput.calls) calls per system, \(rounds) alternating rounds):")
            printThroughput("raw-nio echo", rawThroughput)
            printThroughput("rpc, handler on pool", oursThroughput)
            printThroughput("rpc, handler on loop", loopThroughput)
            printThroughput("grpc", grpcThroughput)

            // Handlers that may block run on the pool (config, executor); those that never
            // block on the loop (health, metrics, planner), like the raw echo's.
            print("ratio p99 rpc/raw-nio: handler on pool \(format(oursLatency.percentile(0.99) / rawLatency.percentile(0.99))), "
                + "on loop \(format(loopLatency.percentile(0.99) / rawLatency.percentile(0.99)))")
            print("ratio p50 rpc/raw-nio, handler on pool: \(format(oursLatency.percentile(0.5) / rawLatency.percentile(0.5)))")
            print("ratio p50 rpc/raw-nio, handler on loop: \(format(loopLatency.percentile(0.5) / rawLatency.percentile(0.5))) (goal <= 1.5)")
            print("ratio throughput rpc/grpc: handler on pool \(format(oursThroughput.callsPerSecond / grpcThroughput.callsPerSecond)), "
                + "on loop \(format(loopThroughput.callsPerSecond / grpcThroughput.callsPerSecond)) (goal >= 3)")
        }
    }

    /// Sequential calls of one system and nothing else, for callgrind or perf.
    private func profile(_ system: System, payload: [UInt8], raw: RawNIOEcho, ours: ComponentsEcho, serverGroup: MultiThreadedEventLoopGroup, clientGroup: MultiThreadedEventLoopGroup) async throws {
        var samples = LatencySamples()
        switch system {
        case .rpc:
            samples.append(contentsOf: try await measureRoundTrips(count: latencyCalls, ours.call))
        case .rpcLoop:
            samples.append(contentsOf: try await measureRoundTrips(count: latencyCalls, ours.callOnLoop))
        case .rawNIO:
            samples.append(contentsOf: try await measureRoundTrips(count: latencyCalls, raw.call))
        case .grpc:
            try await GRPCEcho.with(payload: payload, serverGroup: serverGroup, clientGroup: clientGroup) { grpc in
                samples.append(contentsOf: try await measureRoundTrips(count: latencyCalls, grpc.call))
            }
        }
        print("latency, \(samples.count) sequential calls, no warm-up:")
        printLatency(system.rawValue, samples)
    }

    private func printLatency(_ name: String, _ samples: LatencySamples) {
        let label = name.padding(toLength: 22, withPad: " ", startingAt: 0)
        print("  \(label) p50 \(format(samples.percentile(0.5), width: 8)) us   p99 \(format(samples.percentile(0.99), width: 8)) us")
    }

    private func printThroughput(_ name: String, _ throughput: Throughput) {
        let label = name.padding(toLength: 22, withPad: " ", startingAt: 0)
        print("  \(label) \(format(throughput.callsPerSecond, decimals: 0, width: 9)) calls/s   (\(format(throughput.seconds)) s)")
    }
}

/// `value` with `decimals` digits after the point, right-aligned in `width` characters.
func format(_ value: Double, decimals: Int = 2, width: Int = 0) -> String {
    var scale = 1.0
    for _ in 0..<decimals { scale *= 10 }
    let rounded = (value * scale).rounded() / scale
    var text: String
    if decimals == 0 {
        text = String(Int(rounded))
    } else {
        let whole = Int(rounded.rounded(.towardZero))
        let fraction = Int((abs(rounded - Double(whole)) * scale).rounded())
        let digits = String(fraction)
        text = "\(rounded < 0 && whole == 0 ? "-" : "")\(whole)." + String(repeating: "0", count: max(0, decimals - digits.count)) + digits
    }
    if text.count < width { text = String(repeating: " ", count: width - text.count) + text }
    return text
}

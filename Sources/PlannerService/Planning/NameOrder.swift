/// Sorts strings by their UTF-8 bytes (a shorter string before its extensions) in time
/// linear in the bytes examined: an MSD radix sort that falls back to insertion sort on
/// small buckets.
///
/// Names are DNS labels, so byte order is the alphabetical order people expect. Comparing
/// `String`s in a generic sort was the planner's largest cost at 10,000 components.
enum NameOrder {
    /// Indices of `strings` in ascending byte order; equal strings keep their input order.
    static func sortedIndices(_ strings: [String]) -> [Int] {
        let n = strings.count
        var offsets = [Int](repeating: 0, count: n + 1)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(n * 16)
        for (i, s) in strings.enumerated() {
            bytes.append(contentsOf: s.utf8)
            offsets[i + 1] = bytes.count
        }
        var order = Array(0 ..< n)
        guard n > 1 else { return order }
        bytes.withUnsafeBufferPointer { bytes in
            offsets.withUnsafeBufferPointer { offsets in
                order.withUnsafeMutableBufferPointer { order in
                    sort(order, bytes: bytes, offsets: offsets)
                }
            }
        }
        return order
    }

    private static let insertionSortLimit = 24

    private static func sort(_ order: UnsafeMutableBufferPointer<Int>, bytes: UnsafeBufferPointer<UInt8>,
                             offsets: UnsafeBufferPointer<Int>) {
        var scratch = [Int](repeating: 0, count: order.count)
        var counts = [Int](repeating: 0, count: 257)
        var starts = [Int](repeating: 0, count: 257)
        var fill = [Int](repeating: 0, count: 257)
        var pending: [(low: Int, high: Int, depth: Int)] = [(0, order.count, 0)]

        // Byte `depth` of string `s` plus one, or 0 past its end (so shorter sorts first).
        @inline(__always) func key(_ s: Int, _ depth: Int) -> Int {
            let p = offsets[s] + depth
            return p < offsets[s + 1] ? Int(bytes[p]) + 1 : 0
        }

        while let (low, high, depth) = pending.popLast() {
            if high - low <= insertionSortLimit {
                insertionSort(order, low, high, depth, bytes: bytes, offsets: offsets)
                continue
            }
            for b in 0 ..< 257 { counts[b] = 0 }
            for k in low ..< high { counts[key(order[k], depth)] += 1 }
            var start = low
            for b in 0 ..< 257 {
                starts[b] = start
                fill[b] = start
                start += counts[b]
            }
            for k in low ..< high {
                let s = order[k]
                let b = key(s, depth)
                scratch[fill[b]] = s
                fill[b] += 1
            }
            for k in low ..< high { order[k] = scratch[k] }
            // Bucket 0 holds strings that ended here: all equal, already in input order.
            for b in 1 ..< 257 where counts[b] > 1 {
                pending.append((starts[b], starts[b] + counts[b], depth + 1))
            }
        }
    }

    private static func insertionSort(_ order: UnsafeMutableBufferPointer<Int>, _ low: Int, _ high: Int, _ depth: Int,
                                      bytes: UnsafeBufferPointer<UInt8>, offsets: UnsafeBufferPointer<Int>) {
        guard high - low > 1 else { return }
        for k in (low + 1) ..< high {
            let s = order[k]
            var j = k
            while j > low && less(s, order[j - 1], depth, bytes: bytes, offsets: offsets) {
                order[j] = order[j - 1]
                j -= 1
            }
            order[j] = s
        }
    }

    @inline(__always)
    private static func less(_ a: Int, _ b: Int, _ depth: Int, bytes: UnsafeBufferPointer<UInt8>,
                             offsets: UnsafeBufferPointer<Int>) -> Bool {
        var p = offsets[a] + depth
        var q = offsets[b] + depth
        let pe = offsets[a + 1]
        let qe = offsets[b + 1]
        while p < pe && q < qe {
            if bytes[p] != bytes[q] { return bytes[p] < bytes[q] }
            p += 1
            q += 1
        }
        return p == pe && q < qe
    }
}

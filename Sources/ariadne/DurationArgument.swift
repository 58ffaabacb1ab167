import ArgumentParser

/// A duration on the command line: `500ms`, `1s`, `2m`, `1h`, `250us`, `10ns` (a bare number is seconds).
struct DurationArgument: ExpressibleByArgument {
    let nanoseconds: Int64

    init?(argument: String) {
        let units: [(String, Double)] = [("ns", 1), ("us", 1e3), ("µs", 1e3), ("ms", 1e6), ("s", 1e9), ("m", 60e9), ("h", 3600e9)]
        for (suffix, scale) in units where argument.hasSuffix(suffix) {
            let number = argument.dropLast(suffix.count)
            if let value = Double(number), value >= 0, !(suffix == "s" && number.hasSuffix("m")) {
                nanoseconds = Int64(value * scale)
                return
            }
        }
        guard let seconds = Double(argument), seconds >= 0 else { return nil }
        nanoseconds = Int64(seconds * 1e9)
    }

    static var defaultCompletionKind: CompletionKind { .default }
}

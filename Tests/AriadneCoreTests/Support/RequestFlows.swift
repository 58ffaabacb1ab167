@testable import AriadneCore
import Foundation

/// Logs of a small shop (a gateway, an order service, two database replicas) written by the tests in
/// layouts no shipped pattern covers, with the truth kept: which request and host each line belongs to.
struct RequestFlows {
    /// One written line: its file, its 1-based line number, the request it belongs to, its host.
    struct Line: Hashable {
        var file: String
        var line: Int
        var request: Int
        var host: String
    }

    enum Layout: String, CaseIterable, CustomStringConvertible {
        /// `2026-03-14 09:26:53.589 INFO  [worker-7] order=o-4f1c2a9b payment accepted`, one file per host.
        case log4jLike
        /// `[14/Mar/2026:09:26:53.589 +0000] gw-1 INFO received POST /orders req_42`, one file for all hosts.
        case bracketedDate
        /// JSON lines with the pod in `kubernetes.pod_name` and the id in `txn`, one file for all hosts.
        case nestedJSON
        /// Go's `log` with microseconds and file:line, `tx-0a1b2c3d` tokens, one file per host.
        case goPerHost
        /// `Mar 14 09:26:53.589123 db-primary INFO  [http] stored rows=3 req=4f1c2a9b`, one file for all
        /// hosts, the databases named by role (`db-primary`, `db-replica`), not numbered.
        case machineColumn
        /// Tab-separated `time level caller message trace_id=…` with Go's caller (`order/svc.go:41`), one
        /// `app.log` per host directory (`gw-1/app.log`).
        case callerPerHostDirectory
        /// One file per host, each service in its own layout: the gateways' logfmt with `req_id=`, the
        /// order service's Java layout with class loggers (`c.e.order.OrderService`) and `trace=` in the
        /// message on replicas lettered `order-a`, `order-b`, the databases' JSON with `traceId` (which
        /// the shipped jsonl pattern names as execution ids). One id value throughout, under three names.
        case mixedPerHost
        /// Ruby's standard `Logger` as Rails writes it with its request id tag, one file per host:
        /// `I, [2026-03-14T09:26:53.589123 #4117]  INFO -- : [4f1c2a9b…] payment accepted`, the level's letter
        /// before the stamp and the pid inside its brackets.
        case rubyLogger
        /// Elasticsearch's and OpenSearch's log4j2 layout, its bracketed fields touching and padded, one
        /// file per host: `[2026-03-14T09:26:53,589][INFO ][c.e.o.OrderService      ] [order-1] order=o-4f1c2a9b …`.
        case touchingBrackets
        /// Rust's `tracing-subscriber` default format, one file per host: the span the record was written
        /// in with its fields, nested spans sometimes, then the target:
        /// `2026-03-14T09:26:53.589123Z  INFO handle{req_id=4f1c2a9b…}:charge{attempt=1}: shop::orders: payment accepted`.
        case tracingSpans
        /// Go's `log` with microseconds, each message opening with a noun and the request's UUID as
        /// `log.Printf("order %s: …")` writes it, one file per host:
        /// `2026/03/14 09:26:53.589123 order 4f1c2a9b-…: payment accepted`.
        case nounPrefixed

        var description: String { rawValue }

        var perHostFiles: Bool {
            self == .log4jLike || self == .goPerHost || self == .mixedPerHost || self == .rubyLogger || self == .touchingBrackets
                || self == .tracingSpans || self == .nounPrefixed
        }
    }

    /// The written files (name → text) and the truth per line.
    var files: [String: String] = [:]
    var lines: [Line] = []
    let requests: Int
    /// Service of each host.
    let services: [String: String]

    init(layout: Layout, requests: Int, seed: UInt64 = 7) {
        var random = SplitMix64(seed: seed)
        self.requests = requests
        let gateways = layout == .nestedJSON ? ["gateway-5f6c7d8b9-qrstv", "gateway-5f6c7d8b9-zk2wp"] : ["gw-1", "gw-2"]
        let orders = layout == .nestedJSON ? ["order-7d9f8c5b6-x2b4q", "order-7d9f8c5b6-m8dnt"]
            : layout == .mixedPerHost ? ["order-a", "order-b"] : ["order-1", "order-2"]
        let dbs = layout == .nestedJSON ? ["db-0", "db-1"] : layout == .machineColumn ? ["db-primary", "db-replica"] : ["db-1", "db-2"]
        var services: [String: String] = [:]
        for host in gateways { services[host] = layout == .nestedJSON ? "gateway" : "gw" }
        for host in orders { services[host] = "order" }
        // A host named by its role is its own service.
        for host in dbs { services[host] = layout == .machineColumn ? host : "db" }
        self.services = services
        struct Record { var time: Int64; var request: Int; var host: String; var level: String; var text: String }
        var records: [Record] = []
        let start: Int64 = 1_773_480_413_000_000 // 2026-03-14T09:26:53Z in microseconds
        for request in 0..<requests {
            let t0 = start + Int64(request) * 7_000 + Int64(random.next() % 3_000)
            let gw = gateways[Int(random.next() % 2)], order = orders[Int(random.next() % 2)], db = dbs[Int(random.next() % 2)]
            let user = 100 + Int(random.next() % 900)
            let rows = 1 + Int(random.next() % 9)
            let declined = random.next() % 5 == 0
            records.append(Record(time: t0, request: request, host: gw, level: "INFO", text: "received POST /orders"))
            records.append(Record(time: t0 + 1_100, request: request, host: order, level: "INFO", text: "creating order for user \(user)"))
            records.append(Record(time: t0 + 2_300, request: request, host: db, level: "INFO", text: "stored rows=\(rows)"))
            if declined {
                records.append(Record(time: t0 + 3_400, request: request, host: order, level: "WARN", text: "payment declined, retrying"))
            }
            records.append(Record(time: t0 + 4_600, request: request, host: order, level: "INFO", text: "order created"))
            records.append(Record(time: t0 + 5_800, request: request, host: gw, level: "INFO", text: "responded 201 Created in \(4 + rows) ms"))
        }
        records.sort { $0.time != $1.time ? $0.time < $1.time : $0.request < $1.request }
        var ids: [Int: String] = [:]
        for request in 0..<requests {
            let hex = String(format: "%08x", UInt32(truncatingIfNeeded: random.next()))
            switch layout {
            case .log4jLike, .touchingBrackets: ids[request] = "o-" + hex
            case .bracketedDate: ids[request] = "req_\(request + 1)"
            case .nestedJSON, .nounPrefixed:
                let a = random.next(), b = random.next()
                ids[request] = String(format: "%08x-%04x-4%03x-a%03x-%012llx", UInt32(truncatingIfNeeded: a), UInt16(truncatingIfNeeded: a >> 32),
                                      UInt16(truncatingIfNeeded: a >> 48) & 0xfff, UInt16(truncatingIfNeeded: b) & 0xfff, b >> 16)
            case .goPerHost: ids[request] = "tx-" + hex
            case .machineColumn, .callerPerHostDirectory, .mixedPerHost, .rubyLogger, .tracingSpans:
                ids[request] = hex + String(format: "%08x", UInt32(truncatingIfNeeded: random.next()))
            }
        }
        var counts: [String: Int] = [:]
        for (sequence, record) in records.enumerated() {
            let file = layout.perHostFiles ? "\(record.host).log" : layout == .callerPerHostDirectory ? "\(record.host)/app.log" : "all.log"
            let id = ids[record.request]!
            let text: String
            switch layout {
            case .log4jLike:
                text = "\(Self.format(record.time, "yyyy-MM-dd HH:mm:ss.SSS")) \(record.level.padding(toLength: 5, withPad: " ", startingAt: 0)) [worker-\(1 + random.next() % 8)] order=\(id) \(record.text)"
            case .touchingBrackets:
                let logger = ["c.e.o.OrderService", "o.o.i.s.IndexingPressure", "i.s.s.query"][Int(random.next() % 3)]
                text = "[\(Self.format(record.time, "yyyy-MM-ddTHH:mm:ss,SSS"))][\(record.level.padding(toLength: 5, withPad: " ", startingAt: 0))]"
                    + "[\(logger.padding(toLength: 25, withPad: " ", startingAt: 0))] [\(record.host)] order=\(id) \(record.text)"
            case .tracingSpans:
                let service = String(record.host.prefix { $0 != "-" })
                let span = record.level == "WARN" ? "handle{req_id=\(id)}:charge{attempt=\(1 + random.next() % 3)}" : "handle{req_id=\(id)}"
                text = "\(Self.format(record.time, "yyyy-MM-ddTHH:mm:ss.SSSSSS"))Z \(record.level.count == 4 ? " " : "")\(record.level) "
                    + "\(span): shop::\(service): \(record.text)"
            case .bracketedDate:
                text = "[\(Self.format(record.time, "dd/MMM/yyyy:HH:mm:ss.SSS")) +0000] \(record.host) \(record.level) \(record.text) \(id)"
            case .nestedJSON:
                text = #"{"@timestamp":"\#(Self.format(record.time, "yyyy-MM-ddTHH:mm:ss.SSS"))Z","level":"\#(record.level.lowercased())","kubernetes":{"pod_name":"\#(record.host)","namespace_name":"shop"},"message":"\#(record.text)","txn":"\#(id)","seq":\#(sequence)}"#
            case .goPerHost:
                text = "\(Self.format(record.time, "yyyy/MM/dd HH:mm:ss.SSSSSS")) handler.go:\(40 + record.text.count % 7): \(id) \(record.text)"
            case .nounPrefixed:
                text = "\(Self.format(record.time, "yyyy/MM/dd HH:mm:ss.SSSSSS")) order \(id): \(record.text)"
            case .rubyLogger:
                text = "\(record.level.prefix(1)), [\(Self.format(record.time, "yyyy-MM-ddTHH:mm:ss.SSSSSS")) #\(4100 + record.host.count)]"
                    + "  \(record.level.padding(toLength: 5, withPad: " ", startingAt: 0)) -- : [\(id)] \(record.text)"
            case .machineColumn:
                text = "\(Self.format(record.time, "MMM dd HH:mm:ss.SSSSSS")) \(record.host) \(record.level.padding(toLength: 5, withPad: " ", startingAt: 0)) [http] \(record.text) req=\(id)"
            case .callerPerHostDirectory:
                let service = String(record.host.prefix { $0 != "-" })
                text = "\(Self.format(record.time, "yyyy-MM-ddTHH:mm:ss.SSS"))Z\t\(record.level.lowercased())\t\(service)/svc.go:\(40 + record.text.count % 9)\t\(record.text)\ttrace_id=\(id)"
            case .mixedPerHost:
                if record.host.hasPrefix("gw") {
                    text = "ts=\(Self.format(record.time, "yyyy-MM-ddTHH:mm:ss.SSSSSS"))Z level=\(record.level.lowercased()) req_id=\(id) msg=\"\(record.text)\""
                } else if record.host.hasPrefix("order") {
                    let logger = record.level == "WARN" ? "c.e.order.PaymentClient" : "c.e.order.OrderService"
                    text = "\(Self.format(record.time, "yyyy-MM-dd HH:mm:ss.SSS")) [http-nio-8080-exec-\(1 + random.next() % 8)] "
                        + "\(record.level.padding(toLength: 5, withPad: " ", startingAt: 0)) \(logger) - \(record.text) trace=\(id)"
                } else {
                    text = #"{"@timestamp":"\#(Self.format(record.time, "yyyy-MM-ddTHH:mm:ss.SSSSSS"))Z","level":"\#(record.level.lowercased())","traceId":"\#(id)","message":"\#(record.text)"}"#
                }
            }
            files[file, default: ""] += text + "\n"
            counts[file, default: 0] += 1
            lines.append(Line(file: file, line: counts[file]!, request: record.request, host: record.host))
        }
    }

    /// Writes the files into a new scratch directory and returns it.
    func write() -> String {
        let directory = TestPaths.scratch()
        for (name, text) in files {
            let path = directory + "/" + name
            try? FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
        }
        return directory
    }

    /// `microseconds` since the epoch in UTC, written by `layout`'s tokens (`yyyy`, `MM`, `MMM`, `dd`,
    /// `HH`, `mm`, `ss`, `SSS`, `SSSSSS`; anything else is literal).
    static func format(_ microseconds: Int64, _ layout: String) -> String {
        let seconds = microseconds / 1_000_000, fraction = microseconds % 1_000_000
        let days = Int(seconds / 86_400), secondOfDay = Int(seconds % 86_400)
        // Civil date from days since 1970-01-01 (H. Hinnant's algorithm).
        let z = days + 719_468, era = z / 146_097, doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1, month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        var out = layout
        for (token, value) in [("SSSSSS", String(format: "%06lld", fraction)), ("SSS", String(format: "%03lld", fraction / 1000)),
                               ("yyyy", String(year)), ("MMM", months[month - 1]), ("MM", String(format: "%02d", month)),
                               ("dd", String(format: "%02d", day)), ("HH", String(format: "%02d", secondOfDay / 3600)),
                               ("mm", String(format: "%02d", secondOfDay / 60 % 60)), ("ss", String(format: "%02d", secondOfDay % 60))] {
            out = out.replacingOccurrences(of: token, with: value)
        }
        return out
    }
}

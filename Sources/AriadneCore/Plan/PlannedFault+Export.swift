import Foundation

extension PlannedFault {
    /// This fault as one entry of the testbed's fault list. A drop loses one message per execution
    /// (`count` 1): an omission, as in Molly, which a retry can get past; a loss lasting the whole run
    /// is a partition.
    var testbedFault: JSONValue {
        var entry: [String: JSONValue] = ["type": .string(kind)]
        switch target.kind {
        case "edge":
            let from = target.from ?? "", to = target.to ?? ""
            if kind == "partition" {
                entry["a"] = .string(from)
                entry["b"] = .string(to)
            } else if kind == "crash" {
                entry["host"] = .string(to)
            } else {
                entry["from"] = .string(from)
                entry["to"] = .string(to)
            }
        default:
            entry["host"] = .string(target.host ?? target.service ?? "")
        }
        if let ms { entry["ms"] = .int(ms) }
        // A drop is an omission: the first message of its scope on the edge, in each execution.
        if kind == "drop" { entry["count"] = .int(1) }
        if let messages = target.messages, kind != "partition" {
            // Only the calls or messages whose receiver's first line is of the scope's type.
            entry["match"] = .string(messages.template.map(ExecutionView.messageKey).flatMap(PlannedFault.longestLiteral)
                                     ?? messages.match ?? messages.eventType)
        }
        if kind == "crash", timing.kind == "after_event", let template = timing.template, let match = timing.match {
            entry["after_match"] = .string(PlannedFault.longestLiteral(template) ?? match)
        }
        return .object(entry)
    }

    /// The template's longest literal part (between wildcards), escaped as a regular expression, when
    /// it has at least 4 characters: the testbed matches hooks on a line's message without its layout,
    /// and a template can hold layout parts (a `file.go:<*>:` source location) the message lacks.
    static func longestLiteral(_ template: String) -> String? {
        let pieces = template.components(separatedBy: "<*>").map { $0 }
        guard let longest = pieces.max(by: { $0.count < $1.count }), longest.trimmingCharacters(in: .whitespaces).count >= 4 else { return nil }
        return ExperimentPlanner.templateRegex(longest)
    }

    /// A short name for the fault: `crash-kv-1`, `delay-kv-2-to-kv-1`.
    var slug: String {
        let what: String
        switch target.kind {
        case "edge": what = "\(target.from ?? "")-to-\(target.to ?? "")"
        case "service": what = target.service ?? ""
        default: what = target.host ?? ""
        }
        return PlannedFault.dnsLabel("\(kind)-\(what)")
    }

    /// `text` lowercased with every run of characters other than letters and digits replaced by `-`,
    /// trimmed of `-`, at most 63 characters: a valid Kubernetes name part.
    static func dnsLabel(_ text: String) -> String {
        var out = ""
        for c in text.lowercased() {
            if c.isASCII && (c.isLetter || c.isNumber) { out.append(c) } else if out.last != "-" { out.append("-") }
        }
        let trimmed = out.trimmingCharacters(in: ["-"])
        return String(trimmed.prefix(63)).trimmingCharacters(in: ["-"])
    }

    /// `crash kv-1 after 'stored key=<*>'`, `delay kv-2->kv-1 by 12 ms`.
    var summary: String {
        let what: String
        switch target.kind {
        case "edge": what = "\(target.from ?? "")->\(target.to ?? "")"
        case "service": what = "every host of \(target.service ?? "")"
        default: what = target.host ?? ""
        }
        var text = "\(kind) \(what)"
        if let ms { text += " by \(ms) ms" }
        if timing.kind == "after_event", let template = timing.template { text += " after '\(template)'" }
        return text
    }
}

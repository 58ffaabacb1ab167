/// The Toxiproxy HTTP API calls that create one experiment's toxics, and those that remove them.
///
/// Toxiproxy sits in front of a service as a named proxy; a proxy named after the receiving host is
/// assumed (`POST /proxies` creates one when missing: route the callers through it). Per fault:
///
/// - delay → `latency` (`latency` = ms, `jitter` 0) on the `upstream` stream (requests arrive late);
/// - drop → `timeout` with `timeout` 0 (data stops, the connection stays open);
/// - partition → `timeout` 0 on both hosts' proxies;
/// - crash or error → `reset_peer` with `timeout` 0 (connections are reset at once: Toxiproxy has no
///   HTTP error and no process to kill; the closest effect);
///
/// A toxic's `toxicity` is 1 (every connection). Removing: `DELETE /proxies/{proxy}/toxics/{name}`.
/// Toxiproxy works on connections and cannot select one kind of message: a fault scoped to one
/// (`target.messages`) gets a `scope` beside its call saying that the toxic acts on every message of
/// the edge, wider than planned.
enum ToxiproxyExport {
    static func calls(_ experiment: Experiment, plan: ExperimentPlan, options: ExportOptions) -> JSONValue {
        var create: [JSONValue] = []
        var remove: [JSONValue] = []
        for (index, fault) in experiment.faults.enumerated() {
            let proxies: [String]
            switch fault.target.kind {
            case "edge": proxies = fault.kind == "partition" ? [fault.target.to ?? "", fault.target.from ?? ""] : [fault.target.to ?? ""]
            case "service": proxies = [fault.target.service ?? ""]
            default: proxies = [fault.target.host ?? ""]
            }
            let (type, attributes): (String, JSONValue)
            switch fault.kind {
            case "delay": (type, attributes) = ("latency", ["latency": .int(fault.ms ?? 1), "jitter": 0])
            case "drop", "partition": (type, attributes) = ("timeout", ["timeout": 0])
            default: (type, attributes) = ("reset_peer", ["timeout": 0])
            }
            for proxy in proxies {
                let name = "ariadne-\(experiment.id)-\(index + 1)-\(type)"
                let path = "/proxies/\(pathSegment(proxy))/toxics"
                var call: [String: JSONValue] = [
                    "method": "POST", "path": .string(path),
                    "body": ["name": .string(name), "type": .string(type), "stream": "upstream", "toxicity": .double(1),
                             "attributes": attributes],
                    "fault": .string(fault.point),
                ]
                if let messages = fault.target.messages {
                    call["scope"] = .string("Toxiproxy cannot select messages: this toxic acts on every message of the edge, wider than "
                                            + "planned (the plan means \(messages.note))")
                }
                create.append(.object(call))
                remove.append(["method": "DELETE", "path": .string("\(path)/\(pathSegment(name))")])
            }
        }
        return [
            "toxiproxy": .string(options.toxiproxyAPI),
            "plan": .string(plan.id), "experiment": .string(experiment.id),
            "note": "each proxy is named after the receiving host; create it with POST /proxies {name, listen, upstream} and route its callers through it",
            "create": .array(create), "remove": .array(remove),
        ]
    }

    /// `text` percent-encoded for one URL path segment.
    static func pathSegment(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            let c = Character(Unicode.Scalar(byte))
            if c.isASCII && (c.isLetter || c.isNumber || "-._~".contains(c)) {
                out.append(c)
            } else {
                let hex = String(byte, radix: 16, uppercase: true)
                out += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return out
    }
}

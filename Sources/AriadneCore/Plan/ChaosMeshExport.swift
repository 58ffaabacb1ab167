/// Chaos Mesh resources (`chaos-mesh.org/v1alpha1`) for one experiment, as a Kubernetes `List`
/// (`kubectl apply -f`):
///
/// - crash of a host → PodChaos `pod-kill` of that pod; of a service → of every pod labelled
///   `app: <service>`;
/// - delay of an edge → NetworkChaos `delay` from the `from` pod, direction `to`, target the `to` pod;
///   of a host → NetworkChaos `delay` of everything the pod sends (its replies come late);
/// - drop of an edge → NetworkChaos `loss` 100%; partition → NetworkChaos `partition`, both directions;
/// - error of an edge → HTTPChaos on the `to` pod: `replace.code` with the status the logs show, else
///   `abort`, on `ExportOptions.httpPort` (the logs do not show ports).
///
/// A fault scoped to one kind of message (`target.messages`): an error or delay whose messages carry a
/// telling request field becomes an HTTPChaos selecting them (`path`, `method` or a header of
/// `request_headers`); otherwise the resource acts on the whole edge and its `ariadne.io/messages`
/// annotation says which messages the plan meant and what the injector must match (never silently wider).
///
/// Pods are selected by name in their namespace (the one the logs show, else
/// `ExportOptions.namespace`). Chaos Mesh cannot wait for a log event: a crash timed after an event is
/// applied at once, and the resource's `ariadne.io/timing` annotation says what was planned.
enum ChaosMeshExport {
    static let apiVersion = "chaos-mesh.org/v1alpha1"

    static func resources(_ experiment: Experiment, plan: ExperimentPlan, options: ExportOptions) -> JSONValue {
        let items = experiment.faults.enumerated().map { index, fault in
            resource(fault, index: index, experiment: experiment, plan: plan, options: options)
        }
        return ["apiVersion": "v1", "kind": "List", "items": .array(items)]
    }

    static func resource(_ fault: PlannedFault, index: Int, experiment: Experiment, plan: ExperimentPlan, options: ExportOptions) -> JSONValue {
        let namespace = fault.target.namespace ?? options.namespace
        var timing = "start"
        if fault.timing.kind == "after_event", let template = fault.timing.template, let host = fault.timing.host {
            timing = "after '\(template)' on \(host) (applied at once: Chaos Mesh cannot hook a log event)"
        }
        var annotations: [String: JSONValue] = ["ariadne.io/fault": .string(fault.point),
                                                "ariadne.io/role": .string("\(fault.role) (\(percent(fault.roleShare)))"),
                                                "ariadne.io/timing": .string(timing)]
        let messages = fault.target.messages
        let selecting = messages.flatMap(httpSelector)
        if let messages {
            annotations["ariadne.io/messages"] = .string(selecting != nil || fault.kind == "partition" ? messages.note
                : "NOT SCOPED by this resource, which acts on every message of the edge: the plan means " + messages.note)
        }
        let metadata: JSONValue = [
            "name": .string(PlannedFault.dnsLabel("ariadne-\(experiment.id)-\(index + 1)-\(fault.kind)")),
            "namespace": .string(namespace),
            "labels": ["app.kubernetes.io/managed-by": "ariadne", "ariadne.io/experiment": .string(experiment.id),
                       "ariadne.io/plan": .string(plan.id)],
            "annotations": .object(annotations),
        ]
        let kind: String
        var spec: [String: JSONValue]
        switch fault.kind {
        case "delay" where selecting != nil && fault.target.kind == "edge":
            kind = "HTTPChaos"
            spec = ["mode": "all", "selector": selector(fault, end: fault.target.to, namespace: namespace),
                    "port": .int(options.httpPort), "target": "Request", "delay": .string("\(fault.ms ?? 1)ms")]
            spec.merge(selecting!) { _, new in new }
        case "crash":
            kind = "PodChaos"
            spec = ["action": "pod-kill", "mode": fault.target.kind == "service" ? "all" : "one",
                    "selector": selector(fault, end: fault.target.kind == "edge" ? fault.target.to : fault.target.host, namespace: namespace)]
        case "error":
            kind = "HTTPChaos"
            spec = ["mode": "all", "selector": selector(fault, end: fault.target.to ?? fault.target.host, namespace: namespace),
                    "port": .int(options.httpPort)]
            if let status = fault.status, let code = Int(status) {
                spec["target"] = "Response"
                spec["replace"] = ["code": .int(code)]
            } else {
                spec["target"] = "Request"
                spec["abort"] = true
            }
            if let selecting { spec.merge(selecting) { _, new in new } }
        default:
            kind = "NetworkChaos"
            let action = ["delay": "delay", "drop": "loss", "partition": "partition"][fault.kind] ?? "delay"
            let end = fault.target.kind == "edge" ? fault.target.from : fault.target.host
            spec = ["action": .string(action), "mode": fault.target.kind == "service" ? "all" : "one",
                    "selector": selector(fault, end: end, namespace: namespace),
                    "direction": fault.kind == "partition" ? "both" : "to"]
            if fault.target.kind == "edge", let to = fault.target.to {
                spec["target"] = ["mode": "all", "selector": podSelector(to, namespace: fault.target.namespace ?? namespace)]
            }
            if fault.kind == "delay" { spec["delay"] = ["latency": .string("\(fault.ms ?? 1)ms"), "jitter": "0ms", "correlation": "0"] }
            if fault.kind == "drop" { spec["loss"] = ["loss": "100", "correlation": "0"] }
        }
        return ["apiVersion": .string(apiVersion), "kind": .string(kind), "metadata": metadata, "spec": .object(spec)]
    }

    /// HTTPChaos fields selecting the scope's messages by their one request field value, nil when the
    /// scope has none (or several values, which one HTTPChaos cannot select).
    static func httpSelector(_ messages: MessageScope) -> [String: JSONValue]? {
        guard let field = messages.field?.lowercased(), messages.values.count == 1 else { return nil }
        let value = JSONValue.string(messages.values[0])
        if field.hasSuffix("path") || field == "uri" || field == "url" || field == "route" || field == "endpoint" { return ["path": value] }
        if field.hasSuffix("method") || field == "verb" { return ["method": value] }
        if field.hasPrefix("x-") || field.contains("header") { return ["request_headers": .object([field: value])] }
        return nil
    }

    /// The pod `end`, or every pod of the fault's service.
    static func selector(_ fault: PlannedFault, end: String?, namespace: String) -> JSONValue {
        if fault.target.kind == "service" {
            return ["namespaces": [.string(namespace)], "labelSelectors": ["app": .string(fault.target.service ?? "")]]
        }
        return podSelector(end ?? "", namespace: namespace)
    }

    static func podSelector(_ pod: String, namespace: String) -> JSONValue {
        ["namespaces": [.string(namespace)], "pods": .object([namespace: [.string(pod)]])]
    }

    static func percent(_ share: Double) -> String {
        "\(Int((share * 100).rounded()))% of its executions"
    }
}

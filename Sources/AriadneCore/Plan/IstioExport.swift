/// Istio fault injection for one experiment: a Kubernetes `List` of `networking.istio.io/v1`
/// VirtualServices, one per fault Istio can express, on the service that receives the calls.
///
/// - delay (edge or host) → `fault.delay.fixedDelay` on the receiving service; an edge matches the
///   caller by `sourceLabels: {app: <from service>}`;
/// - error (an edge's, or the error alternative the logs show) → `fault.abort.httpStatus`, the status
///   the logs show for that call, else 503;
/// - crash of a service → abort 503 on every request to it (a host-less service has no pod to kill).
///
/// When the request class is selectable (`request_class.field`), each route matches it: a `path` as
/// `uri: {exact: …}`, any other field as a header of that name. Crashes of one pod, drops and
/// partitions are not HTTP faults: they are left out, and `unsupported` lists them (an experiment
/// with none Istio can express is an error naming the formats that can). A fault scoped to one kind of
/// message whose requests carry a telling field matches it too (`uri`, `method` or a header); without
/// one the route takes every request of the caller and the `ariadne.io/messages` annotation says which
/// the plan meant.
enum IstioExport {
    static func resources(_ experiment: Experiment, plan: ExperimentPlan, options: ExportOptions) throws -> JSONValue {
        var items: [JSONValue] = []
        var unsupported: [String] = []
        for (index, fault) in experiment.faults.enumerated() {
            if let item = virtualService(fault, index: index, experiment: experiment, plan: plan, options: options) {
                items.append(item)
            } else {
                unsupported.append(fault.point)
            }
        }
        if items.isEmpty { throw PlanError.notExpressible(format: "istio", experiment: experiment.id, faults: unsupported) }
        return ["apiVersion": "v1", "kind": "List", "items": .array(items)]
    }

    static func virtualService(_ fault: PlannedFault, index: Int, experiment: Experiment, plan: ExperimentPlan,
                               options: ExportOptions) -> JSONValue? {
        let destination: String
        var faultSpec: [String: JSONValue]
        let full: JSONValue = ["value": .double(100)]
        switch (fault.kind, fault.target.kind) {
        case ("delay", "edge"), ("error", "edge"):
            destination = fault.target.toService ?? fault.target.to ?? ""
        case ("delay", "host"):
            destination = fault.target.service ?? fault.target.host ?? ""
        case ("crash", "service"), ("delay", "service"):
            destination = fault.target.service ?? ""
        default:
            return nil
        }
        if fault.kind == "delay" {
            faultSpec = ["delay": ["fixedDelay": .string("\(max(fault.ms ?? 1, 1))ms"), "percentage": full]]
        } else {
            let status = fault.status ?? fault.alternatives.first { $0.kind == "error" }?.status
            faultSpec = ["abort": ["httpStatus": .int(status.flatMap { Int($0) } ?? 503), "percentage": full]]
        }
        var matches: [JSONValue] = []
        var source: [String: JSONValue] = [:]
        if fault.target.kind == "edge", let from = fault.target.fromService ?? fault.target.from { source["sourceLabels"] = ["app": .string(from)] }
        var scoped = false
        if let messages = fault.target.messages, let field = messages.field?.lowercased(), messages.values.count == 1 {
            let value: JSONValue = ["exact": .string(messages.values[0])]
            if field.hasSuffix("path") || field == "uri" || field == "url" || field == "route" || field == "endpoint" {
                source["uri"] = value
            } else if field.hasSuffix("method") || field == "verb" {
                source["method"] = value
            } else {
                source["headers"] = .object([field: value])
            }
            scoped = true
        }
        let request = experiment.appliesTo.requestClass
        if request.selectable, let field = request.field, !request.values.isEmpty {
            for value in request.values {
                var match = source
                if field.lowercased().hasSuffix("path") || field.lowercased() == "uri" || field.lowercased() == "url" {
                    if match["uri"] == nil { match["uri"] = ["exact": .string(value)] }
                } else {
                    var headers: [String: JSONValue] = [:]
                    if case .object(let known)? = match["headers"] { headers = known }
                    headers[field.lowercased()] = ["exact": .string(value)]
                    match["headers"] = .object(headers)
                }
                matches.append(.object(match))
            }
        } else if !source.isEmpty {
            matches.append(.object(source))
        }
        let route: JSONValue = [["destination": ["host": .string(destination)]]]
        var faulty: [String: JSONValue] = ["name": .string("ariadne-\(experiment.id)"), "fault": .object(faultSpec), "route": route]
        if !matches.isEmpty { faulty["match"] = .array(matches) }
        var http: [JSONValue] = [.object(faulty)]
        if !matches.isEmpty { http.append(["name": "unaffected", "route": route]) }
        let namespace = fault.target.namespace ?? options.namespace
        var annotations: [String: JSONValue] = ["ariadne.io/fault": .string(fault.point), "ariadne.io/plan": .string(plan.id),
                                                "ariadne.io/request-class": .string(request.note)]
        if let messages = fault.target.messages {
            annotations["ariadne.io/messages"] = .string(scoped ? messages.note
                : "NOT SCOPED by this route, which takes every request of the caller: the plan means " + messages.note)
        }
        return [
            "apiVersion": "networking.istio.io/v1", "kind": "VirtualService",
            "metadata": [
                "name": .string(PlannedFault.dnsLabel("ariadne-\(experiment.id)-\(index + 1)-\(fault.kind)")),
                "namespace": .string(namespace),
                "labels": ["app.kubernetes.io/managed-by": "ariadne", "ariadne.io/experiment": .string(experiment.id)],
                "annotations": .object(annotations),
            ],
            "spec": ["hosts": [.string(destination)], "http": .array(http)],
        ]
    }
}

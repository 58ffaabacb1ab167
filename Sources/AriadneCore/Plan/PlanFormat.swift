/// The formats `ariadne plan` writes: the plan itself, or one experiment for an injector.
public enum PlanFormat: String, Sendable, CaseIterable {
    /// The plan (`docs/plan.schema.json`).
    case json
    /// A Chaos Toolkit experiment (`chaos run`).
    case chaostoolkit
    /// Chaos Mesh resources (a Kubernetes `List` of PodChaos, NetworkChaos and HTTPChaos).
    case chaosMesh = "chaos-mesh"
    /// Istio VirtualService fault injection (a Kubernetes `List`).
    case istio
    /// The Toxiproxy HTTP API calls that create (and remove) the toxics.
    case toxiproxy
    /// The testbed's fault list (`Samples/testbed`, `--faults FILE`).
    case testbed
}

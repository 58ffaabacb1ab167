/// Settings of the exporters.
public struct ExportOptions: Sendable, Equatable {
    /// Chaos Toolkit: the shell command that runs the system once under the fault list in
    /// `$ARIADNE_FAULTS`, writing its logs under `$ARIADNE_OUT` (empty: the probe reads the logs
    /// already in the run directory).
    public var runCommand: String
    /// Chaos Toolkit: arguments `ariadne model` needs to read the logs as the plan did (`--group-by …`).
    public var ariadneArguments: [String]
    /// Kubernetes namespace when the logs show none.
    public var namespace: String
    /// Chaos Mesh HTTPChaos: the port the target serves HTTP on (the logs do not show it).
    public var httpPort: Int
    /// Toxiproxy: the API's address.
    public var toxiproxyAPI: String

    public init(runCommand: String = "", ariadneArguments: [String] = [], namespace: String = "default", httpPort: Int = 80,
                toxiproxyAPI: String = "http://localhost:8474") {
        self.runCommand = runCommand
        self.ariadneArguments = ariadneArguments
        self.namespace = namespace
        self.httpPort = httpPort
        self.toxiproxyAPI = toxiproxyAPI
    }
}

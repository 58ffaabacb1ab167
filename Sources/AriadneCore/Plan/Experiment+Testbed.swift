import Foundation

extension Experiment {
    /// The experiment's faults as the testbed's fault list (`Samples/testbed/README.md`): a crash of a
    /// host (`after_match`: the regex of the event its timing hooks), a delay of an edge or a host in
    /// `ms`, an error or drop on an edge, a partition between two hosts. Applies to every execution
    /// of the run.
    public func testbedFaults() -> JSONValue {
        .array(faults.map(\.testbedFault))
    }
}

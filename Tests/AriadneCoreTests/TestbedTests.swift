import Foundation
import Testing

/// The Python testbed (`Samples/testbed`): its own unittest suite, and one simulation whose truth names
/// the hosts it logged for, their files under `logs/` and the lines of both inputs. Skipped, with the reason, where `python3` is not installed.
@Suite(.enabled(if: Python3.path != nil, "python3 is not on PATH; the testbed tests need it"))
struct TestbedTests {
    @Test func unittestSuitePasses() throws {
        let run = try Python3.run(["-m", "unittest", "discover", "-s", "Samples/testbed", "-p", "test_*.py"])
        #expect(run.status == 0, "\(run.output)")
    }

    @Test func simulationWritesTruthNamingItsHosts() throws {
        let out = TestPaths.scratch() + "/testbed"
        let run = try Python3.run(["Samples/testbed/testbed.py", "run", "--system", "kafka", "--variant", "buggy",
                                   "--seed", "5", "--executions", "10", "--out", out, "--merged"])
        #expect(run.status == 0, "\(run.output)")
        let data = try Data(contentsOf: URL(fileURLWithPath: out + "/truth.json"))
        let truth = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let hosts = try #require(truth["hosts"] as? [String: Any])
        #expect(Set(hosts.keys) == ["producer-1", "kafka-1", "kafka-2", "kafka-3", "zk-1"])
        for host in hosts.keys {
            #expect(FileManager.default.fileExists(atPath: out + "/logs/" + host + ".log"))
        }
        let lines = try #require(truth["lines"] as? [String: Any])
        #expect(lines["logs/kafka-1.log:1"] != nil && lines["merged.log:1"] != nil)
        let executions = try #require(truth["executions"] as? [[String: Any]])
        #expect(executions.count == 10)
        #expect(FileManager.default.fileExists(atPath: out + "/merged.log"))
    }
}

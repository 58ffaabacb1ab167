@testable import AriadneCore
import Foundation
import Testing

/// The whole chain on logs no shipped pattern covers, with no option: the layout is inferred, the
/// execution ids discovered, hosts and services found; executions must equal the generated requests
/// exactly and every event must name its true host and service.
@Suite struct UnseenLayoutTests {
    /// Parses and groups `directory` as `ariadne infer DIR` would, with no option.
    private func analyse(_ directory: String) throws -> (executions: [Execution], stats: ParseStats) {
        let library = try PatternLibrary()
        let inputs = try InputSource.expand([directory]).inputs
        let options = ParseOptions(library: library.patterns, threads: 1,
                                   fileHosts: HostNaming.fileHosts(for: inputs, origin: .auto))
        let discovery = IDDiscoveryOptions(patternKinds: Set(library.patterns.flatMap(\.executionIDKinds)))
        let pipeline = InferencePipeline(grouping: GroupingOptions(), inference: InferenceOptions(), keepExecutions: true,
                                         discovery: discovery)
        let session = ParseSession(options: options) { pipeline.add($0) }
        for input in inputs { try session.parse(input) }
        _ = pipeline.finish()
        return (Array(pipeline.executions), session.stats)
    }

    @Test(arguments: RequestFlows.Layout.allCases)
    func executionsHostsAndServicesAreTheGeneratedOnes(_ layout: RequestFlows.Layout) throws {
        let flows = RequestFlows(layout: layout, requests: 60)
        let directory = flows.write()
        let (executions, stats) = try analyse(directory)
        let truth = Dictionary(uniqueKeysWithValues: flows.lines.map { ("\(directory)/\($0.file):\($0.line)", $0) })
        #expect(stats.total(\.events) == flows.lines.count)
        #expect(executions.count == flows.requests, "\(layout): \(executions.count) executions for \(flows.requests) requests")
        var expected: [Int: Set<String>] = [:]
        for line in flows.lines { expected[line.request, default: []].insert("\(directory)/\(line.file):\(line.line)") }
        let found = Set(executions.map { Set($0.events.map(\.source.description)) })
        #expect(found == Set(expected.values), "\(layout): executions differ from the requests")
        var wrongHosts: [String] = []
        for execution in executions {
            for event in execution.events {
                guard let line = truth[event.source.description] else { continue }
                if event.host != line.host || event.service != flows.services[line.host] {
                    wrongHosts.append("\(event.source): \(event.host ?? "-")/\(event.service ?? "-") is \(line.host)/\(flows.services[line.host]!)")
                }
            }
        }
        #expect(wrongHosts.isEmpty, "\(layout): \(wrongHosts.prefix(3))")
        // Every record's time is read: grouping and hosts alone would come out right without them.
        #expect(stats.inputs.allSatisfy { $0.untimedEvents == 0 }, "\(layout): \(stats.inputs.map { "\($0.input) \($0.untimedEvents)" })")
        if layout == .touchingBrackets {
            // The padded level is the record's level; the padded logger is read without its padding.
            let events = executions.flatMap(\.events)
            #expect(events.allSatisfy { $0.level == "INFO" || $0.level == "WARN" }, "\(events.prefix(2).map(\.level))")
            #expect(!events.contains { $0.fields.contains { $0.value.hasSuffix(" ") } }, "\(events.prefix(1).map(\.fields))")
            #expect(Set(events.flatMap { $0.fields.map(\.value) }).isSuperset(of: ["c.e.o.OrderService", "i.s.s.query"]))
        }
        if layout == .tracingSpans {
            // The span and its fields are the message's: the request's id a field, one type per message.
            let events = executions.flatMap(\.events)
            #expect(Set(events.map(\.type)).count == 6, "\(Set(events.map(\.template)))")
            #expect(events.allSatisfy { $0.field("req_id") != nil && $0.service?.contains("{") != true }, "\(events.prefix(1))")
        }
        if layout == .log4jLike {
            // The bracketed worker varies within each host's file: a thread, and announced as one.
            #expect(stats.inputs.allSatisfy { $0.inferredLayout?.contains("[thread]") == true }, "\(stats.inputs.map(\.inferredLayout))")
        }
    }

    /// Services in three layouts, one naming its ids by pattern: with no option, the call graph is the
    /// generated one between services (no class, no lettered replica as a service), and the `--group-by`
    /// entries the loop would keep (`req_id=trace`) form the same executions.
    @Test func servicesInThreeLayoutsMakeOneCallGraph() throws {
        let directory = RequestFlows(layout: .mixedPerHost, requests: 40, seed: 5).write()
        let run = try CLI.run(["infer", "--format", "json", directory])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("events whose pattern names none (the others carry trace)"), "\(run.stderr)")
        let model = try CausalModel.read(json: run.stdout)
        #expect(model.executions == 40)
        let edges = Set((model.calls?.serviceEdges ?? []).map { "\($0.from) -> \($0.to) \($0.kind.rawValue)" })
        #expect(edges == ["gw -> order sync", "order -> db sync"], "\(edges)")
        let pinned = try CLI.run(["infer", "--format", "json", "--group-by", "req_id=trace,trace", directory])
        #expect(pinned.status == 0, "\(pinned.stderr)")
        #expect(try CausalModel.read(json: pinned.stdout).executions == 40)
        // Without the alias the gateway's records make executions of their own.
        let apart = try CLI.run(["infer", "--format", "json", "--group-by", "req_id,trace", directory])
        #expect(try CausalModel.read(json: apart.stdout).executions == 80)
        let bad = try CLI.run(["infer", "--group-by", "req_id=", directory])
        #expect(bad.status == 64 && bad.stderr.contains("must be KIND=AS"), "\(bad.stderr)")
    }

    /// The loop keeps what discovery chose, aliases included (`req_id=trace`), for its later runs.
    @Test func theLoopKeepsTheDiscoveredAliases() throws {
        let directory = RequestFlows(layout: .mixedPerHost, requests: 30, seed: 3).write()
        let state = TestPaths.scratch() + "/state"
        let run = try CLI.run(["analyze", "-q", "--state", state, directory])
        #expect(run.status == 0, "\(run.stderr)")
        let document = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: state + "/state.json"))) as? [String: Any]
        #expect((document?["group_by"] as? [String])?.contains("req_id=trace") == true, "\(String(describing: document?["group_by"]))")
    }

    @Test(arguments: [RequestFlows.Layout.log4jLike, .bracketedDate])
    func theCLIIsDeterministicOnAnUnseenLayout(_ layout: RequestFlows.Layout) throws {
        let directory = RequestFlows(layout: layout, requests: 40, seed: 11).write()
        let first = try CLI.run(["infer", "--format", "json", "--threads", "1", directory])
        let second = try CLI.run(["infer", "--format", "json", "--threads", "2", directory])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(!first.stdout.isEmpty && first.stdout == second.stdout)
        #expect(first.stderr.contains("execution ids discovered"))
        let events = try CLI.run(["parse", "--threads", "1", directory]), again = try CLI.run(["parse", "--threads", "2", directory])
        #expect(events.stdout == again.stdout)
    }
}

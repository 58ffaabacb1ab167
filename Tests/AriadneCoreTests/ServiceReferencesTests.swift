import Foundation
import Testing
@testable import AriadneCore

/// Records naming their peer by its service (`upstream_cluster: checkout`, `http://orders:8080/v1`,
/// `orders.shop.svc.cluster.local`) rather than by a host name or an address: the execution's only host
/// of that service is named.
@Suite struct ServiceReferencesTests {
    /// What a record of `front-7` with `message` and `fields` names among the hosts of one execution.
    static func named(_ message: String, fields: [Field] = [], hosts: [String] = ["front-7", "checkout-5d8f9-x2k4p", "orders-0"]) -> [String] {
        let references = HostReferences(hosts: hosts)
        let event = Event(source: SourceLocation(file: "front-7.log", line: 1), host: "front-7", type: "T", template: message,
                          fields: fields, message: message)
        return references.named(by: event, own: "front-7").map { "\($0.host) \($0.isSource ? "source" : "receiver")" }
    }

    @Test func aServiceNameAddressingAPeerNamesItsOnlyHost() {
        // A port, a DNS name of three labels or more (or two with a port), a URL's authority.
        #expect(Self.named("dial tcp checkout:8080: connection refused") == ["checkout-5d8f9-x2k4p receiver"])
        #expect(Self.named("outbound|8080||checkout.shop.svc.cluster.local") == ["checkout-5d8f9-x2k4p receiver"])
        #expect(Self.named("POST http://orders:8080/v1/orders -> 201") == ["orders-0 receiver"])
        #expect(Self.named("call orders.shop:9000 ok") == ["orders-0 receiver"])
        #expect(Self.named("reply", fields: [Field(name: "url", value: "https://checkout/pay")]) == ["checkout-5d8f9-x2k4p receiver"])
        // The bare name in a field whose name says it holds the peer; as the source where the name says so.
        #expect(Self.named("done", fields: [Field(name: "upstream_cluster", value: "checkout")]) == ["checkout-5d8f9-x2k4p receiver"])
        #expect(Self.named("done", fields: [Field(name: "peer.service", value: "Orders")]) == ["orders-0 receiver"])
        #expect(Self.named("done", fields: [Field(name: "source", value: "orders:8080")]) == ["orders-0 source"])
    }

    /// A server's field for its requester (`remotehost`, `remote_addr`, Envoy's `downstream_remote_address`)
    /// names the caller, unless its name also says destination; a JSON record without a message key keeps
    /// its whole line as the message, whose tokens (`"remotehost":"orders-0"`) are not read again as a
    /// receiver.
    /// A W3C line's `c-ip` column is a field named for the client and a token of its message alike: the
    /// token is that client too, not a host the record calls.
    @Test func aMessageTokenThatASourceFieldHoldsIsTheSource() {
        let fields = [Field(name: "method", value: "POST"), Field(name: "client_ip", value: "orders-0"), Field(name: "status", value: "200")]
        #expect(Self.named("POST /reserve account=AC1 443 - orders-0 python-httpx/0.27.0 200", fields: fields) == ["orders-0 source"])
        // Another token naming the same host is read as before.
        #expect(Self.named("POST /reserve 443 orders-0 200 then to orders-0:8080", fields: fields) == ["orders-0 source", "orders-0 receiver"])
    }

    @Test func aRequestersFieldNamesTheCaller() {
        #expect(Self.named("done", fields: [Field(name: "remotehost", value: "orders-0")]) == ["orders-0 source"])
        #expect(Self.named("done", fields: [Field(name: "request.remote_addr", value: "orders-0:41234")]) == ["orders-0 source"])
        #expect(Self.named("done", fields: [Field(name: "downstream_remote_address", value: "orders-0")]) == ["orders-0 source"])
        #expect(Self.named("done", fields: [Field(name: "upstream_remote_address", value: "orders-0")]) == ["orders-0 receiver"])
        let line = #"{"api":{"name":"PutObject"},"remotehost":"orders-0"}"#
        #expect(Self.named(line, fields: [Field(name: "api.name", value: "PutObject"), Field(name: "remotehost", value: "orders-0")])
                == ["orders-0 source"])
        // A text record whose message is JSON of its own (no field of the record in it) is read as text.
        #expect(Self.named(#"{"peer":"orders-0"}"#, fields: [Field(name: "thread", value: "main")]) == ["orders-0 receiver"])
    }

    @Test func aServiceNameElsewhereNamesNoHost() {
        // A bare word of the message or of a field that does not hold a peer; a file name; two labels.
        #expect(Self.named("checkout started for 3 orders").isEmpty)
        #expect(Self.named("done", fields: [Field(name: "component", value: "checkout")]).isEmpty)
        #expect(Self.named("loaded orders.yaml").isEmpty)
        #expect(Self.named("call orders.shop ok").isEmpty)
        #expect(Self.named("dial tcp checkouts:8080").isEmpty)
        // Two hosts of the service in the execution: which one is not said.
        #expect(Self.named("dial tcp checkout:8080", hosts: ["front-7", "checkout-5d8f9-x2k4p", "checkout-5d8f9-q8m2z"]).isEmpty)
        // A host named like the service is named as a host, the others of its service not at all.
        #expect(Self.named("dial tcp orders:8080", hosts: ["front-7", "orders", "orders-1"]) == ["orders receiver"])
    }

    /// Per-host files in layouts no pattern ships: a proxy writing one JSON line per request, stamped in
    /// whole milliseconds when the request started on a clock 2 ms ahead, naming its upstream only by
    /// the service (`upstream_cluster`); two pods of that service, one per request, each logging the
    /// request's start, a query and its end over 8 ms. The proxy's line falls inside the pod's records,
    /// which read alone makes the pod call the proxy; the service names the pod the proxy called, and
    /// the proxy, silent until it answered, is in the pod's outcome's supports.
    @Test func aProxyNamingItsUpstreamByServiceCallsThePodOfEachRequest() throws {
        let directory = try HostAliasesTests.proxyLogs("service-upstream", seed: 17) { r, _, files in
            let pod = r.backend == "app-a" ? "checkout-5d8f9-x2k4p" : "checkout-5d8f9-q8m2z"
            files[pod, default: ""] += "\(r.stamp(300)) INFO checkout begin request_id=\(r.id)\n"
            files[pod, default: ""] += "\(r.stamp(3_000)) INFO checkout reserved stock request_id=\(r.id)\n"
            files[pod, default: ""] += "\(r.stamp(8_300)) INFO checkout end request_id=\(r.id) ok\n"
            let start = r.stamp(2_000).replacingOccurrences(of: " ", with: "T").prefix(23) + "Z"
            files["front-7", default: ""] += "{\"start_time\":\"\(start)\",\"method\":\"POST\",\"path\":\"/checkout\",\"response_code\":200,"
                + "\"x_request_id\":\"\(r.id)\",\"upstream_cluster\":\"checkout\"}\n"
        }
        let result = try CLI.run(["infer", "-q", "--format", "json", directory])
        #expect(result.status == 0, "\(result.stderr)")
        let calls = try #require(try CausalModel.read(json: result.stdout).calls)
        let edges = Set(calls.hostEdges.map { "\($0.from) -> \($0.to) \($0.kind.rawValue)" })
        #expect(edges == ["front-7 -> checkout-5d8f9-x2k4p sync", "front-7 -> checkout-5d8f9-q8m2z sync"], "\(edges)")
        // The proxy logged nothing before sending the request, yet the pod's outcome came through it: its
        // crash and its call's delay are in every support.
        let model = try CLI.run(["model", "-q", "--outcome", "checkout end", directory])
        #expect(model.status == 0, "\(model.stderr)")
        let supports = model.text.split(separator: "\n").filter { $0.contains("support ") }
        #expect(!supports.isEmpty && supports.allSatisfy { $0.contains("crash:role:front,") && $0.contains("delay:edge:front->checkout") },
                "\(model.text)")
    }
}

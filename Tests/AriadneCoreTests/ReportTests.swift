import Foundation
import Testing
@testable import AriadneCore

/// `--report FILE`: one self-contained HTML file, from `hypotheses` and from `status`, drawn with
/// Graphviz `dot` and with the built-in layout; hostile log text shows as text; the same input gives
/// the same bytes.
@Suite struct ReportTests {
    static let kvstore = ["hypotheses", "--patterns", "Samples/kvstore/kvstore.yaml", "Samples/kvstore/logs", "--outcome", "kv.replica_acked"]

    /// Whether `html` could reach outside itself: a URL in a `src`, `href`, CSS `url(...)` or `@import`,
    /// any script or linked resource. Returns what was found.
    static func outsideReferences(_ html: String) -> [String] {
        let lowered = html.lowercased()
        var found: [String] = []
        for needle in ["<script", "<link", "@import", "url(", "<iframe", "<object", "<embed", "src=\"http", "src='http", "href=\"http",
                       "href='http", "href=\"//", "src=\"//", "<img", "@font-face", "fonts.googleapis"] where lowered.contains(needle) {
            found.append(needle)
        }
        return found
    }

    @Test(arguments: [true, false])
    func hypothesesReportIsSelfContainedAndComplete(dot: Bool) throws {
        if dot && ReportFixtures.dot == nil { Issue.record("Graphviz dot is not installed (apt-get install graphviz; .ci/run installs it)"); return }
        let (html, result, _) = try ReportFixtures.report(Self.kvstore + ["-q"], dot: dot)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.hasSuffix("</html>\n"))
        #expect(Self.outsideReferences(html).isEmpty, "\(Self.outsideReferences(html))")
        #expect(html.contains("Content-Security-Policy"))
        // Every hypothesis and the outcome are in it.
        let json = try CLI.run(Self.kvstore + ["-q", "--format", "json"])
        let report = try JSONDecoder().decode(HypothesisReport.self, from: json.stdout)
        #expect(report.hypotheses.count >= 3)
        for h in report.hypotheses {
            #expect(html.contains(">\(h.id)<"), "hypothesis \(h.id) missing")
            for fault in h.faultIDs { #expect(html.contains(HTML.escape(fault)), "\(fault) missing") }
        }
        #expect(html.contains("kv.replica_acked"))
        for section in ["summary", "calls", "outcomes", "hypotheses"] { #expect(html.contains("<section id=\"\(section)\">")) }
        // Quoted source lines: file:line and the raw text.
        #expect(html.contains("Samples/kvstore/logs/coord-1.log:"))
        #expect(html.contains("msg=&quot;received put&quot;"))
        // Drawn by the layout asked for, one drawing per graph, every one closed.
        #expect(html.contains(dot ? "<svg class=\"dot\"" : "<svg class=\"layered\""))
        #expect(!html.contains(dot ? "<svg class=\"layered\"" : "<svg class=\"dot\""))
        #expect(html.components(separatedBy: "<svg ").count == html.components(separatedBy: "</svg>").count)
        #expect(html.contains(dot ? "Graphviz dot" : "built-in layered layout"))
        // Deterministic.
        let again = try ReportFixtures.report(Self.kvstore + ["-q"], dot: dot)
        #expect(again.html == html)
    }

    @Test(arguments: [true, false])
    func hostileLogTextShowsAsText(dot: Bool) throws {
        if dot && ReportFixtures.dot == nil { Issue.record("Graphviz dot is not installed (apt-get install graphviz; .ci/run installs it)"); return }
        let logs = ReportFixtures.hostileLogs()
        let (html, result, _) = try ReportFixtures.report(["hypotheses", "-q", "--outcome", "done", logs], dot: dot)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(Self.outsideReferences(html).isEmpty, "\(Self.outsideReferences(html))")
        #expect(!html.contains("evil.example/x.png>"))
        // The raw lines are quoted, escaped: the script is text.
        #expect(html.contains("stored &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &lt;b&gt;bold&lt;/b&gt; &amp;amp; req=r"))
        #expect(html.contains("gave up &lt;img src=http://evil.example/x.png&gt;"))
        #expect(html.contains("store-1.log:"))
        #expect(html.contains("<code>done</code>"))
    }

    @Test(arguments: [true, false])
    func statusReportShowsTheBugSideBySideAndTheHistory(dot: Bool) throws {
        if dot && ReportFixtures.dot == nil { Issue.record("Graphviz dot is not installed (apt-get install graphviz; .ci/run installs it)"); return }
        let state = try ReportFixtures.loopStateWithBug()
        let (html, result, _) = try ReportFixtures.report(["status", "--state", state], dot: dot)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.text.contains("bugs: 1"))
        #expect(Self.outsideReferences(html).isEmpty, "\(Self.outsideReferences(html))")
        for section in ["summary", "bugs", "history"] { #expect(html.contains("<section id=\"\(section)\">")) }
        #expect(!html.contains("<section id=\"hypotheses\">"))
        // Good and failing side by side: two heads, then row by row; the departure on the second row of both.
        #expect(html.contains("good · <code>order=o1</code>"))
        #expect(html.contains("failing · <code>run3/order=o9</code>"))
        let departures = html.components(separatedBy: "class=\"step depart\"").dropFirst()
        #expect(departures.count == 2)
        #expect(departures.first?.contains("pay order=&lt;*&gt; &lt;script&gt;") == true)
        #expect(departures.last?.contains("payment order=&lt;*&gt; failed, retrying") == true)
        // The quoted lines of both executions, escaped.
        #expect(html.contains("pay order=o1 &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"))
        #expect(html.contains("retrying &lt;img src=http://evil.example/y.png&gt;"))
        #expect(html.contains("ledger-1</code>, <code>payments-1</code>, the support it lacked"))
        // The history: every run with its verdict, the plans.
        for verdict in ["baseline", "held", "failed"] { #expect(html.contains(">\(verdict)</span>")) }
        #expect(html.contains("<code>x-000000000002</code>"))
        #expect(html.contains("2 experiment(s), 1 not yet run; next <code>x-000000000003</code>"))
        #expect(try ReportFixtures.report(["status", "--state", state], dot: dot).html == html)
    }

    @Test func reportPathThatCannotBeWrittenFailsBeforeTheRun() throws {
        let result = try CLI.run(Self.kvstore + ["-q", "--report", "/nonexistent-dir/report.html"])
        #expect(result.status == 74)
        #expect(result.stderr.contains("/nonexistent-dir/report.html"))
        let stdout = try CLI.run(Self.kvstore + ["-q", "--report", "-"])
        #expect(stdout.status == 64)
    }

    @Test func aDotThatFailsFallsBackToTheBuiltInLayout() throws {
        let fake = TestPaths.file("#!/bin/sh\nexit 3\n", name: "dot")
        chmod(fake, 0o755)
        let (html, result, _) = try ReportFixtures.reportWith(environment: ["ARIADNE_DOT": fake], Self.kvstore + ["-q"])
        #expect(result.status == 0)
        #expect(html.contains("<svg class=\"layered\""))
        #expect(!html.contains("<svg class=\"dot\""))
    }
}

/// The report's parts on their own: escaping, the fallback layout, reading quoted lines back.
@Suite struct ReportPartsTests {
    @Test func escapingCoversMarkupQuotesAndControlCharacters() {
        #expect(HTML.escape("<a href=\"x\" title='y'>&amp;</a>") == "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;")
        #expect(HTML.escape("a\u{0}b\u{7}c\td\ne\u{85}") == "a\u{FFFD}b\u{FFFD}c\td\ne\u{FFFD}")
        #expect(HTML.escape("héllo ✓ 日本") == "héllo ✓ 日本")
    }

    /// On random graphs (cycles included): every node is drawn once, in one column; an edge the
    /// layout did not mark as closing a cycle goes to a later column, and the marked ones are exactly
    /// what a depth-first search finds closing a cycle, so what is left has none.
    @Test func layeredLayoutOnRandomGraphs() {
        var random = SplitMix64(seed: 11)
        for _ in 0..<400 {
            let n = Int(random.next() % 12) + 1
            let nodes = (0..<n).map { ReportGraph.Node(id: "n\($0)", label: "node \($0)") }
            let edges = (0..<Int(random.next() % UInt64(2 * n + 1))).map { _ in
                ReportGraph.Edge(from: "n\(random.next() % UInt64(n))", to: "n\(random.next() % UInt64(n))")
            }
            let graph = ReportGraph(id: "g", title: "g", nodes: nodes, edges: edges)
            let layout = LayeredLayout(graph: graph)
            let (columns, layer, backward) = layout.columns()
            #expect(columns.flatMap { $0 }.sorted() == Array(0..<n))
            let drawable = graph.drawableEdges.map { (Int($0.from.dropFirst())!, Int($0.to.dropFirst())!) }
            for (k, e) in drawable.enumerated() where !backward.contains(k) { #expect(layer[e.1] > layer[e.0]) }
            // Naive reference: the forward edges admit a topological order (repeatedly remove a source).
            var remaining = Set(0..<n)
            let forward = drawable.enumerated().filter { !backward.contains($0.offset) }.map(\.element)
            while let source = remaining.first(where: { v in !forward.contains { $0.1 == v && remaining.contains($0.0) } }) {
                remaining.remove(source)
            }
            #expect(remaining.isEmpty)
            let svg = layout.svg()
            #expect(svg.components(separatedBy: "<g class=\"node").count - 1 == n)
            #expect(svg.components(separatedBy: "<g class=\"edge").count - 1 == drawable.count)
        }
    }

    /// Labels wrap at spaces into at most two lines of at most 28 characters; what fits is kept
    /// word for word, what does not ends in an ellipsis.
    @Test func nodeLabelsWrap() {
        #expect(ReportGraph.lines("kv.replica_acked") == ["kv.replica_acked"])
        #expect(ReportGraph.lines("gateway: forwarding to <*> req=<*>") == ["gateway: forwarding to <*>", "req=<*>"])
        let long = ReportGraph.lines(String(repeating: "word ", count: 40))
        #expect(long.count == 2 && long[1].hasSuffix("…"))
        let unbroken = ReportGraph.lines(String(repeating: "x", count: 70))
        #expect(unbroken == [String(repeating: "x", count: 28), String(repeating: "x", count: 27) + "…"])
        var random = SplitMix64(seed: 5)
        for _ in 0..<500 {
            let words = (0..<Int(random.next() % 8)).map { _ in String(repeating: "a", count: Int(random.next() % 12) + 1) }
            let lines = ReportGraph.lines(words.joined(separator: " "))
            #expect(lines.count <= ReportGraph.maxLines && lines.allSatisfy { $0.count <= ReportGraph.lineLimit })
            if !lines.last!.hasSuffix("…") { #expect(lines.joined(separator: " ") == words.joined(separator: " ")) }
        }
    }

    @Test func sourceLinesAreReadFromPlainAndGzipFiles() throws {
        let plain = TestPaths.file("one\ntwo <b>\r\nthree\n", name: "plain.log")
        let gzipped = TestPaths.scratch() + "/packed.log"
        FileManager.default.createFile(atPath: gzipped, contents: Data("alpha\nbeta\n".utf8))
        let gzip = Process()
        gzip.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        gzip.arguments = ["gzip", gzipped]
        try gzip.run()
        gzip.waitUntilExit()
        let lines = SourceLines(reading: ["\(plain):2", "\(plain):3", "\(plain):9", "\(gzipped).gz:2", "/nonexistent.log:1", "no-line", "-:1"])
        #expect(lines["\(plain):2"] == "two <b>")
        #expect(lines["\(plain):3"] == "three")
        #expect(lines["\(plain):9"] == nil)
        #expect(lines["\(gzipped).gz:2"] == "beta")
        #expect(lines["/nonexistent.log:1"] == nil)
    }

    @Test func supportsBecomePathsInMessageOrder() {
        let path = ReportBuilder.path(["crash:role:replica#1", "crash:role:coordinator", "delay:edge:coordinator->replica#1",
                                       "delay:edge:replica#1->coordinator", "crash:service:db"])
        #expect(path.steps.count == 3)
        #expect(path.steps.firstIndex(of: "coordinator")! < path.steps.firstIndex(of: "replica#1")!)
        #expect(path.messages.contains(["coordinator", "replica#1"]))
        let chain = ReportBuilder.path(["delay:edge:zeta->mid", "delay:edge:mid->alpha", "crash:role:alpha"])
        #expect(chain.steps == ["zeta", "mid", "alpha"])
    }
}

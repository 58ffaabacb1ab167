import Foundation

/// Draws `ReportGraph`s as inline SVG: with Graphviz `dot -Tsvg` (run as a process) when it is
/// available, else with `LayeredLayout`. A `dot` that fails, times out or prints no SVG falls back too,
/// so a report is always written.
public struct GraphRenderer: Sendable {
    /// The `dot` executable used, or nil for the built-in layout.
    public let dotPath: String?

    /// How long one `dot` run may take before the built-in layout is used instead.
    static let timeout: TimeInterval = 30

    /// A renderer with `dot` at `dotPath` (nil: the built-in layout).
    public init(dotPath: String?) {
        self.dotPath = dotPath
    }

    /// The renderer the environment asks for: `ARIADNE_DOT=PATH` names the `dot` to run,
    /// `ARIADNE_DOT=none` (or empty) forces the built-in layout; otherwise `dot` is looked up on `PATH`.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> GraphRenderer {
        if let forced = environment["ARIADNE_DOT"] {
            return GraphRenderer(dotPath: forced.isEmpty || forced == "none" ? nil : forced)
        }
        let directories = (environment["PATH"] ?? "").split(separator: ":").map(String.init)
        let found = directories.map { ($0.isEmpty ? "." : $0) + "/dot" }.first { FileManager.default.isExecutableFile(atPath: $0) }
        return GraphRenderer(dotPath: found)
    }

    /// Says which layout drew the graphs, for the report's footer.
    var layoutName: String {
        dotPath == nil ? "Ariadne's built-in layered layout (Graphviz dot was not found)" : "Graphviz dot"
    }

    /// The graph as an inline `<svg>` element.
    func svg(_ graph: ReportGraph) -> String {
        if let dotPath, let drawn = Self.runDot(dotPath, input: graph.dot()) {
            return Self.inline(drawn, title: graph.title)
        }
        return LayeredLayout(graph: graph).svg()
    }

    /// `dot -Tsvg` on `input`; nil when it cannot run, fails, times out or prints no SVG.
    static func runDot(_ path: String, input: String) -> String? {
        let process = Foundation.Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = ["-Tsvg"]
        let stdin = Pipe(), stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let writer = Thread {
            try? stdin.fileHandleForWriting.write(contentsOf: Data(input.utf8))
            try? stdin.fileHandleForWriting.close()
        }
        writer.start()
        let watchdog = DispatchWorkItem { if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: watchdog)
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        watchdog.cancel()
        guard process.terminationReason == .exit, process.terminationStatus == 0 else { return nil }
        let text = String(decoding: output, as: UTF8.self)
        guard text.contains("<svg"), text.contains("</svg>") else { return nil }
        return text
    }

    /// `dot`'s SVG made fit to sit inside HTML: from `<svg` on (no XML prolog or DOCTYPE), without
    /// comments (they carry the Graphviz version), labelled for screen readers.
    static func inline(_ svg: String, title: String) -> String {
        var text = Substring(svg)
        if let start = text.range(of: "<svg") { text = text[start.lowerBound...] }
        if let end = text.range(of: "</svg>", options: .backwards) { text = text[..<end.upperBound] }
        var out = ""
        while let open = text.range(of: "<!--") {
            out += text[..<open.lowerBound]
            guard let close = text.range(of: "-->", range: open.upperBound..<text.endIndex) else { text = ""; break }
            text = text[close.upperBound...]
        }
        out += text
        let lines = out.split(separator: "\n", omittingEmptySubsequences: true)
        let joined = lines.joined(separator: "\n")
        return joined.replacingOccurrences(of: "<svg ", with: "<svg class=\"dot\" role=\"img\" aria-label=\"\(HTML.escape(title))\" ",
                                           options: [], range: joined.range(of: "<svg "))
    }
}

import Foundation
import Testing

/// The report in a real browser: Debian's headless `chromium` renders it to a PNG and logs every
/// console message (script errors, resources the Content-Security-Policy refused) on stderr, where the
/// test looks for them. Runs when `chromium` is on PATH (`.ci/run` installs it).
@Suite(.serialized, .enabled(if: ReportFixtures.chromium != nil, "chromium is not installed (apt-get install chromium)"))
struct ReportBrowserTests {
    struct Rendering {
        var status: Int32
        var png: Data
        var stderr: String
        var dom: String

        /// Lines where the page itself complained: console messages and uncaught errors.
        var consoleMessages: [String] {
            stderr.split(separator: "\n").map(String.init).filter { $0.contains(":CONSOLE") || $0.contains("Uncaught") }
        }
    }

    /// Renders `page` at 1280×2000 to a PNG, with console logging on stderr, then dumps its DOM.
    static func render(_ page: String) throws -> Rendering {
        let scratch = TestPaths.scratch()
        let png = scratch + "/page.png"
        let common = ["120", ReportFixtures.chromium!, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                      "--no-first-run", "--user-data-dir=\(scratch)/profile", "--enable-logging=stderr", "--v=0"]
        let shot = try run(common + ["--screenshot=\(png)", "--window-size=1280,2000", "file://\(page)"])
        let dump = try run(common + ["--dump-dom", "file://\(page)"])
        return Rendering(status: shot.status, png: FileManager.default.contents(atPath: png) ?? Data(),
                         stderr: shot.stderr + dump.stderr, dom: dump.stdout)
    }

    /// Runs `/usr/bin/timeout arguments…` (a browser that hangs is killed after its first argument's seconds).
    static func run(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/timeout")
        process.arguments = arguments
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        try process.run()
        var err = Data()
        let done = DispatchSemaphore(value: 0)
        Thread { err = errors.fileHandleForReading.readDataToEndOfFile(); done.signal() }.start()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        done.wait()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self))
    }

    /// The PNG's width and height (from its IHDR chunk), nil if it is no PNG.
    static func size(_ png: Data) -> (Int, Int)? {
        let bytes = [UInt8](png)
        guard bytes.count > 24, bytes.prefix(8).elementsEqual([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) else { return nil }
        func int(_ at: Int) -> Int { bytes[at..<at + 4].reduce(0) { $0 << 8 | Int($1) } }
        return (int(16), int(20))
    }

    static func expectClean(_ rendering: Rendering, sections: [String]) {
        #expect(rendering.status == 0, "\(rendering.stderr)")
        #expect(size(rendering.png).map { $0 == 1280 && $1 == 2000 } == true)
        #expect(rendering.png.count > 40_000, "a nearly blank page: \(rendering.png.count) bytes")
        #expect(rendering.consoleMessages.isEmpty, "\(rendering.consoleMessages)")
        for section in sections { #expect(rendering.dom.contains("<section id=\"\(section)\">"), "section \(section) not in the DOM") }
    }

    @Test(arguments: [true, false])
    func hypothesesReportRendersWithoutConsoleErrors(dot: Bool) throws {
        if dot && ReportFixtures.dot == nil { Issue.record("Graphviz dot is not installed (apt-get install graphviz)"); return }
        let (_, result, path) = try ReportFixtures.report(ReportTests.kvstore + ["-q"], dot: dot)
        #expect(result.status == 0)
        let rendering = try Self.render(path)
        Self.expectClean(rendering, sections: ["summary", "calls", "outcomes", "hypotheses"])
        #expect(rendering.dom.contains(dot ? "class=\"dot\"" : "class=\"layered\""))
    }

    @Test func hostileReportAndStatusReportRenderWithoutConsoleErrors() throws {
        let hostile = try ReportFixtures.report(["hypotheses", "-q", "--outcome", "done", ReportFixtures.hostileLogs()], dot: false)
        let rendering = try Self.render(hostile.path)
        Self.expectClean(rendering, sections: ["outcomes", "hypotheses"])
        // The log's markup is text in the page, not elements.
        #expect(!rendering.dom.contains("<img"))
        #expect(rendering.dom.contains("&lt;script&gt;alert(\"x\")&lt;/script&gt;"))
        let status = try ReportFixtures.report(["status", "--state", try ReportFixtures.loopStateWithBug()], dot: false)
        Self.expectClean(try Self.render(status.path), sections: ["bugs", "history"])
    }

    /// The check itself can fail: a page with an outside image and a throwing script is caught.
    @Test func consoleErrorsAreDetected() throws {
        let page = TestPaths.file("""
            <!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" content="default-src 'none'"></head>
            <body><img src="http://example.invalid/a.png"><script>throw new Error("boom")</script></body></html>
            """, name: "bad.html")
        let rendering = try Self.render(page)
        #expect(rendering.consoleMessages.count >= 2, "\(rendering.stderr)")
    }
}

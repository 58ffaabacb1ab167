import Foundation
import Glibc
import Testing
@testable import AriadneCore

/// Inputs that used to hang, read forever or lose data: over-long lines, wide lines during format
/// detection, damaged archives, directories holding pipes, devices, links and binaries, unreadable files.
@Suite struct InputRobustnessTests {
    static let library = try! PatternLibrary()
    static let hdfs = try! String(contentsOfFile: TestPaths.data + "/hdfs_20k/HDFS_20000.log", encoding: .utf8)
        .split(separator: "\n").prefix(400).map { String($0) + "\n" }

    /// Every line of `bytes` as LineReader should give it: cut to `limit` bytes, a final `\n` added.
    static func expectedLines(_ bytes: [UInt8], limit: Int) -> (bytes: [UInt8], truncated: Int) {
        var out: [UInt8] = []
        var truncated = 0
        var lines = bytes.split(separator: 10, omittingEmptySubsequences: false)
        if bytes.last == 10 || bytes.isEmpty { lines.removeLast() }
        for line in lines {
            if line.count > limit { truncated += 1 }
            out += line.prefix(limit) + [10]
        }
        return (out, truncated)
    }

    /// Reads `source` to its end in batches (at most `rounds` of them, so a reader that stops making
    /// progress fails instead of hanging).
    static func readAll(_ source: ByteSource, maxLineBytes: Int, chunkBytes: Int, chunks: Int, rounds: Int = 100_000) throws
        -> (bytes: [UInt8], reader: LineReader, finished: Bool)
    {
        var reader = LineReader(source: source, maxLineBytes: maxLineBytes, live: false, wait: nil)
        var joined: [UInt8] = []
        for _ in 0..<rounds {
            let next = try reader.nextBatch(chunkBytes: chunkBytes, chunks: chunks)
            #expect(next.batch.count <= chunks)
            for piece in next.batch {
                #expect(piece.last == 10)
                joined += piece
            }
            if next.atEnd { return (joined, reader, true) }
        }
        return (joined, reader, false)
    }

    static func gzip(_ path: String, level: String = "-6") throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/gzip")
        process.arguments = ["-k", "-f", level, path]
        try process.run()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0)
    }

    static func parse(_ path: String, threads: Int = 2, chunkBytes: Int = 4 << 20, maxLineBytes: Int = 16 << 20,
                      detectionBytes: Int = 4 << 20, pattern: String? = nil) -> (events: [Event], stats: ParseStats, error: Error?)
    {
        var events: [Event] = []
        let options = ParseOptions(pattern: pattern.map { try! library.pattern(named: $0) }, library: library.patterns, threads: threads, maxLineBytes: maxLineBytes, chunkBytes: chunkBytes,
                                   detectionBytes: detectionBytes)
        let session = ParseSession(options: options) { events.append($0) }
        do {
            let expansion = try InputSource.expand([path])
            session.skip(expansion.skipped)
            for input in expansion.inputs { try session.parse(input) }
        } catch {
            return (events, session.stats, error)
        }
        return (events, session.stats, nil)
    }

    // MARK: - Over-long lines

    /// A line longer than the buffer (chunk bytes × workers) and the line limit is cut and the rest
    /// read on: the case that used to spin forever once the buffer was full without a newline.
    @Test func overLongLinesAreCutWhateverTheBufferSize() throws {
        var bytes = Array(Self.hdfs.prefix(100).joined().utf8)
        bytes += [UInt8](repeating: UInt8(ascii: "x"), count: 50_000) + [10]
        bytes += Array(Self.hdfs[100..<120].joined().utf8)
        bytes += [UInt8](repeating: UInt8(ascii: "y"), count: 30_000)
        let path = TestPaths.file(bytes)
        try Self.gzip(path)
        let expected = Self.expectedLines(bytes, limit: 4096)
        #expect(expected.truncated == 2)
        for (chunkBytes, chunks) in [(64, 1), (64, 3), (1 << 16, 1), (1 << 16, 2)] {
            for file in [path, path + ".gz"] {
                let source = try InputSource(path: file).open()
                let read = try Self.readAll(source, maxLineBytes: 4096, chunkBytes: chunkBytes, chunks: chunks)
                #expect(read.finished, "\(file), \(chunkBytes) × \(chunks): the reader stopped making progress")
                #expect(read.bytes == expected.bytes, "\(file), \(chunkBytes) × \(chunks)")
                #expect(read.reader.truncatedLines == 2)
                #expect(read.reader.bytesRead == bytes.count)
            }
        }
    }

    /// Random lines, random line limits and batch sizes: what comes out is every line cut to the limit.
    @Test func lineLimitOnRandomInputsMatchesAReference() throws {
        var random = SplitMix64(seed: 7)
        for _ in 0..<300 {
            var bytes: [UInt8] = []
            for _ in 0..<Int.random(in: 0...40, using: &random) {
                let length = Bool.random(using: &random) ? Int.random(in: 0...20, using: &random) : Int.random(in: 0...300, using: &random)
                bytes += [UInt8](repeating: UInt8(ascii: "a"), count: length) + [10]
            }
            if Bool.random(using: &random) { bytes += [UInt8](repeating: UInt8(ascii: "z"), count: Int.random(in: 1...300, using: &random)) }
            let limit = Int.random(in: 1...64, using: &random)
            let expected = Self.expectedLines(bytes, limit: limit)
            let read = try Self.readAll(try FileDescriptorSource(path: TestPaths.file(bytes)), maxLineBytes: limit,
                                        chunkBytes: Int.random(in: 1...200, using: &random), chunks: Int.random(in: 1...3, using: &random))
            #expect(read.finished)
            #expect(read.bytes == expected.bytes, "limit \(limit)")
            #expect(read.reader.truncatedLines == expected.truncated, "limit \(limit)")
        }
    }

    /// Through the whole parse, with one and two workers, plain and gzip'd: every line is counted, the
    /// long line is cut and joins the record before it, and the lines after it are parsed as usual.
    @Test func aCutLineIsCountedAndTheRestParsed() throws {
        let before = Self.hdfs.prefix(100).joined(), after = Self.hdfs[100..<200].joined()
        let path = TestPaths.file(before + String(repeating: "x", count: 300_000) + "\n" + after)
        try Self.gzip(path)
        let plain = TestPaths.file(before + after)
        let reference = Self.parse(plain).events
        for file in [path, path + ".gz"] {
            for threads in [1, 2] {
                let (events, stats, error) = Self.parse(file, threads: threads, chunkBytes: 64 << 10, maxLineBytes: 100_000)
                #expect(error == nil)
                let input = try #require(stats.inputs.first)
                #expect(input.pattern == "hdfs")
                #expect(input.lines == 201, "\(file), \(threads) thread(s)")
                #expect(input.truncatedLines == 1)
                #expect(input.continuationLines == 1)
                #expect(input.recordLines == 200)
                try #require(events.count == 200, "\(file), \(threads) thread(s): the record before the cut line was lost")
                #expect(events[99].message.hasSuffix("\n" + String(repeating: "x", count: 100_000)))
                #expect(events[99].message.utf8.count == reference[99].message.utf8.count + 100_001)
                #expect(events[100...].map(\.message) == reference[100...].map(\.message))
                #expect(events[100].source.line == 102)
            }
        }
    }

    /// A stack trace longer than a chunk: a chunk of continuation lines only keeps the record before it
    /// open (it used to drop that record, and its event, silently).
    @Test func aStackTraceLongerThanAChunkStaysOneRecord() throws {
        var text = "2015-10-18 18:01:47,978 ERROR [main] org.example.Worker: failure\n"
        for depth in 0..<3_000 { text += "\tat org.example.Frame\(depth).call(Frame.java:\(depth))\n" }
        text += "2015-10-18 18:01:48,001 INFO [main] org.example.Worker: done\n"
        let path = TestPaths.file(text)
        for threads in [1, 2] {
            let (events, stats, error) = Self.parse(path, threads: threads, chunkBytes: 64 << 10, pattern: "hadoop")
            #expect(error == nil)
            #expect(stats.inputs.first?.continuationLines == 3_000)
            try #require(events.count == 2, "\(threads) thread(s)")
            #expect(events[0].message.split(separator: "\n").count == 3_001)
            #expect(events[1].message == "done")
        }
    }

    /// The README's promise at full size, as a user meets it: a 40 MB line after 100 lines, read with one
    /// worker, plain and through gzip, finishes with the line cut at 16 MiB and counted.
    @Test func aFortyMegabyteLineFinishesWithOneThread() throws {
        let scratch = TestPaths.scratch()
        let path = scratch + "/long.log"
        var bytes = Array(Self.hdfs.prefix(100).joined().utf8)
        bytes += [UInt8](repeating: UInt8(ascii: "x"), count: 40_000_000) + [10]
        bytes += Array(Self.hdfs[100..<200].joined().utf8)
        _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
        try Self.gzip(path, level: "-1")
        for file in [path, path + ".gz"] {
            let statsFile = scratch + "/stats.json"
            let run = try runBounded(["parse", "--threads", "1", "-q", "--stats-json", statsFile, file])
            #expect(run.status == 0, "\(run.stderr)")
            #expect(run.stdout.filter { $0 == 10 }.count == 200)
            let stats = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: statsFile))) as? [String: Any]
            let input = try #require((stats?["inputs"] as? [[String: Any]])?.first)
            #expect(input["lines"] as? Int == 201)
            #expect(input["truncated_lines"] as? Int == 1)
            #expect(input["events"] as? Int == 200)
        }
    }

    // MARK: - Format detection on wide lines

    /// Detection reads lines until it has enough or until its byte budget, and what it samples are the
    /// lines, whole; the batches after it still hold every line.
    @Test func detectionSamplesWholeLinesWithinItsBudget() throws {
        let line = Array(repeating: UInt8(ascii: "w"), count: 20_000)
        var bytes: [UInt8] = []
        for index in 0..<70 { bytes += Array("\(index) ".utf8) + line + [13, 10] }
        let path = TestPaths.file(bytes)
        var reader = LineReader(source: try FileDescriptorSource(path: path), maxLineBytes: 16 << 20, live: false, wait: nil)
        try reader.fill(lines: 64, bytes: 200_000)
        #expect(reader.bytesRead >= 200_000 && reader.bytesRead < 200_000 + (1 << 16))
        let sample = reader.sampleLines(64)
        #expect(sample.count == reader.bytesRead / 20_004, "the complete lines of what was read")
        for (index, sampled) in sample.enumerated() {
            #expect(sampled == Array("\(index) ".utf8) + line)
        }
        var joined: [UInt8] = []
        var atEnd = false
        while !atEnd {
            let next = try reader.nextBatch(chunkBytes: 1 << 20, chunks: 2)
            for piece in next.batch { joined += piece }
            atEnd = next.atEnd
        }
        #expect(joined == bytes)

        var few = LineReader(source: try FileDescriptorSource(path: path), maxLineBytes: 16 << 20, live: false, wait: nil)
        try few.fill(lines: 3)
        #expect(few.sampleLines(3).count == 3)
        #expect(few.bytesRead < 4 * 20_004 + (1 << 16))
    }

    /// Wide records are still detected (from the lines within the byte budget) and parsed whole; lines
    /// past the budget are parsed like the others.
    @Test func wideRecordsAreDetectedAndParsedWhole() throws {
        let padding = String(repeating: "p", count: 20_000)
        let wide = Self.hdfs.prefix(70).map { $0.dropLast() + " " + padding + "\n" }.joined()
        for budget in [1 << 16, 4 << 20] {
            let (events, stats, error) = Self.parse(TestPaths.file(wide), detectionBytes: budget)
            #expect(error == nil)
            #expect(stats.inputs.first?.pattern == "hdfs")
            #expect(stats.inputs.first?.detectionShare == 1)
            #expect(events.count == 70)
            #expect(events.allSatisfy { $0.message.hasSuffix(padding) })
        }

        let first = String(repeating: "q", count: 100_000) + "\n" + Self.hdfs.prefix(200).joined()
        let (later, laterStats, _) = Self.parse(TestPaths.file(first), detectionBytes: 1 << 18)
        #expect(laterStats.inputs.first?.pattern == "hdfs")
        #expect(laterStats.inputs.first?.lines == 201)
        #expect(later.count == 201)
    }

    // MARK: - Damaged archives

    /// 64 bytes overwritten near the end of a gzip'd real log: every line `zcat` recovers is kept (the
    /// same bytes), and the damage is reported naming the file.
    @Test func aDamagedArchiveKeepsEverythingDecodedBeforeTheDamage() throws {
        let scratch = TestPaths.scratch()
        let plain = scratch + "/hdfs.log"
        try FileManager.default.copyItem(atPath: TestPaths.data + "/hdfs_20k/HDFS_20000.log", toPath: plain)
        try Self.gzip(plain)
        var archive = try [UInt8](Data(contentsOf: URL(fileURLWithPath: plain + ".gz")))
        let at = archive.count - 4_000
        var random = SplitMix64(seed: 3)
        for index in at..<(at + 64) { archive[index] = UInt8.random(in: 0...255, using: &random) }
        let damaged = scratch + "/damaged.log.gz"
        _ = FileManager.default.createFile(atPath: damaged, contents: Data(archive))

        let zcat = Process()
        zcat.executableURL = URL(fileURLWithPath: "/bin/sh")
        zcat.arguments = ["-c", "zcat < '\(damaged)' > '\(scratch)/zcat.log' 2>/dev/null"]
        try zcat.run()
        zcat.waitUntilExit()
        #expect(zcat.terminationStatus != 0, "zcat should notice the damage")
        let recovered = try [UInt8](Data(contentsOf: URL(fileURLWithPath: scratch + "/zcat.log")))
        let zcatLines = recovered.filter { $0 == 10 }.count
        #expect(zcatLines > 19_000)

        let (events, stats, error) = Self.parse(damaged)
        let failure = try #require(error as? InputError)
        guard case .corruptArchive(let path, _) = failure else {
            Issue.record("expected a corrupt archive, got \(failure)")
            return
        }
        #expect(path == damaged)
        #expect(stats.inputs.first?.error?.contains(damaged) == true)
        let lines = try #require(stats.inputs.first?.lines)
        #expect(lines >= zcatLines, "Ariadne kept \(lines) lines, zcat \(zcatLines)")
        // The same bytes give the same events, but for the last, whose line zcat may have left unfinished.
        let fromZcat = Self.parse(scratch + "/zcat.log").events
        try #require(events.count >= fromZcat.count - 1)
        #expect(events.prefix(fromZcat.count - 1).map(\.message) == fromZcat.dropLast().map(\.message))

        let run = try runBounded(["parse", "-q", damaged])
        #expect(run.status != 0)
        #expect(run.stderr.contains("ariadne: \(damaged): not a readable gzip archive"))
        #expect(run.stdout.filter { $0 == 10 }.count >= fromZcat.count - 1)
    }

    // MARK: - Directory walks

    /// A directory holding every kind of thing a walk can meet.
    static func zoo() throws -> String {
        let directory = TestPaths.scratch()
        let manager = FileManager.default
        _ = manager.createFile(atPath: directory + "/a.log", contents: Data(Self.hdfs.prefix(10).joined().utf8))
        try manager.createDirectory(atPath: directory + "/sub", withIntermediateDirectories: false)
        _ = manager.createFile(atPath: directory + "/sub/b.log", contents: Data(Self.hdfs[10..<20].joined().utf8))
        _ = manager.createFile(atPath: directory + "/.hidden.log", contents: Data(Self.hdfs[20..<30].joined().utf8))
        var binary = Array(Self.hdfs[30..<40].joined().utf8)
        binary.insert(0, at: 500)
        _ = manager.createFile(atPath: directory + "/bin.dat", contents: Data(binary))
        _ = manager.createFile(atPath: directory + "/packed.bin", contents: Data(binary))
        try gzip(directory + "/packed.bin")
        try manager.removeItem(atPath: directory + "/packed.bin")
        // A NUL after the first 8 KiB: not binary.
        let text = Array(Self.hdfs[40..<140].joined().utf8)
        _ = manager.createFile(atPath: directory + "/late.log", contents: Data(text + [0, 10]))
        #expect(mkfifo(directory + "/fifo", 0o644) == 0)
        try manager.createSymbolicLink(atPath: directory + "/zero", withDestinationPath: "/dev/zero")
        try manager.createSymbolicLink(atPath: directory + "/dangling", withDestinationPath: directory + "/missing")
        try manager.createSymbolicLink(atPath: directory + "/link.log", withDestinationPath: directory + "/a.log")
        try manager.createSymbolicLink(atPath: directory + "/dirlink", withDestinationPath: directory + "/sub")
        try manager.createSymbolicLink(atPath: directory + "/loop", withDestinationPath: directory + "/loop")
        let socketFD = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let socketPath = directory + "/sock"
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in socketPath.utf8.enumerated() where index < raw.count - 1 { raw[index] = byte }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socketFD, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        #expect(bound == 0, "a socket path under 108 bytes: \(socketPath)")
        close(socketFD)
        return directory
    }

    /// `analyze --state DIR/st DIR` run twice: the second walk meets the first run's state (its plans and
    /// models, JSON) and skips it, saying so, instead of reading Ariadne's own output as logs.
    @Test func aStateDirectoryInsideTheLogsIsNoInput() throws {
        let directory = RequestFlows(layout: .log4jLike, requests: 30).write()
        let first = try CLI.run(["analyze", "--state", directory + "/st", directory])
        #expect(first.status == 0, "\(first.stderr)")
        let expansion = try InputSource.expand([directory])
        #expect(expansion.skipped.map(\.kind) == [.stateDirectory] && expansion.skipped.first?.path == directory + "/st")
        #expect(expansion.inputs.allSatisfy { !$0.name.contains("/st/") })
        let second = try CLI.run(["analyze", "--state", directory + "/st", directory])
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stderr.contains("an Ariadne state directory"), "\(second.stderr)")
        let inputsLine = { (text: String) in text.split(separator: "\n").first { $0.hasPrefix("Inputs:") }.map(String.init) }
        #expect(inputsLine(second.text) == inputsLine(first.text), "\(second.text.prefix(300))")
    }

    @Test func walksReadOnlyRegularFilesAndSayWhatTheySkip() throws {
        let directory = try Self.zoo()
        let expansion = try InputSource.expand([directory])
        #expect(expansion.inputs.map(\.name) == ["a.log", "bin.dat", "late.log", "link.log", "packed.bin.gz", "sub/b.log"]
            .map { directory + "/" + $0 })
        #expect(expansion.inputs.allSatisfy { $0.isDiscovered && !$0.isLive })
        let kinds: [SkippedInput.Kind] = [.danglingSymlink, .symlinkToDirectory, .fifo, .cannotStat, .socket, .device]
        #expect(expansion.skipped.map(\.path) == ["dangling", "dirlink", "fifo", "loop", "sock", "zero"].map { directory + "/" + $0 })
        #expect(expansion.skipped.map(\.kind) == kinds)
        #expect(expansion.skipped.first { $0.kind == .cannotStat }?.reason.contains("Too many levels of symbolic links") == true)
        #expect(try InputSource.expand([directory + "/*"]) == expansion)

        var events: [Event] = []
        var reported: [SkippedInput] = []
        let session = ParseSession(options: ParseOptions(library: Self.library.patterns)) { events.append($0) }
        session.onSkip = { reported.append($0) }
        session.skip(expansion.skipped)
        for input in expansion.inputs { try session.parse(input) }
        #expect(session.stats.skipped.map(\.path) == expansion.skipped.map(\.path) + [directory + "/bin.dat", directory + "/packed.bin.gz"])
        #expect(session.stats.skipped.suffix(2).allSatisfy { $0.kind == .binary })
        #expect(reported == session.stats.skipped)
        #expect(session.stats.inputs.map(\.input) == ["a.log", "late.log", "link.log", "sub/b.log"].map { directory + "/" + $0 })
        #expect(session.stats.total(\.lines) == 10 + 101 + 10 + 10)
        #expect(events.count == session.stats.total(\.events))
        #expect(events.count == 130, "the NUL line of late.log continues the record before it")

        // Named on the command line, a binary file is parsed as before.
        let named = Self.parse(directory + "/bin.dat")
        #expect(named.stats.skipped.isEmpty)
        #expect(named.stats.inputs.first?.lines == 10)
        #expect(named.events.count == named.stats.total(\.events) && !named.events.isEmpty)
    }

    @Test func emptyWalksAreErrorsThatSayWhy() throws {
        let empty = TestPaths.scratch()
        _ = FileManager.default.createFile(atPath: empty + "/.only-hidden", contents: Data("x\n".utf8))
        #expect(throws: InputError.noFiles(path: empty, skipped: [])) { try InputSource.expand([empty]) }
        let pipes = TestPaths.scratch()
        #expect(mkfifo(pipes + "/fifo", 0o644) == 0)
        #expect(throws: InputError.noFiles(path: pipes, skipped: [SkippedInput(path: pipes + "/fifo", kind: .fifo)])) {
            try InputSource.expand([pipes])
        }
        #expect(throws: InputError.noFiles(path: pipes + "/f*", skipped: [SkippedInput(path: pipes + "/fifo", kind: .fifo)])) {
            try InputSource.expand([pipes + "/f*"])
        }
        let message = "\(InputError.noFiles(path: pipes, skipped: [SkippedInput(path: pipes + "/fifo", kind: .fifo)]))"
        #expect(message.contains("no files to read") && message.contains(pipes + "/fifo"))

        let run = try runBounded(["parse", empty])
        #expect(run.status == 66)
        #expect(run.stderr.contains("ariadne: \(empty): no files to read"))
        let fromPipes = try runBounded(["infer", pipes])
        #expect(fromPipes.status == 66)
        #expect(fromPipes.stderr.contains("\(pipes)/fifo: a named pipe"))
    }

    /// Paths a walk meets beyond PATH_MAX are skipped with a word, not silently.
    @Test func pathsLongerThanPathMaxAreSkippedAndSaid() throws {
        let directory = TestPaths.scratch()
        _ = FileManager.default.createFile(atPath: directory + "/short.log", contents: Data(Self.hdfs[0].utf8))
        var fd = open(directory, O_RDONLY | O_DIRECTORY)
        let component = String(repeating: "d", count: 250)
        var depth = 0
        while directory.utf8.count + depth * 251 < 4_400 {
            #expect(mkdirat(fd, component, 0o755) == 0)
            let next = openat(fd, component, O_RDONLY | O_DIRECTORY)
            close(fd)
            fd = next
            depth += 1
        }
        let file = openat(fd, "deep.log", O_WRONLY | O_CREAT, 0o644)
        #expect(file >= 0)
        close(file)
        close(fd)
        let expansion = try InputSource.expand([directory])
        #expect(expansion.inputs.map(\.name) == [directory + "/short.log"])
        let skipped = try #require(expansion.skipped.first)
        #expect(expansion.skipped.count == 1)
        #expect(skipped.kind == .pathTooLong)
        #expect(skipped.path.utf8.count >= 4096 && skipped.path.utf8.count < 4096 + 251)
        #expect(skipped.reason.contains("PATH_MAX"))
    }

    /// The CLI prints one line per skip, counts them in the summary and lists them in `--stats-json`;
    /// a FIFO or `/dev/zero` inside the directory no longer blocks or reads forever.
    @Test func theCommandLineSaysWhatWasSkipped() throws {
        let directory = try Self.zoo()
        let statsFile = TestPaths.scratch() + "/stats.json"
        let run = try runBounded(["parse", "--stats-json", statsFile, directory], seconds: 120)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.filter { $0 == 10 }.count == 130)
        for (name, reason) in [("dangling", "a dangling symlink"), ("dirlink", "a symlink to a directory"), ("fifo", "a named pipe"),
                               ("loop", "cannot tell what it is"), ("sock", "a socket"), ("zero", "a device (character device)"),
                               ("bin.dat", "binary file"), ("packed.bin.gz", "binary file")] {
            #expect(run.stderr.contains("ariadne: skipped \(directory)/\(name): \(reason)"), "\(name)")
        }
        #expect(run.stderr.contains("4 input(s)"))
        #expect(run.stderr.contains("8 skipped"))
        let stats = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: statsFile))) as? [String: Any]
        let skipped = try #require(stats?["skipped"] as? [[String: Any]])
        #expect(skipped.count == 8)
        #expect(skipped.first?["path"] as? String == directory + "/dangling")
        #expect(skipped.first?["kind"] as? String == "dangling_symlink")
        #expect(skipped.last?["kind"] as? String == "binary")
    }

    /// A FIFO named on the command line is read as a stream, to its end.
    @Test func aNamedFIFOIsReadAsAStream() throws {
        let fifo = TestPaths.scratch() + "/fifo"
        #expect(mkfifo(fifo, 0o644) == 0)
        let lines = Self.hdfs.prefix(50).joined()
        let writer = Thread {
            // Open without blocking once ariadne has opened the other end, so a missing reader cannot
            // hang the test.
            let deadline = Date().addingTimeInterval(60)
            var fd: Int32 = -1
            while fd < 0 && Date() < deadline {
                fd = open(fifo, O_WRONLY | O_NONBLOCK)
                if fd < 0 { usleep(20_000) }
            }
            guard fd >= 0 else { return }
            _ = fcntl(fd, F_SETFL, 0)
            _ = lines.withCString { write(fd, $0, strlen($0)) }
            close(fd)
        }
        writer.start()
        let run = try runBounded(["parse", "-q", fifo], seconds: 90)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.filter { $0 == 10 }.count == 50)
        #expect(run.text.hasPrefix("{\"source\":\"\(fifo):1\""))
        #expect(try InputSource.expand([fifo]).inputs == [InputSource(path: fifo, isLive: true)])
    }

    // MARK: - Unreadable files

    /// A file that exists but cannot be read is `cannotOpen` naming it and the system's reason (exit 66),
    /// inside a walk too, where the other files are still read; an unlistable folder is skipped and said.
    @Test func unreadableFilesAreReportedAndTheWalkGoesOn() throws {
        let directory = TestPaths.scratch()
        let manager = FileManager.default
        _ = manager.createFile(atPath: directory + "/a.log", contents: Data(Self.hdfs.prefix(10).joined().utf8))
        _ = manager.createFile(atPath: directory + "/secret.log", contents: Data(Self.hdfs.prefix(10).joined().utf8))
        try manager.createDirectory(atPath: directory + "/locked", withIntermediateDirectories: false)
        _ = manager.createFile(atPath: directory + "/locked/c.log", contents: Data(Self.hdfs.prefix(10).joined().utf8))
        #expect(chmod(directory + "/secret.log", 0) == 0)
        #expect(chmod(directory + "/locked", 0) == 0)
        defer { _ = chmod(directory + "/locked", 0o755) }
        // Root reads anything: run ariadne as nobody then.
        let asNobody = getuid() == 0 ? ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] : []
        if !asNobody.isEmpty { try #require(FileManager.default.isExecutableFile(atPath: asNobody[0])) }

        let walk = try runBounded(["parse", directory], prefix: asNobody)
        #expect(walk.status == 66)
        #expect(walk.stderr.contains("ariadne: \(directory)/secret.log: cannot open (Permission denied)"))
        #expect(walk.stderr.contains("ariadne: skipped \(directory)/locked: cannot list the directory (Permission denied)"))
        #expect(walk.stdout.filter { $0 == 10 }.count == 10)

        let named = try runBounded(["parse", directory + "/secret.log"], prefix: asNobody)
        #expect(named.status == 66)
        #expect(named.stderr.contains("ariadne: \(directory)/secret.log: cannot open (Permission denied)"))
    }
}

/// Runs the built `ariadne` (after `prefix`, a command that runs it, if any) with stdin empty; kills it
/// and records a failure if it is still running after `seconds`, so a hang fails the test instead of
/// the suite.
private func runBounded(_ arguments: [String], seconds: Double = 300, prefix: [String] = []) throws -> CLI.Result {
    let process = Process()
    let command = prefix + [CLI.executable] + arguments
    process.executableURL = URL(fileURLWithPath: command[0])
    process.arguments = Array(command.dropFirst())
    process.currentDirectoryURL = URL(fileURLWithPath: TestPaths.root)
    let output = Pipe(), errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    process.standardInput = FileHandle.nullDevice
    let exited = DispatchSemaphore(value: 0)
    process.terminationHandler = { _ in exited.signal() }
    try process.run()
    let out = Drained(), err = Drained()
    let drained = DispatchGroup()
    DispatchQueue.global().async(group: drained) { out.data = output.fileHandleForReading.readDataToEndOfFile() }
    DispatchQueue.global().async(group: drained) { err.data = errors.fileHandleForReading.readDataToEndOfFile() }
    if exited.wait(timeout: .now() + seconds) == .timedOut {
        kill(process.processIdentifier, SIGKILL)
        Issue.record("ariadne \(arguments.joined(separator: " ")) still running after \(Int(seconds)) s: killed")
        exited.wait()
    }
    drained.wait()
    return CLI.Result(status: process.terminationStatus, stdout: out.data, stderr: String(decoding: err.data, as: UTF8.self))
}

/// What one pipe gave, written by one reader before the group's wait and read after it.
private final class Drained: @unchecked Sendable {
    var data = Data()
}

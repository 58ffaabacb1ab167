import Foundation

/// The patterns available to a run: the shipped `Patterns/` folder plus the user's own folders/files.
public struct PatternLibrary: Sendable {
    /// Loaded patterns, sorted by name.
    public let patterns: [LogPattern]
    /// Where the shipped patterns were found.
    public let directories: [String]
    /// Things the user should know that do not stop the run, each naming its file (print them as
    /// `ariadne: WARNING`): a user's pattern replacing a shipped one or one from an earlier folder.
    public let warnings: [String]

    /// Loads every `*.yaml`/`*.yml` in `directories` (and the shipped folder unless `includeShipped` is
    /// false). Throws the first malformed file's `PatternError`. A user's pattern overrides a shipped one
    /// of the same name (listed in `warnings`); a name defined twice in one folder is an error.
    public init(directories extra: [String] = [], includeShipped: Bool = true) throws {
        var directories: [String] = []
        if includeShipped {
            guard let shipped = Self.shippedDirectory() else { throw PatternLibraryError.shippedPatternsNotFound }
            directories.append(shipped)
        }
        directories.append(contentsOf: extra)
        var byName: [String: LogPattern] = [:]
        var warnings: [String] = []
        var shippedNames: Set<String> = []
        for (index, directory) in directories.enumerated() {
            let fromShipped = includeShipped && index == 0
            var seenHere: [String: String] = [:]
            for file in try Self.patternFiles(in: directory) {
                let pattern = try PatternLoader.load(file: file)
                if let first = seenHere[pattern.name] {
                    throw PatternLibraryError.duplicateName(pattern.name, first: first, second: file)
                }
                seenHere[pattern.name] = file
                if let earlier = byName[pattern.name] {
                    let what = shippedNames.contains(pattern.name) ? "the shipped one" : "the one in \(earlier.file)"
                    warnings.append("\(file): pattern \(pattern.name) replaces \(what)")
                }
                if fromShipped { shippedNames.insert(pattern.name) }
                byName[pattern.name] = pattern
            }
        }
        byName[LogPattern.events.name] = LogPattern.events
        patterns = byName.values.sorted { $0.name < $1.name }
        self.directories = directories
        self.warnings = warnings
    }

    /// The pattern named `name`, or loaded from the file at `name`; `generic` is built in.
    public func pattern(named name: String) throws -> LogPattern {
        if name == LogPattern.generic.name { return .generic }
        if name == LogPattern.events.name { return .events }
        if let pattern = patterns.first(where: { $0.name == name }) { return pattern }
        if FileManager.default.fileExists(atPath: name) { return try PatternLoader.load(file: name) }
        throw PatternLibraryError.unknownPattern(name, known: patterns.map(\.name))
    }

    /// `$ARIADNE_PATTERNS`, else `share/ariadne/patterns` next to the installed binary, else the
    /// `Patterns/` folder of the source tree the binary was built in (found by walking up from it).
    static func shippedDirectory() -> String? {
        let manager = FileManager.default
        if let env = ProcessInfo.processInfo.environment["ARIADNE_PATTERNS"], !env.isEmpty { return env }
        // The running binary itself (`/proc/self/exe`): argv[0] is a bare name when it was found through PATH.
        let path = (try? manager.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments.first ?? "."
        let executable = URL(fileURLWithPath: path).resolvingSymlinksInPath()
        var directory = executable.deletingLastPathComponent()
        let installed = directory.appendingPathComponent("../share/ariadne/patterns").standardized.path
        if manager.fileExists(atPath: installed) { return installed }
        for _ in 0..<8 {
            let candidate = directory.appendingPathComponent("Patterns").path
            if manager.fileExists(atPath: directory.appendingPathComponent("Package.swift").path),
               manager.fileExists(atPath: candidate) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        let cwd = manager.currentDirectoryPath + "/Patterns"
        return manager.fileExists(atPath: cwd) ? cwd : nil
    }

    private static func patternFiles(in directory: String) throws -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) else {
            throw PatternLibraryError.notFound(directory)
        }
        guard isDirectory.boolValue else { return [directory] }
        let names = try FileManager.default.contentsOfDirectory(atPath: directory)
        return names.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted().map { directory + "/" + $0 }
    }
}

/// Problems finding patterns.
public enum PatternLibraryError: Error, Equatable, CustomStringConvertible {
    case shippedPatternsNotFound
    case notFound(String)
    case duplicateName(String, first: String, second: String)
    case unknownPattern(String, known: [String])

    public var description: String {
        switch self {
        case .shippedPatternsNotFound:
            return "cannot find the shipped Patterns/ folder; set ARIADNE_PATTERNS to its path"
        case let .notFound(path):
            return "\(path): no such pattern file or folder"
        case let .duplicateName(name, first, second):
            return "pattern name '\(name)' is defined twice: \(first) and \(second); rename one"
        case let .unknownPattern(name, known):
            return "no pattern named '\(name)' and no such file; known: \(known.joined(separator: ", ")), generic"
        }
    }
}

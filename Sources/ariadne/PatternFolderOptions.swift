import AriadneCore
import ArgumentParser

/// `--patterns DIR|FILE`, shared by every command that loads the pattern library.
struct PatternFolderOptions: ParsableArguments {
    @Option(name: .customLong("patterns"),
            help: ArgumentHelp("Extra folder (or file) of pattern files; may repeat.", valueName: "DIR|FILE"),
            completion: .file(extensions: ["yaml", "yml"]))
    var patternDirectories: [String] = []

    /// The shipped patterns (or `ARIADNE_PATTERNS`) and these, with the library's warnings (a pattern
    /// replacing another of the same name) printed on stderr.
    func load() throws -> PatternLibrary {
        try Self.load(directories: patternDirectories)
    }

    /// The library with `directories` added, its warnings printed on stderr.
    static func load(directories: [String]) throws -> PatternLibrary {
        let library = try PatternLibrary(directories: directories)
        for warning in library.warnings { StandardStreams.error("ariadne: \(warning)") }
        return library
    }
}

#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing

/// A Python virtual environment with the injectors' own validators (PyPI `jsonschema`, `PyYAML`,
/// `chaostoolkit`), created under the scratch directory the first time a test needs it and reused
/// afterwards (a lock file keeps concurrent test runs from building it twice).
enum PythonVenv {
    static let packages = ["jsonschema", "PyYAML", "chaostoolkit"]
    static let directory = NSTemporaryDirectory() + "ariadne-tests-venv"

    /// The environment's directory, or the reason it could not be made.
    static let ready: Result<String, VenvError> = {
        guard let python = Python3.path else { return .failure(VenvError(reason: "python3 is not on PATH")) }
        let lock = open(directory + ".lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard lock >= 0 else { return .failure(VenvError(reason: "cannot open \(directory).lock")) }
        defer { close(lock) }
        flock(lock, LOCK_EX)
        defer { flock(lock, LOCK_UN) }
        let check = ["-c", "import jsonschema, yaml, chaoslib"]
        if FileManager.default.isExecutableFile(atPath: directory + "/bin/python"), (try? run(directory + "/bin/python", check))?.status == 0 {
            return .success(directory)
        }
        for step in [(python, ["-m", "venv", directory]),
                     (directory + "/bin/python", ["-m", "pip", "install", "--quiet", "--disable-pip-version-check"] + packages)] {
            guard let result = try? run(step.0, step.1), result.status == 0 else {
                let output = (try? run(step.0, step.1))?.output ?? ""
                return .failure(VenvError(reason: "\(step.0) \(step.1.joined(separator: " ")) failed: \(output.suffix(2000))"))
            }
        }
        return .success(directory)
    }()

    struct VenvError: Error, CustomStringConvertible {
        var reason: String
        var description: String { "no Python environment with \(PythonVenv.packages.joined(separator: ", ")): \(reason)" }
    }

    /// The environment's `bin/NAME`.
    static func tool(_ name: String) throws -> String {
        try ready.get() + "/bin/" + name
    }

    /// Runs `executable arguments` from `directory` (default: the package root) with extra `environment`,
    /// stdout and stderr together.
    static func run(_ executable: String, _ arguments: [String], in directory: String = TestPaths.root,
                    environment extra: [String: String] = [:]) throws -> Python3.Result {
        try Python3.run(executable: executable, arguments, in: directory, environment: extra)
    }
}

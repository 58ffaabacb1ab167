#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// The directory the loop keeps its state in (`--state DIR`, default `.ariadne`):
/// `state.json` (`LoopState`), `plans/<plan id>.json` (`ExperimentPlan`), `models/<digest>.json` (the
/// redundancy model and log facts a plan came from), `lock`, and the hidden `.ariadne-state` (`mark`).
///
/// Every file is written atomically (`AtomicFile`: write, fsync, rename, fsync the directory), and
/// `state.json` last, so a run killed at any moment leaves the previous state or the new one, never a
/// part. One run at a time: `lock()` takes an exclusive `flock` on `lock` (released by the kernel when
/// the process ends, however it ends) and refuses with `LoopError.busy` while another run holds it.
public final class StateDirectory {
    /// The directory.
    public let path: String
    private var lockDescriptor: Int32 = -1

    /// The state directory at `path` (created on the first write).
    public init(path: String) {
        self.path = path
    }

    deinit { unlock() }

    /// The state file.
    public var stateFile: String { path + "/state.json" }

    /// A hidden file marking the directory as a state, so that walks over logs beside it skip it.
    public static let mark = ".ariadne-state"

    /// Takes the directory's lock, creating the directory (and its `mark`); throws `LoopError.busy` naming the holder.
    public func lock() throws {
        guard lockDescriptor < 0 else { return }
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw AtomicFile.WriteError(path: path, reason: "cannot create the directory")
        }
        // The mark directory walks know a state by, before its first state.json is written.
        if access(path + "/" + Self.mark, F_OK) != 0,
           !FileManager.default.createFile(atPath: path + "/" + Self.mark,
                                           contents: Data("An Ariadne state directory: its plans and models are not logs.\n".utf8)) {
            throw AtomicFile.WriteError(path: path + "/" + Self.mark, reason: "cannot create the file")
        }
        let file = path + "/lock"
        let fd = open(file, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw AtomicFile.WriteError(path: file, reason: String(cString: strerror(errno))) }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let holder = (try? String(contentsOfFile: file, encoding: .utf8)).flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
            close(fd)
            throw LoopError.busy(directory: path, pid: holder ?? 0)
        }
        _ = ftruncate(fd, 0)
        let pid = Array("\(getpid())\n".utf8)
        _ = pid.withUnsafeBufferPointer { Glibc.write(fd, $0.baseAddress!, $0.count) }
        lockDescriptor = fd
    }

    /// Releases the lock (also released when the process ends).
    public func unlock() {
        guard lockDescriptor >= 0 else { return }
        flock(lockDescriptor, LOCK_UN)
        close(lockDescriptor)
        lockDescriptor = -1
    }

    /// The state, nil when the directory has none yet.
    public func read() throws -> LoopState? {
        guard FileManager.default.fileExists(atPath: stateFile) else { return nil }
        do {
            let data = try Data(contentsOf: URL(fileURLWithPath: stateFile))
            let decoder = JSONDecoder()
            decoder.keyDecodingStrategy = .convertFromSnakeCase
            struct Version: Decodable { var ariadneState: Int }
            let version = try decoder.decode(Version.self, from: data).ariadneState
            guard version == LoopState.formatVersion else {
                throw LoopError.unreadableState(path: stateFile, reason: "format version \(version), this ariadne reads \(LoopState.formatVersion)")
            }
            return try decoder.decode(LoopState.self, from: data)
        } catch let error as LoopError {
            throw error
        } catch {
            throw LoopError.unreadableState(path: stateFile, reason: "\(error)")
        }
    }

    /// Writes the state atomically.
    public func write(_ state: LoopState) throws {
        try AtomicFile.write(try Self.json(state), to: stateFile)
    }

    /// Writes `data` to `relative` inside the directory atomically (plans, models).
    public func write(_ data: Data, to relative: String) throws {
        try AtomicFile.write(data, to: path + "/" + relative)
    }

    /// The plan `id`, from `plans/<id>.json`.
    public func plan(_ id: String) throws -> ExperimentPlan {
        let file = path + "/plans/\(id).json"
        guard let data = FileManager.default.contents(atPath: file) else {
            throw LoopError.unreadableState(path: file, reason: "the plan the state names is missing")
        }
        return try ExperimentPlan.read(data, path: file)
    }

    /// Deterministic JSON: pretty, sorted snake_case keys, ending with a newline.
    static func json<T: Encodable>(_ value: T) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return try encoder.encode(value) + Data("\n".utf8)
    }
}

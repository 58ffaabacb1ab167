import AriadneCore
import Foundation

/// What `ariadne --version` prints: the release, and the git revision of the checkout the binary was
/// built from when that checkout is still there (a source build, as in CI), e.g.
/// `ariadne 0.1.0 (git 1a2b3c4d5e6f)`. An installed binary whose checkout is gone prints the release only.
enum AriadneVersion {
    static let number = AriadneCore.Ariadne.version

    static var text: String {
        guard let revision = gitRevision() else { return "ariadne \(number)" }
        return "ariadne \(number) (git \(revision))"
    }

    /// The package root this file was compiled in.
    static let checkout = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path

    /// `git rev-parse --short=12 HEAD` in the checkout, with `-dirty` when tracked files changed.
    static func gitRevision() -> String? {
        guard FileManager.default.fileExists(atPath: checkout + "/.git"),
              let head = git(["rev-parse", "--short=12", "HEAD"]), !head.isEmpty else { return nil }
        let dirty = git(["status", "--porcelain", "--untracked-files=no"]).map { !$0.isEmpty } ?? false
        return head + (dirty ? "-dirty" : "")
    }

    private static func git(_ arguments: [String]) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-C", checkout] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

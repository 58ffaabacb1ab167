/// A word that is a place in source code: `worker.go:42`, `Foo.java:12:`, `logger.py:<*>` (a file name
/// with a short extension, then a line number or a template's wildcard), a module, a function and a line
/// (`eta.api:predict:57`, loguru's default `{name}:{function}:{line}`), and code locations with a path
/// before it (`checkout/svc.go:41`, `src\app.py:7`). Messages name them (dropped from message kinds) and
/// structured loggers write them beside each record (zap's and go-kit's `caller`): such a value is where
/// the record was written, never a service.
enum SourceLocationWord {
    static let pattern = #"^(?:[A-Za-z_][\w-]*\.[A-Za-z]{1,5}:(<\*>|\d+)|[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+:[A-Za-z_]\w*:(?:<\*>|\d+)):?$"#

    /// Whether `word` matches `pattern` (`worker.go:<*>:`, `Foo.java:12`). Printable ASCII words
    /// are read byte by byte (there `\w` is `[A-Za-z0-9_]` and `\d` is `[0-9]`); others go to the
    /// regular expression: compiling it for each word took a fifth of `analyze`.
    static func matches(_ word: Substring) -> Bool {
        let bytes = Array(word.utf8)
        func letter(_ b: UInt8) -> Bool { (b >= 65 && b <= 90) || (b >= 97 && b <= 122) }
        func digit(_ b: UInt8) -> Bool { b >= 48 && b <= 57 }
        guard let first = bytes.first, letter(first) || first == UInt8(ascii: "_"),
              bytes.contains(UInt8(ascii: ".")), bytes.contains(UInt8(ascii: ":")) else { return false }
        if bytes.contains(where: { $0 < 0x20 || $0 >= 0x7f }) {
            return word.range(of: pattern, options: .regularExpression) != nil
        }
        if isModuleFunctionLine(bytes) { return true }
        var i = 1
        while i < bytes.count, letter(bytes[i]) || digit(bytes[i]) || bytes[i] == UInt8(ascii: "_") || bytes[i] == UInt8(ascii: "-") { i += 1 }
        guard i < bytes.count, bytes[i] == UInt8(ascii: ".") else { return false }
        i += 1
        let extensionStart = i
        while i < bytes.count, letter(bytes[i]) { i += 1 }
        guard (1...5).contains(i - extensionStart), i < bytes.count, bytes[i] == UInt8(ascii: ":") else { return false }
        i += 1
        if bytes[i...].starts(with: "<*>".utf8) {
            i += 3
        } else {
            let digits = i
            while i < bytes.count, digit(bytes[i]) { i += 1 }
            guard i > digits else { return false }
        }
        if i < bytes.count, bytes[i] == UInt8(ascii: ":") { i += 1 }
        return i == bytes.count
    }

    /// `module.path:function:line` (letters, digits and `_` in each name, the line digits or `<*>`): a
    /// host and port has no function between them, and a name opens with a letter or `_`.
    private static func isModuleFunctionLine(_ bytes: [UInt8]) -> Bool {
        let parts = bytes.split(separator: UInt8(ascii: ":"), omittingEmptySubsequences: false)
        guard parts.count == 3 || (parts.count == 4 && parts[3].isEmpty) else { return false }
        func name(_ part: ArraySlice<UInt8>) -> Bool {
            guard let first = part.first, first == UInt8(ascii: "_") || (first | 0x20) >= 97 && (first | 0x20) <= 122 else { return false }
            return part.allSatisfy { ($0 | 0x20) >= 97 && ($0 | 0x20) <= 122 || ($0 >= 48 && $0 <= 57) || $0 == UInt8(ascii: "_") }
        }
        let module = parts[0].split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        return module.count >= 2 && module.allSatisfy(name) && name(parts[1])
            && (parts[2].elementsEqual("<*>".utf8) || (!parts[2].isEmpty && parts[2].allSatisfy { $0 >= 48 && $0 <= 57 }))
    }

    /// Whether `value` is a code location: `matches` on what follows its last `/` or `\\`
    /// (`checkout/svc.go:41`, `main.go:42`).
    static func isCodeLocation(_ value: Substring) -> Bool {
        // Most values (every structured record's service) have no colon: no bytes copied for them.
        guard value.utf8.contains(UInt8(ascii: ":")) else { return false }
        let last = value.lastIndex { $0 == "/" || $0 == "\\" }.map { value[value.index(after: $0)...] } ?? value
        return matches(last)
    }
}

/// Hosts and services named from what logs carry: a host from a per-host file's name, a service from a
/// host name without its instance suffix.
public enum HostNaming {
    /// Extensions of compressed or log files, removed from a file name (with rotation numbers and dates
    /// between them) to leave the host: `dn-3.log.2.gz` → `dn-3`.
    static let logExtensions: Set<String> = ["gz", "bz2", "xz", "zst", "log", "txt", "out", "err", "json", "jsonl", "ndjson", "csv"]

    /// The host a per-host file's name names: its base name without directories, compression and log
    /// extensions, rotation numbers (`.1`) and date stamps (`-20240101`); nil when nothing host-like is left.
    public static func host(fromFile path: String) -> String? {
        var name = Substring(path.split(separator: "/").last ?? Substring(path))
        while true {
            if let dot = name.lastIndex(of: ".") {
                let ext = name[name.index(after: dot)...]
                if logExtensions.contains(ext.lowercased()) || (!ext.isEmpty && ext.allSatisfy(\.isNumber) && ext.count <= 3) {
                    name = name[..<dot]
                    continue
                }
            }
            if let dash = name.lastIndex(where: { $0 == "-" || $0 == "_" }) {
                let stamp = name[name.index(after: dash)...]
                if stamp.count >= 8, stamp.allSatisfy(\.isNumber) {
                    name = name[..<dash]
                    continue
                }
            }
            if let stamp = dateStampStart(name) {
                name = name[..<stamp]
                continue
            }
            break
        }
        guard !name.isEmpty, name.contains(where: \.isLetter), !name.hasPrefix(".") else { return nil }
        return String(name)
    }

    /// Where a date stamp ending `name` starts, at the separator before it: a year (1970–2099), month
    /// and day with or without separators, and after them only digits and separators (a time: `T10`,
    /// `-1030`). `geo-a-2026-03-05` → `geo-a`, `app.log-2026-03-05T10` → `app.log`; nil when none.
    static func dateStampStart(_ name: Substring) -> Substring.Index? {
        let chars = Array(name)
        func isSeparator(_ c: Character) -> Bool { c == "-" || c == "_" || c == "." }
        func number(_ at: Int, _ count: Int) -> Int? {
            guard at + count <= chars.count, chars[at..<(at + count)].allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
            return Int(String(chars[at..<(at + count)]))
        }
        var k = chars.count
        while k > 0, chars[k - 1].isNumber || isSeparator(chars[k - 1]) || chars[k - 1] == "T" || chars[k - 1] == ":" { k -= 1 }
        for i in Swift.max(k, 1)..<chars.count where isSeparator(chars[i - 1]) {
            guard let year = number(i, 4), (1970...2099).contains(year) else { continue }
            var j = i + 4
            let separator: Character? = j < chars.count && isSeparator(chars[j]) ? chars[j] : nil
            if separator != nil { j += 1 }
            guard let month = number(j, 2), (1...12).contains(month) else { continue }
            j += 2
            if let separator {
                guard j < chars.count, chars[j] == separator else { continue }
                j += 1
            }
            guard let day = number(j, 2), (1...31).contains(day) else { continue }
            j += 2
            guard j == chars.count || !chars[j].isNumber else { continue }
            return name.index(name.startIndex, offsetBy: i - 1)
        }
        return nil
    }

    /// The host of each input when the inputs are one file per host: `.file` names every file's host;
    /// `.auto` does only when at least two files are read and they name at least two different hosts
    /// (the rotations of one log all name the same, so they do not count as per-host files). When the
    /// file names name fewer than two hosts, or one name stands in two directories (`web-1/apache2/
    /// access.log`, `lb/nginx/access.log`: the names are programs'), and the files lie in per-host
    /// directories (`logs/broker-0/app.log`, `logs/broker-1/app.log.1.gz`), each file's host is its
    /// directory's name (`directoryHosts`).
    public static func fileHosts(for inputs: [InputSource], origin: HostOrigin) -> [String: String] {
        var hosts: [String: String] = [:]
        let files = inputs.filter { $0.path != nil && !$0.isLive }.map(\.name)
        var pods: Set<String> = []
        for name in files {
            if let pod = kubernetesPod(name) {
                hosts[name] = pod
                pods.insert(name)
            } else if let host = host(fromFile: name) {
                hosts[name] = host
            }
        }
        var directoriesOf: [String: Set<Substring>] = [:]
        for (file, host) in hosts where !pods.contains(file) {
            directoriesOf[host, default: []].insert(file.split(separator: "/").dropLast().joined(separator: "/")[...])
        }
        let namesRepeat = directoriesOf.values.contains { $0.count > 1 }
        if Set(hosts.values).count < 2 || namesRepeat, let byDirectory = directoryHosts(files) { hosts = byDirectory }
        switch origin {
        case .file: return hosts
        case .field: return [:]
        case .auto: return Set(hosts.values).count >= 2 ? hosts : [:]
        }
    }

    /// The pod a kubelet's log path names (the kubelet's layout, rotations included):
    /// `…/pods/NAMESPACE_POD_UID/CONTAINER/0.log` (a directory of three `_`-separated parts ending in
    /// the pod's 36-character UID) or `…/containers/POD_NAMESPACE_CONTAINER-ID.log` (ID 64 hex digits);
    /// nil for any other path.
    static func kubernetesPod(_ path: String) -> String? {
        let parts = path.split(separator: "/")
        if parts.count >= 3 {
            let pieces = parts[parts.count - 3].split(separator: "_", omittingEmptySubsequences: false)
            if pieces.count == 3, !pieces[0].isEmpty, !pieces[1].isEmpty, pieces[2].count == 36,
               pieces[2].allSatisfy({ $0 == "-" || $0.isHexDigit }) {
                return String(pieces[1])
            }
        }
        guard let base = parts.last else { return nil }
        let pieces = base.split(separator: "_", omittingEmptySubsequences: false)
        guard pieces.count == 3, !pieces[0].isEmpty, let dash = pieces[2].lastIndex(of: "-") else { return nil }
        let id = pieces[2][pieces[2].index(after: dash)...].prefix { $0 != "." }
        guard id.count == 64, id.allSatisfy(\.isHexDigit) else { return nil }
        return String(pieces[0])
    }

    /// Per-host directories: each file's host is the name of its nearest enclosing directory whose name
    /// differs between the files (`logs/broker-0/app.log` → `broker-0`) and never stands under two
    /// different parents (`web-1/apache2`, `web-2/apache2`: a program's directory in each host's), when
    /// every file has one that names a host (`host(fromFile:)`: a date such as `2026-03-01` does not)
    /// and they name at least two; else nil.
    static func directoryHosts(_ files: [String]) -> [String: String]? {
        let directories = files.map { $0.split(separator: "/").dropLast() }
        guard files.count >= 2, let depth = directories.map(\.count).min() else { return nil }
        for up in stride(from: 1, through: depth, by: 1) {
            let names = directories.map { $0[$0.endIndex - up] }
            guard Set(names).count >= 2 else { continue }
            var parents: [Substring: Set<ArraySlice<Substring>>] = [:]
            for (directory, name) in zip(directories, names) { parents[name, default: []].insert(directory[..<(directory.endIndex - up)]) }
            if parents.values.contains(where: { $0.count > 1 }) { continue }
            var hosts: [String: String] = [:]
            for (file, name) in zip(files, names) {
                guard let host = host(fromFile: String(name)) else { return nil }
                hosts[file] = host
            }
            return Set(hosts.values).count >= 2 ? hosts : nil
        }
        return nil
    }

    /// The service a host belongs to: the host name without its instance suffix (`api-1` → `api`,
    /// `booking-b` → `booking`,
    /// `ts-order-service-7d9f8c-x2b4q` → `ts-order-service`, `web03` → `web`, `kafka-broker-2.example.com`
    /// → `kafka-broker`); a name with no instance suffix is its own service (`payments`); nil for
    /// addresses (`10.1.2.3:50010`).
    public static func service(ofHost host: String) -> String? {
        guard !isAddress(host) else { return nil }
        var name = Substring(host)
        if let colon = name.firstIndex(of: ":") { name = name[..<colon] }
        if let dot = name.firstIndex(of: "."), name[..<dot].contains(where: \.isLetter) { name = name[..<dot] }
        var parts = name.split(separator: "-", omittingEmptySubsequences: false)
        var removed = false
        // Kubernetes: <deployment>-<replica set hash>-<pod suffix>, <statefulset>-<ordinal>.
        while parts.count > 1, let last = parts.last, isInstanceSuffix(last, isLast: !removed) {
            parts.removeLast()
            removed = true
        }
        var result = parts.joined(separator: "-")
        if !removed, !result.contains("-") {
            // `web03`, `node_2`: trailing digits after letters.
            let trimmed = result.reversed().drop { $0.isNumber }
            let stem = String(trimmed.reversed())
            if stem.count < result.count, stem.contains(where: \.isLetter) {
                result = stem
                while let last = result.last, last == "_" || last == "-" || last == "." { result.removeLast() }
            }
        }
        guard !result.isEmpty, result.contains(where: \.isLetter) else { return nil }
        return result
    }

    /// An instance suffix: a number, a last lowercase letter (`booking-a`, `booking-b`: replicas
    /// lettered), or a short lowercase alphanumeric hash with a digit in it (or the 5-letter pod suffix
    /// Kubernetes draws from consonants and digits, and before it the ReplicaSet hash of 6 to 10 of them:
    /// `payments-gwrmpsvqnt-qlb9d` → `payments`).
    private static func isInstanceSuffix(_ part: Substring, isLast: Bool) -> Bool {
        guard !part.isEmpty, part.count <= 10 else { return false }
        if part.allSatisfy(\.isNumber) { return true }
        if isLast, part.count == 1, let letter = part.first, letter.isASCII, letter.isLowercase { return true }
        guard part.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber) }) else { return false }
        if part.contains(where: \.isNumber) && part.contains(where: \.isLetter) && part.count >= 4 { return true }
        // Kubernetes pod suffixes use "bcdfghjklmnpqrstvwxz2456789": five characters with no vowel; the
        // ReplicaSet hash before them (6 to 10 characters) the same alphabet, with or without a digit.
        if isLast { return part.count == 5 && !part.contains(where: { "aeiouy".contains($0) }) }
        return part.count >= 6 && part.allSatisfy { Self.kubernetesAlphabet.contains($0) }
    }

    /// The characters Kubernetes draws pod-name hashes and suffixes from (no vowels, no `0 1 3`).
    private static let kubernetesAlphabet = Set("bcdfghjklmnpqrstvwxz2456789")

    /// An IPv4 or IPv6 address, optionally with a port and a leading slash.
    static func isAddress(_ text: String) -> Bool {
        var body = Substring(text)
        if body.hasPrefix("/") { body = body.dropFirst() }
        if body.hasPrefix("[") { return true }
        let hostPart = body.split(separator: ":").count == 2 ? body.split(separator: ":")[0] : body
        let octets = hostPart.split(separator: ".", omittingEmptySubsequences: false)
        if octets.count == 4, octets.allSatisfy({ !$0.isEmpty && $0.count <= 3 && $0.allSatisfy(\.isNumber) }) { return true }
        return body.filter({ $0 == ":" }).count >= 2 && body.allSatisfy { $0.isHexDigit || $0 == ":" || $0 == "." }
    }
}

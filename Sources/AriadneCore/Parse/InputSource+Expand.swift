import Glibc

extension InputSource {
    /// Expands command-line paths into inputs. No path at all, or `-`, is stdin. A regular file named is
    /// read as a file (binary or not); a named pipe or device named is read as a live stream. A directory
    /// is walked and a path with `*`, `?` or `[` that names nothing is a glob: what they find is read only
    /// if it is a regular file (or a symlink to one) whose name does not start with `.`, in path order;
    /// anything else is listed in `skipped` with the reason, and binary files among them are skipped later,
    /// when parsed. Throws `InputError.cannotOpen` for a path that does not exist or cannot be listed,
    /// `.noInputs` for a glob that matches nothing, `.noFiles` for a directory or glob that yields no file.
    public static func expand(_ paths: [String]) throws -> InputExpansion {
        if paths.isEmpty { return InputExpansion(inputs: [.standardInput]) }
        var expansion = InputExpansion()
        for path in paths {
            if path == "-" {
                expansion.inputs.append(.standardInput)
                continue
            }
            var info = stat()
            if stat(path, &info) == 0 {
                switch info.st_mode & S_IFMT {
                case S_IFDIR:
                    var walk = Walk()
                    try walk.directory(path, named: true)
                    try expansion.add(walk, from: path)
                case S_IFREG:
                    expansion.inputs.append(InputSource(path: path))
                default:
                    expansion.inputs.append(InputSource(path: path, isLive: true))
                }
                continue
            }
            let error = errno
            if error == ENOENT && path.contains(where: { "*?[".contains($0) }) {
                let matches = glob(path)
                if matches.isEmpty { throw InputError.noInputs(pattern: path) }
                var walk = Walk()
                for match in matches { walk.found(match) }
                try expansion.add(walk, from: path)
            } else if error == ENOENT, lstat(path, &info) == 0 {
                throw InputError.cannotOpen(path: path, reason: "a dangling symlink: its target does not exist")
            } else {
                throw InputError.cannotOpen(path: path, reason: String(cString: strerror(error)))
            }
        }
        return expansion
    }

    private static func glob(_ pattern: String) -> [String] {
        var result = glob_t()
        defer { globfree(&result) }
        guard Glibc.glob(pattern, 0, nil, &result) == 0 else { return [] }
        return (0..<Int(result.gl_pathc)).compactMap { result.gl_pathv[$0].map { String(cString: $0) } }.sorted()
    }
}

extension InputExpansion {
    /// Adds what a walk of `path` found, sorted by path; throws `.noFiles` if it found no file.
    fileprivate mutating func add(_ walk: InputSource.Walk, from path: String) throws {
        let skippedHere = walk.skipped.sorted { $0.path < $1.path }
        guard !walk.files.isEmpty else { throw InputError.noFiles(path: path, skipped: skippedHere) }
        inputs += walk.files.sorted().map { InputSource(path: $0, isDiscovered: true) }
        skipped += skippedHere
    }
}

extension InputSource {
    /// A walk down directories: regular files (and symlinks to them) are kept, anything else is skipped
    /// with its reason. Hidden entries (`.` first) are left out without a word, symlinks to directories
    /// are not followed, so a walk ends and reads nothing twice, and an Ariadne state directory found
    /// below is skipped (its own output, not logs).
    fileprivate struct Walk {
        var files: [String] = []
        var skipped: [SkippedInput] = []

        /// Lists `path` and everything below it. A directory named on the command line that cannot be
        /// listed is an error; one found by the walk is skipped.
        mutating func directory(_ path: String, named: Bool) throws {
            if !named, Self.isStateDirectory(path) {
                skipped.append(SkippedInput(path: path, kind: .stateDirectory))
                return
            }
            guard let handle = opendir(path) else {
                let reason = String(cString: strerror(errno))
                if named { throw InputError.cannotOpen(path: path, reason: "cannot list the directory: \(reason)") }
                skipped.append(SkippedInput(path: path, kind: .cannotList, detail: reason))
                return
            }
            var names: [String] = []
            while let entry = readdir(handle) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
                if !name.hasPrefix(".") { names.append(name) }
            }
            closedir(handle)
            for name in names.sorted() {
                found(path.hasSuffix("/") ? path + name : path + "/" + name)
            }
        }

        /// Whether `path` holds an Ariadne state: its mark (`StateDirectory.mark`), or a `state.json`
        /// starting with the `ariadne_state` key (a state written before the mark was).
        static func isStateDirectory(_ path: String) -> Bool {
            if access(path + "/" + StateDirectory.mark, F_OK) == 0 { return true }
            guard let file = fopen(path + "/state.json", "r") else { return false }
            defer { fclose(file) }
            var head = [UInt8](repeating: 0, count: 64)
            let count = fread(&head, 1, head.count, file)
            return String(decoding: head[..<count], as: UTF8.self).contains("\"ariadne_state\"")
        }

        /// Keeps, walks or skips one path found by a walk or a glob.
        mutating func found(_ path: String) {
            if path.utf8.count >= Int(PATH_MAX) {
                skipped.append(SkippedInput(path: path, kind: .pathTooLong))
                return
            }
            var info = stat()
            guard lstat(path, &info) == 0 else {
                skipped.append(SkippedInput(path: path, kind: .cannotStat, detail: String(cString: strerror(errno))))
                return
            }
            let isLink = info.st_mode & S_IFMT == S_IFLNK
            if isLink, stat(path, &info) != 0 {
                let error = errno
                skipped.append(error == ENOENT ? SkippedInput(path: path, kind: .danglingSymlink)
                    : SkippedInput(path: path, kind: .cannotStat, detail: String(cString: strerror(error))))
                return
            }
            switch info.st_mode & S_IFMT {
            case S_IFREG: files.append(path)
            case S_IFDIR where isLink: skipped.append(SkippedInput(path: path, kind: .symlinkToDirectory))
            case S_IFDIR: try? directory(path, named: false)
            case S_IFIFO: skipped.append(SkippedInput(path: path, kind: .fifo))
            case S_IFCHR: skipped.append(SkippedInput(path: path, kind: .device, detail: "character device"))
            case S_IFBLK: skipped.append(SkippedInput(path: path, kind: .device, detail: "block device"))
            case S_IFSOCK: skipped.append(SkippedInput(path: path, kind: .socket))
            default: skipped.append(SkippedInput(path: path, kind: .other))
            }
        }
    }
}

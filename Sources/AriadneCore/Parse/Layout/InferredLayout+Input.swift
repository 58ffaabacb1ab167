extension InferredLayout {
    /// The layout inferred from the first `lines` non-empty lines of `input` (as detection samples them),
    /// or nil when they share no timestamp and no header. Throws when the input cannot be read.
    public static func infer(from input: InputSource, lines: Int = 64, name: String = "inferred") throws -> InferredLayout? {
        var reader = LineReader(source: try input.open(), maxLineBytes: 16 << 20, live: false, wait: nil)
        try reader.fill(lines: lines, bytes: 4 << 20)
        return LayoutInferrer.infer(sample: reader.sampleLines(lines), name: name)
    }
}

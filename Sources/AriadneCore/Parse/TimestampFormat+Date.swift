extension TimestampFormat {
    /// Whether the format writes a day (ISO 8601, epoch, or a day of the month): a time of day alone reads
    /// as 1970-01-01.
    var hasDate: Bool {
        switch kind {
        case .iso8601, .epoch: return true
        case .tokens(let tokens): return tokens.contains { $0 == .day || $0 == .day2 }
        }
    }
}

extension LogPattern {
    /// Whether one of its timestamp formats writes a day (`TimestampFormat.hasDate`).
    var readsDate: Bool { timestampFormats.contains(where: \.hasDate) }
}

/// Memory the process freed but still holds.
///
/// glibc keeps what a thread frees in that thread's arena for its next allocations (and, with the
/// trim threshold the command line sets for the parse batches, never hands it back by itself). The
/// passes on all cores run on whichever pool threads Dispatch picks, each with an arena of its own, so
/// between large passes what every arena keeps would add to the peak while the model grows; so would a
/// finished stage's memory (the parse batches, the grouping window), released between stages too.
public enum FreedMemory {
    /// Hands the pages of freed memory in every arena back to the system (`malloc_trim(0)`).
    public static func release() {
        _ = glibcMallocTrim(0)
    }
}

@_silgen_name("malloc_trim")
private func glibcMallocTrim(_ pad: Int) -> Int32

/// A min-heap of (time, component) entries; stale entries are skipped by the caller.
struct TimeHeap {
    private var items: [(time: Int64, component: Int)] = []

    var top: (time: Int64, component: Int)? { items.first }

    var count: Int { items.count }

    mutating func push(time: Int64, component: Int) {
        items.append((time, component))
        var i = items.count - 1
        while i > 0 {
            let p = (i - 1) / 2
            guard less(items[i], items[p]) else { break }
            items.swapAt(i, p)
            i = p
        }
    }

    mutating func pop() {
        items.swapAt(0, items.count - 1)
        items.removeLast()
        var i = 0
        while true {
            let l = 2 * i + 1, r = l + 1
            var m = i
            if l < items.count && less(items[l], items[m]) { m = l }
            if r < items.count && less(items[r], items[m]) { m = r }
            if m == i { return }
            items.swapAt(i, m)
            i = m
        }
    }

    private func less(_ a: (time: Int64, component: Int), _ b: (time: Int64, component: Int)) -> Bool {
        a.time != b.time ? a.time < b.time : a.component < b.component
    }
}

/// Derives an event rule's template from its regex, so every event of a rule shares one template:
/// literal text is kept, groups, classes and wildcards become `<*>`, anchors and lookarounds vanish.
/// Regexes with alternation or optional literals at the top level have no single template (nil):
/// their events are then masked one by one.
enum RuleTemplate {
    static func derive(from regex: String) -> String? {
        let chars = Array(regex)
        var out = ""
        var index = 0
        func wildcard() {
            if !out.hasSuffix("<*>") { out += "<*>" }
        }
        func skipQuantifier() -> Bool {
            guard index < chars.count else { return false }
            switch chars[index] {
            case "+", "*", "?":
                index += 1
                if index < chars.count, chars[index] == "?" || chars[index] == "+" { index += 1 }
                return true
            case "{":
                while index < chars.count, chars[index] != "}" { index += 1 }
                index += 1
                return true
            default:
                return false
            }
        }
        while index < chars.count {
            let c = chars[index]
            switch c {
            case "^", "$":
                index += 1
            case "|":
                return nil
            case "(":
                let lookaround = index + 2 < chars.count && chars[index + 1] == "?"
                    && (chars[index + 2] == "=" || chars[index + 2] == "!" || (chars[index + 2] == "<" && index + 3 < chars.count && (chars[index + 3] == "=" || chars[index + 3] == "!")))
                var depth = 0
                while index < chars.count {
                    if chars[index] == "\\" { index += 2; continue }
                    if chars[index] == "[" {
                        while index < chars.count, chars[index] != "]" { index += chars[index] == "\\" ? 2 : 1 }
                    }
                    if index < chars.count, chars[index] == "(" { depth += 1 }
                    if index < chars.count, chars[index] == ")" {
                        depth -= 1
                        if depth == 0 { index += 1; break }
                    }
                    index += 1
                }
                _ = skipQuantifier()
                if !lookaround { wildcard() }
            case "[":
                index += 1
                while index < chars.count, chars[index] != "]" { index += chars[index] == "\\" ? 2 : 1 }
                index += 1
                _ = skipQuantifier()
                wildcard()
            case ".":
                index += 1
                _ = skipQuantifier()
                wildcard()
            case "\\":
                guard index + 1 < chars.count else { return nil }
                let next = chars[index + 1]
                index += 2
                if "dDwWsSbBAzZhHvVRNX".contains(next) {
                    let quantified = skipQuantifier()
                    if next == "s" || next == "h" {
                        out += " "
                    } else if "bBAzZ".contains(next) {
                        continue
                    } else {
                        _ = quantified
                        wildcard()
                    }
                } else {
                    out.append(next)
                    if skipQuantifier() { return nil }
                }
            default:
                index += 1
                if index < chars.count, chars[index] == "+" {
                    index += 1
                    out.append(c)
                } else {
                    if skipQuantifier() { return nil }
                    out.append(c)
                }
            }
        }
        return out
    }
}

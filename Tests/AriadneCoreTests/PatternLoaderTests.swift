import Testing
@testable import AriadneCore

@Suite struct PatternLoaderTests {
    func error(_ yaml: String) -> PatternError? {
        do {
            _ = try PatternLoader.load(yaml: yaml, file: "my.yaml")
            return nil
        } catch let error as PatternError {
            return error
        } catch {
            return nil
        }
    }

    @Test func everyShippedPatternLoads() throws {
        let library = try PatternLibrary()
        #expect(library.patterns.count >= 18)
        for name in ["hdfs", "hadoop", "openstack", "openssh", "spark", "zookeeper", "linux", "apache-error", "android",
                     "windows-cbs", "trainticket", "logfmt", "jsonl", "nginx-access", "syslog-rfc3164", "syslog-rfc5424"] {
            #expect(library.patterns.contains { $0.name == name }, "\(name)")
        }
    }

    @Test func badRegexNamesFileLineAndOffset() throws {
        let failure = try #require(error("name: x\nrecord: '^(?<message>.*'\n"))
        #expect(failure.file == "my.yaml")
        #expect(failure.line == 2)
        guard case .badRegex(let key, let offset, _) = failure.reason else {
            Issue.record("expected badRegex, got \(failure.reason)")
            return
        }
        #expect(key == "record")
        #expect(offset == 14)
        #expect(failure.description.hasPrefix("my.yaml:2: 'record': PCRE2 error at offset 14"))
    }

    @Test func eventRuleErrorsPointAtTheRule() throws {
        let yaml = "name: x\nrecord: '^(?<message>.*)$'\nevents:\n  - type: ok\n    pattern: 'a'\n  - type: bad\n    pattern: 'a(?'\n"
        let failure = try #require(error(yaml))
        #expect(failure.line == 7)
    }

    @Test func malformedYAMLUnknownKeysAndMissingRecord() throws {
        #expect(error("name: [unclosed\n")?.line != nil)
        #expect(error("name: x\nrecrd: 'a'\n")?.reason == .unknownKey("recrd", suggestion: "record"))
        #expect(error("name: x\n")?.reason == .missingKey("record"))
        #expect(error("- a\n- b\n")?.reason == .notAMapping)
        #expect(error("name: x\nrecord: '(?<message>.*)'\ntimestamp:\n  formats: ['yyyy-QQ']\n")?.line == 4)
        #expect(error("name: x\nrecord: 'a'\nexecution_ids:\n  - kind: k\n    capture: nope\n") != nil)
        #expect(error("name: 'bad name'\nrecord: 'a'\n") != nil)
    }
}

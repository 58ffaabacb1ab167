import AriadneFuzzing
import Foundation

/// The harness, made on the first input: the shipped patterns load once per process.
private let harness: ParseFuzzHarness = {
    do {
        return try ParseFuzzHarness(scratchPath: "/dev/shm/ariadne-fuzz-\(getpid()).log")
    } catch {
        fatalError("ariadne-fuzz: cannot load the shipped patterns: \(error)")
    }
}()

/// libFuzzer's entry point: one input through the parse stage; a broken invariant aborts, so libFuzzer
/// saves the input as a crash.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let input = UnsafeRawBufferPointer(start: data, count: size)
    do {
        let problems = try harness.run(input)
        if !problems.isEmpty { fatalError("ariadne-fuzz: " + problems.joined(separator: "; ")) }
    } catch {
        fatalError("ariadne-fuzz: parse threw \(error)")
    }
    return 0
}

/// libFuzzer's driver, which parses its command line and runs the loop (libFuzzer's own `main` calls it).
@_extern(c, "LLVMFuzzerRunDriver")
func runDriver(_ argc: UnsafeMutablePointer<Int32>,
               _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
               _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32) -> Int32

/// The program's entry point. SwiftPM links executables on Linux with `main` aliased to
/// `<module>_main`, so libFuzzer's `main` is not used; this one hands over to libFuzzer's driver.
@_cdecl("ariadne_fuzz_main")
public func ariadneFuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    var argc = argc
    var argv = argv
    return runDriver(&argc, &argv) { data, size in fuzzOneInput(data, size) }
}

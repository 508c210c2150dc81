// libFuzzer entry point for the `bundle` harness: built and run by `Scripts/fuzz bundle SECONDS`
// (linked with -sanitize=fuzzer,address against SelarasFuzzTargets built with the sanitizers).
import SelarasFuzzTargets

/// Called by libFuzzer with each input; errors are the reader's refusals and are fine.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    FuzzTarget.bundle.run(UnsafeRawBufferPointer(start: data, count: size))
    return 0
}

// libFuzzer entry point for the `event` harness: built and run by `Scripts/fuzz event SECONDS`
// (linked with -sanitize=fuzzer,address against SelarasFuzzTargets built with the sanitizers).
import SelarasFuzzTargets

/// Called by libFuzzer with each input; errors are the reader's refusals and are fine.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    FuzzTarget.event.run(UnsafeRawBufferPointer(start: data, count: size))
    return 0
}

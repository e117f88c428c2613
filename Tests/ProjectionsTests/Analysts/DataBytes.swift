import Foundation

extension Data {
    /// The bytes as `putViewRow` takes them, for the tests that write a row as a caselog did
    /// with Foundation's JSON (the library no longer imports Foundation; Foundation's own
    /// `bytes` is a `RawSpan`).
    var bytes: [UInt8] { [UInt8](self) }
}

import Codec
import TestSupport
import Testing

@Suite("CBORView")
struct CBORViewTests {
    /// {"id": 7, "name": "Ada", "tags": ["a", "b"], "ratio": 0.5, "done": true, "none": null, "neg": -3}
    private let payload: [UInt8] = CBORValue.map([
        "id": 7, "name": "Ada", "tags": ["a", "b"], "ratio": 0.5, "done": true, "none": nil, "neg": -3,
    ]).encoded()

    @Test("scalar accessors read integers, floats, Booleans, null and text")
    func scalarAccessors() {
        payload.withUnsafeBytes { bytes in
            let view = CBORView(bytes)
            #expect(view.kind == .map)
            #expect(view.count == 7)
            #expect(view["id"]?.integer == 7)
            #expect(view["id"]?.kind == .integer)
            #expect(view["id"]?.double == 7.0)
            #expect(view["neg"]?.integer == -3)
            #expect(view["ratio"]?.double == 0.5)
            #expect(view["ratio"]?.kind == .float)
            #expect(view["ratio"]?.integer == nil)
            #expect(view["done"]?.bool == true)
            #expect(view["done"]?.kind == .bool)
            #expect(view["none"]?.isNull == true)
            #expect(view["none"]?.kind == CBORView.Kind.null)
            #expect(view["name"]?.string == "Ada")
            #expect(view["name"]?.textBytes.map { Array($0) } == Array("Ada".utf8))
            #expect(view["name"]?.integer == nil)
            #expect(view["missing"] == nil)
            #expect(view.encodedByteCount == payload.count)
        }
    }

    @Test("elements and entries are visited in stored order")
    func iteration() {
        payload.withUnsafeBytes { bytes in
            let view = CBORView(bytes)
            var tags: [String] = []
            view["tags"]?.forEachElement { tags.append($0.string ?? "?") }
            #expect(tags == ["a", "b"])
            var keys: [String] = []
            view.forEachEntry { key, _ in keys.append(String(decoding: key, as: UTF8.self)) }
            #expect(keys == ["id", "neg", "done", "name", "none", "tags", "ratio"])
            var keyBytes = Array("tags".utf8)
            let tagCount = keyBytes.withUnsafeMutableBytes { view.value(forKey: UnsafeRawBufferPointer($0))?.count }
            keyBytes.removeAll()
            #expect(tagCount == 2)
        }
    }

    @Test("accessors of the wrong kind return nil or empty")
    func wrongKindAccessors() {
        [UInt8]([0x01]).withUnsafeBytes { bytes in
            let view = CBORView(bytes)
            #expect(view.string == nil)
            #expect(view.count == nil)
            #expect(view["a"] == nil)
            #expect(view.bool == nil)
            #expect(view.isNull == false)
            var visited = 0
            view.forEachElement { _ in visited += 1 }
            view.forEachEntry { _, _ in visited += 1 }
            #expect(visited == 0)
        }
    }

    @Test("truncated or malformed bytes never crash the view")
    func malformedBytesAreSafe() {
        var generator = SeededGenerator(seed: 7)
        var inputs: [[UInt8]] = (0..<payload.count).map { Array(payload[0..<$0]) }
        for _ in 0..<3_000 {
            let length = Int.random(in: 0...24, using: &generator)
            inputs.append((0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) })
        }
        inputs.append([0x9B, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF])
        inputs.append(Array(repeating: 0x81, count: 100_000))
        for input in inputs {
            input.withUnsafeBytes { bytes in
                exercise(CBORView(bytes), depth: 0)
            }
        }
    }

    private func exercise(_ view: CBORView, depth: Int) {
        _ = (view.kind, view.integer, view.double, view.bool, view.isNull, view.textBytes, view.string, view.count)
        _ = view.encodedByteCount
        _ = view["id"]
        guard depth < 8 else { return }
        view.forEachElement { exercise($0, depth: depth + 1) }
        view.forEachEntry { _, value in exercise(value, depth: depth + 1) }
    }
}

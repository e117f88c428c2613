import Casework
import EventLog
/// The sample generator's pseudo-random numbers: xoshiro256** seeded through SplitMix64.
///
/// Written out rather than borrowed from the standard library so that a seed gives the same
/// history on every platform and every Swift version.
struct SampleRandom {
    private var state: (UInt64, UInt64, UInt64, UInt64)

    init(seed: UInt64) {
        var mix = seed
        func splitMix() -> UInt64 {
            mix &+= 0x9E37_79B9_7F4A_7C15
            var z = mix
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        state = (splitMix(), splitMix(), splitMix(), splitMix())
    }

    mutating func next() -> UInt64 {
        let result = rotate(state.1 &* 5, 7) &* 9
        let shifted = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= shifted
        state.3 = rotate(state.3, 45)
        return result
    }

    private func rotate(_ value: UInt64, _ count: UInt64) -> UInt64 {
        (value << count) | (value >> (64 - count))
    }

    /// A number in `0..<bound` (bound > 0); the bias of the multiply-shift method is far below
    /// anything a sample history could show.
    mutating func below(_ bound: Int) -> Int {
        Int(next().multipliedFullWidth(by: UInt64(bound)).high)
    }

    mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + below(range.upperBound - range.lowerBound + 1)
    }

    /// A number in `[0, 1)`.
    mutating func unit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    mutating func chance(_ probability: Double) -> Bool {
        unit() < probability
    }

    mutating func pick<Element>(_ elements: [Element]) -> Element {
        elements[below(elements.count)]
    }

    /// The index of one of `weights`, chosen in proportion to its weight.
    mutating func weightedIndex(_ weights: [Int]) -> Int {
        var total = 0
        for weight in weights { total += weight }
        var ticket = below(total)
        for (index, weight) in weights.enumerated() {
            if ticket < weight { return index }
            ticket -= weight
        }
        return weights.count - 1
    }

    mutating func weighted<Element>(_ table: [(Element, Int)]) -> Element {
        var total = 0
        for entry in table { total += entry.1 }
        var ticket = below(total)
        for entry in table {
            if ticket < entry.1 { return entry.0 }
            ticket -= entry.1
        }
        return table[table.count - 1].0
    }

    /// `count` different values from `table`, chosen by weight, in the table's order.
    mutating func weightedDistinct(_ table: [(String, Int)], count: Int) -> [String] {
        var chosen = [Bool](repeating: false, count: table.count)
        var remaining = min(count, table.count)
        while remaining > 0 {
            var total = 0
            for (index, entry) in table.enumerated() where !chosen[index] { total += entry.1 }
            var ticket = below(total)
            for (index, entry) in table.enumerated() where !chosen[index] {
                if ticket < entry.1 { chosen[index] = true; break }
                ticket -= entry.1
            }
            remaining -= 1
        }
        var result: [String] = []
        for (index, entry) in table.enumerated() where chosen[index] { result.append(entry.0) }
        return result
    }

    /// A short paragraph: `count` different sentences of `sentences` (at least one), joined by spaces.
    mutating func paragraph(_ sentences: [String], count: Int) -> String {
        let first = below(sentences.count)
        var text = sentences[first]
        guard count > 1 else { return text }
        var used = (first, -1)
        for _ in 1..<min(count, 3, sentences.count) {
            var index = below(sentences.count)
            while index == used.0 || index == used.1 { index = (index + 1) % sentences.count }
            text += " "
            text += sentences[index]
            used.1 = index
        }
        return text
    }

    /// A paragraph of one to three sentences, two most often.
    mutating func paragraph(_ sentences: [String]) -> String {
        paragraph(sentences, count: weightedIndex([25, 45, 30]) + 1)
    }

    /// A count drawn from a Poisson distribution (Knuth's method; fine for the small means used).
    mutating func poisson(mean: Double) -> Int {
        if mean <= 0 { return 0 }
        if mean > 30 {
            let normal = (unit() + unit() + unit() + unit() - 2) * 1.732_050_8
            return max(0, Int((mean + normal * mean.squareRoot()).rounded()))
        }
        let limit = exp(-mean)
        var product = unit()
        var count = 0
        while product > limit {
            product *= unit()
            count += 1
        }
        return count
    }

    /// A lowercase UUID string in the version 4 layout (`EventID`'s text form).
    mutating func uuid() -> String {
        let high = (next() & ~0xF000) | 0x4000
        let low = (next() & ~(0xC << 60)) | (0x8 << 60)
        return EventID(high: high, low: low).description
    }
}

/// e^x for the Poisson sampler, without Foundation.
private func exp(_ x: Double) -> Double {
    // Range reduction by powers of two keeps the Taylor series short and accurate.
    var reduced = x
    var halvings = 0
    while abs(reduced) > 0.5 { reduced /= 2; halvings += 1 }
    var term = 1.0, sum = 1.0
    for n in 1...16 { term *= reduced / Double(n); sum += term }
    for _ in 0..<halvings { sum *= sum }
    return sum
}

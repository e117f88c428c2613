/// IEEE 754 half precision (binary16) conversions done on bits, so that the codec needs no
/// `Float16` (which macOS on Intel lacks) and no soft-float calls.
enum HalfPrecision {
    /// The binary16 bits of `value` when half precision holds it exactly (zeros, infinities,
    /// normal and subnormal halves), else nil. NaN gives nil: callers write it canonically.
    @inline(__always)
    static func bits(exactly value: Double) -> UInt16? {
        let bits = value.bitPattern
        let sign = UInt16(truncatingIfNeeded: bits >> 48) & 0x8000
        let exponentField = Int(bits >> 52) & 0x7FF
        let fraction = bits & 0x000F_FFFF_FFFF_FFFF
        if exponentField == 0 {
            return fraction == 0 ? sign : nil  // ±0; double subnormals are far below half's range
        }
        if exponentField == 0x7FF {
            return fraction == 0 ? sign | 0x7C00 : nil
        }
        let exponent = exponentField - 1023
        switch exponent {
        case -14...15:
            guard fraction & 0x3FF_FFFF_FFFF == 0 else { return nil }  // low 42 bits must be zero
            return sign | UInt16(exponent + 15) << 10 | UInt16(truncatingIfNeeded: fraction >> 42)
        case -24 ... -15:
            // value = significand × 2^(exponent − 52) must be a whole number of 2^−24.
            let significand = fraction | 1 << 52
            let shift = UInt64(28 - exponent)
            guard significand & ((1 << shift) - 1) == 0 else { return nil }
            return sign | UInt16(truncatingIfNeeded: significand >> shift)
        default:
            return nil
        }
    }

    /// The value of binary16 `bits`, exactly.
    @inline(__always)
    static func double(fromBits bits: UInt16) -> Double {
        let magnitude: Double
        let exponent = Int(bits >> 10) & 0x1F
        let fraction = Double(bits & 0x3FF)
        switch exponent {
        case 0: magnitude = fraction * 0x1p-24
        case 31: magnitude = fraction == 0 ? .infinity : .nan
        default: magnitude = (1024 + fraction) * Double(sign: .plus, exponent: exponent - 25, significand: 1)
        }
        return bits & 0x8000 != 0 ? -magnitude : magnitude
    }
}

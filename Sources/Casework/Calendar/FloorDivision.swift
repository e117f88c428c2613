extension Int64 {
    /// The quotient rounded towards minus infinity: `(-1).floorDivided(by: 86_400)` is -1, not 0,
    /// so an instant before 1970 falls on the day before, as it should. `divisor` must be positive.
    package func floorDivided(by divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return self % divisor < 0 ? quotient - 1 : quotient
    }
}

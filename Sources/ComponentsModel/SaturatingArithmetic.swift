/// Arithmetic on numbers a user wrote, which must never trap: a result past the bounds of
/// `Int` stops at the bound, and the limit checks after it refuse it.
extension Int {
    /// `self + other`, or `.max`/`.min` where that would overflow.
    public func addingSaturating(_ other: Int) -> Int {
        let (sum, overflow) = addingReportingOverflow(other)
        guard overflow else { return sum }
        return other > 0 ? .max : .min
    }

    /// `self * other`, or `.max`/`.min` where that would overflow.
    public func multipliedSaturating(by other: Int) -> Int {
        let (product, overflow) = multipliedReportingOverflow(by: other)
        guard overflow else { return product }
        return (self < 0) == (other < 0) ? .max : .min
    }
}

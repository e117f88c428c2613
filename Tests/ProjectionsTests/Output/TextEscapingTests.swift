import Projections
import Testing

/// Typed text in Markdown and HTML is escaped by the same rule as on a terminal: no control
/// character, separator or bidirectional override reaches the page.
@Suite("Escaping typed text")
struct TextEscapingTests {
    /// Right-to-left override, line separator, a C1 control and ESC, between words.
    static let hostile = "Mr\u{202E}sitraM\u{2028}ok\u{009B}2J\u{1B}[31m"

    @Test("Markdown and HTML show overrides, separators and controls as U+FFFD, as the terminal shows them")
    func overridesAndSeparators() {
        for escaped in [TextEscaping.markdown(Self.hostile), TextEscaping.html(Self.hostile)] {
            #expect(!escaped.unicodeScalars.contains { [0x202E, 0x2028, 0x9B, 0x1B].contains($0.value) }, "\(escaped)")
            #expect(escaped.unicodeScalars.filter { $0 == "\u{FFFD}" }.count == 4, "\(escaped)")
        }
        #expect(!TextEscaping.visible(Self.hostile).unicodeScalars.contains { $0.value == 0x202E })
    }
}

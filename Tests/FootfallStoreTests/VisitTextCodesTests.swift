@testable import FootfallStore
import LogAnalytics
import Testing

/// Paths as JSON texts made once per distinct path, quoted names included, and forgotten between row
/// groups past the limit (codes start again; the texts stay right).
@Suite("Visit text codes")
struct VisitTextCodesTests {
    @Test func pathsAreMadeOnceAndForgottenPastTheLimit() {
        let names = StringCodes()
        let main = names.code(of: "메인")
        let quote = names.code(of: "say \"hi\"")
        let product = names.code(of: "상품")
        let texts = VisitTextCodes(pathLimit: 2)
        #expect(texts.pathCode(of: [main, product], names: names) == 0)
        #expect(texts.pathCode(of: [quote], names: names) == 1)
        #expect(texts.pathCode(of: [main, product], names: names) == 0)
        #expect(texts.paths == [#"["메인","상품"]"#, #"["say \"hi\""]"#])
        texts.forgetPathsIfMany()
        #expect(texts.paths.count == 2, "not past the limit yet")
        #expect(texts.pathCode(of: [product], names: names) == 2)
        texts.forgetPathsIfMany()
        #expect(texts.paths.isEmpty)
        #expect(texts.pathCode(of: [quote, main], names: names) == 0)
        #expect(texts.paths == [#"["say \"hi\"","메인"]"#])
    }
}

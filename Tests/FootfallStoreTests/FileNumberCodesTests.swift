@testable import FootfallStore
import Testing

/// Row-group codes of strings known by (file, number): one code per distinct string, whichever files'
/// numbers name it, and each pair's string fetched once.
@Suite("File-number codes")
struct FileNumberCodesTests {
    @Test func equalStringsOfDifferentFilesShareACode() {
        let codes = FileNumberCodes()
        var fetched: [String] = []
        func code(_ file: Int32, _ number: Int32, _ string: String) -> Int32 {
            codes.code(file: file, number: number) {
                fetched.append(string)
                return string
            }
        }
        #expect(code(0, 5, "prodCd=LI005") == 0)
        #expect(code(1, 7, "prodCd=LI005") == 0)
        #expect(code(0, 6, "") == 1)
        #expect(code(0, 5, "prodCd=LI005") == 0)
        #expect(code(1, 5, "q=보험") == 2)
        #expect(codes.strings == ["prodCd=LI005", "", "q=보험"])
        #expect(fetched == ["prodCd=LI005", "prodCd=LI005", "", "q=보험"])
    }
}

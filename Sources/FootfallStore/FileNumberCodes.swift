import ByteTables

/// Codes for one row group's strings that page views carry as numbers in their file's vocabulary (the
/// query, the client address): a `(file, number)` pair is looked up as one 8-byte key, and its string
/// is fetched, and matched against the strings of other files, only the first time the pair is met.
/// Each distinct string gets one code, so the dictionary page holds it once. Used by one thread.
final class FileNumberCodes {
    /// The strings, by code.
    private(set) var strings: [String] = []
    private let pairs = IntegerInterner(capacity: 4096)
    /// By pair id (``pairs``): the code.
    private var codesOfPairs: [Int32] = []
    private var codesOfStrings: [String: Int32] = [:]

    /// The code of the string numbered `number` in file `file`'s vocabulary; `string` gives it the first
    /// time.
    @inline(__always)
    func code(file: Int32, number: Int32, string: () -> String) -> Int32 {
        let pair = Int(pairs.intern(UInt64(UInt32(bitPattern: file)) << 32 | UInt64(UInt32(bitPattern: number))))
        if pair < codesOfPairs.count { return codesOfPairs[pair] }
        let text = string()
        let code = codesOfStrings[text] ?? {
            let code = Int32(strings.count)
            strings.append(text)
            codesOfStrings[text] = code
            return code
        }()
        codesOfPairs.append(code)
        return code
    }
}

import LogIngest
import Testing

@Suite("Text utilities")
struct TextUtilityTests {
    @Test(arguments: [
        ("/product/insurance/*.do", "/product/insurance/detail.do", true),
        ("/product/insurance/*.do", "/product/insurance/a/detail.do", false),
        ("/content/edu/**", "/content/edu/kids/a.do", true),
        ("/content/edu/**", "/content/edu/", true),
        ("/content/edu/**", "/content/other", false),
        ("/a/*/c", "/a/b/c", true),
        ("/a/*/c", "/a/b/x/c", false),
        ("/a/**/c", "/a/b/x/c", true),
        ("/Index.do", "/index.do", false),
        ("*", "/x", false),
        ("**", "/x/y", true),
        // The literal prefix checked inline (up to 16 bytes) before the tokens.
        ("/product/insurance/*.do", "/prod", false),
        ("/product/insurance/*.do", "/product/insuranc/x.do", false),
        ("/product/insurancE/*.do", "/product/insurance/x.do", false),
        ("/health", "/health", true),
        ("/health", "/healthz", false),
        ("/health/**", "/health/", true),
        ("", "", true),
        ("", "/", false),
    ])
    func pathGlobs(pattern: String, path: String, matches: Bool) {
        #expect(PathGlob(pattern).matches(path) == matches)
    }

    @Test(arguments: [
        ("/content/%EA%B5%90%EC%9C%A1.do", "/content/교육.do"),
        ("/a%20b", "/a b"), ("/a+b", "/a+b"), ("/bad%zz", "/bad%zz"), ("/cut%E", "/cut%E"),
        ("/latin%E9", "/latin%E9"),  // decoded bytes would not be UTF-8: kept as written
    ])
    func percentDecodingOfPaths(raw: String, decoded: String) {
        #expect(PercentDecoding.decode(raw) == decoded)
    }

    @Test func queryParameters() {
        let query = "where=nexearch&query=%EC%A2%85%EC%8B%A0+%EB%B3%B4%ED%97%98&q=second&empty&query=again"
        #expect(QueryParameters.value(named: "query", in: query) == "종신 보험")
        #expect(QueryParameters.value(named: "empty", in: query) == "")
        #expect(QueryParameters.value(named: "missing", in: query) == nil)
        #expect(QueryParameters.value(named: "q", in: query) == "second")
    }

    @Test func cookieHeaders() {
        let header = " WNUID=abc123 ; JSESSIONID=x; WNMID=M000123; WNUID=second;empty=; spaced = v "
        #expect(CookieHeader.value(named: "WNUID", in: header) == "abc123")
        #expect(CookieHeader.value(named: "WNMID", in: header) == "M000123")
        #expect(CookieHeader.value(named: "empty", in: header) == "")
        #expect(CookieHeader.value(named: "spaced", in: header) == "v")
        #expect(CookieHeader.value(named: "nope", in: header) == nil)
    }

    @Test(arguments: [
        ("WNUIDX=1; WNUID=2", "WNUID", "2"), ("flag; WNUID=3", "WNUID", "3"), ("\tWNUID=4;", "WNUID", "4"),
        ("a=b=c", "a", "b=c"), ("WNUID=5;", "WNUID", "5"), ("", "WNUID", nil), (";;;", "WNUID", nil),
        ("x=1; WNUID", "WNUID", nil), ("WNUID =  6  ; y=2", "WNUID", "6"), ("세션=값; WNUID=7", "세션", "값"),
        ("long_cookie_name_beyond_eight=x; WNUID=8", "long_cookie_name_beyond_eight", "x"),
    ] as [(String, String, String?)])
    func cookieHeaderEdges(header: String, name: String, expected: String?) {
        #expect(CookieHeader.value(named: name, in: header) == expected)
    }
}

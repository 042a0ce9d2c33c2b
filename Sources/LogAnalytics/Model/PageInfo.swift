/// What a page view is, by the site config's `[[pages]]` rules (SPEC §5, §12.9).
public struct PageInfo: Sendable, Hashable {
    /// The display name: the rule's `page`, else the percent-decoded path without query.
    public var page: String
    /// The content category (`교육/어린이`).
    public var content: String?
    /// The product category (`보험`).
    public var productCategory: String?
    /// The product name (or the code, when the catalogue does not know it).
    public var product: String?

    public init(page: String, content: String? = nil, productCategory: String? = nil, product: String? = nil) {
        self.page = page
        self.content = content
        self.productCategory = productCategory
        self.product = product
    }
}

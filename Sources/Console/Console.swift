/// The web console of SPEC §13 (`footfall serve`): every report as a page, with filters, comparison, roles.
public enum Console {}

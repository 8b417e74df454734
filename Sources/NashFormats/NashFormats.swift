/// NashFormats: reading and writing games and results as text.
///
/// Every reader takes the text (and, optionally, a source name for messages) and every
/// writer returns a `String`; files and standard input are the caller's business.
///
/// - CSV game format v1: ``Nash/BimatrixGame/init(csv:source:)``, ``Nash/BimatrixGame/csvString()``.
/// - Gambit `.nfg`: ``Nash/NormalFormGame/init(nfg:source:)``, ``Nash/BimatrixGame/init(nfg:source:)``,
///   `nfgString()`.
/// - lrsnash input: ``Nash/BimatrixGame/init(lrs:source:)``, ``Nash/BimatrixGame/lrsString()``;
///   lrsnash output: ``LRSNashOutput``.
/// - JSON: ``Nash/BimatrixGame/init(json:source:)``, ``Nash/BimatrixGame/jsonString(prettyPrinted:)``,
///   ``Nash/EquilibriumResult/jsonString(for:prettyPrinted:)``.
/// - ``GameFormat`` picks a format from a file name or the content; ``FormatError`` says
///   what was wrong with bad input, and where.
import Nash

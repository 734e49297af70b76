namespace Maternity.Indicators;

/// <summary>
/// The organisation code of a site-level count. Site counts belong to the provider whose records they are, so a site
/// count is keyed by provider and site together: a provider's own site (one the organisation hierarchy places under
/// it) keeps its site code, so pages can ask for it by name; any other site code a provider's records carry (another
/// provider's site, a code the hierarchy does not know, or none) becomes <c>PROVIDER/SITE</c>, or
/// <c>PROVIDER/UNKNOWN</c> when blank. Provider codes (ODS, letters and digits) never hold a '/', and an own site
/// code is only kept bare when it holds none either, so every key names its provider unambiguously and two
/// providers' counts can never share a key.
/// </summary>
public static class SiteKey
{
    public const string Unknown = "UNKNOWN";

    /// <summary>The key as a SQL expression over a cohort row (provider <c>org_code</c>, <c>site_code</c>) and the site's <c>org</c> row.</summary>
    public static string Sql(string provider, string site, string siteParent) => $"""
        CASE WHEN {siteParent} = {provider} AND strpos({site}, '/') = 0 THEN {site}
             ELSE {provider} || '/' || COALESCE({site}, '{Unknown}') END
        """;

    /// <summary>The provider named in a <c>PROVIDER/SITE</c> key, or null for any other organisation code.</summary>
    public static string? Provider(string orgCode) => orgCode.IndexOf('/', StringComparison.Ordinal) is > 0 and var i ? orgCode[..i] : null;
}

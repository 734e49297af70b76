using System.Data.Common;
using Dapper;
using Maternity.Reference;
using Maternity.Security;
using Maternity.Storage;

namespace Maternity.Safety;

/// <summary>
/// Reads the safety log. The cases are record-level data: <see cref="Cases(Database, Access, string)"/> gives them to those
/// who may see the records of the organisation (trust users their own trusts, LMNS analysts their LMNS) and writes every
/// read to the audit trail; everyone else sees the suppressed aggregates of <see cref="SafetyAnalysis"/> only.
/// </summary>
public static class SafetyStore
{
    /// <summary>A theme an LMNS added: its LMNS, code and title.</summary>
    public sealed record Theme(string Lmns, string Code, string Title);

    /// <summary>
    /// The cases of <paramref name="org"/> (a trust, or an LMNS and all its trusts), newest first, for a caller who may
    /// see its records; the read is audited. Refused (and the refusal audited by the caller's host) to anyone else.
    /// </summary>
    public static IReadOnlyList<SafetyCase> Cases(Database database, Access access, string org, DateOnly? from = null, DateOnly? to = null)
    {
        access.DemandRecords(org);
        var trusts = TrustsOf(database, org);
        var cases = Read(database).Where(c => trusts.Contains(c.OrgCode)
            && (from is null || c.EventDate >= from) && (to is null || c.EventDate < to)).ToList();
        AuditLog.Append(database, access.Name, "safety.cases.read", org,
            $"{cases.Count} cases{(from is { } f ? $" from {f:yyyy-MM-dd}" : "")}{(to is { } t ? $" to before {t:yyyy-MM-dd}" : "")}");
        return cases;
    }

    /// <summary>The trusts an organisation stands for: itself when a trust, the trusts under it when an LMNS.</summary>
    public static IReadOnlySet<string> TrustsOf(Database database, string org)
    {
        var orgs = OrgHierarchy.Read(database);
        var found = orgs.Orgs.FirstOrDefault(o => o.Code == org)
            ?? throw new InvalidDataException($"no organisation '{org}' is loaded");
        return found.Type switch
        {
            "Trust" => new HashSet<string>([org], StringComparer.Ordinal),
            "LMNS" => orgs.Orgs.Where(o => o.Type == "Trust" && o.Parent == org).Select(o => o.Code).ToHashSet(StringComparer.Ordinal),
            _ => throw new InvalidDataException($"{org} is a {found.Type}: the safety log is kept for trusts and LMNSs"),
        };
    }

    /// <summary>Every case, exact, with its IMD decile: for Core's own analysis, never handed to a caller as it is.</summary>
    internal static IReadOnlyList<SafetyCase> Read(Database database)
    {
        using var connection = database.Open();
        using var reading = database.Reading();
        return Read(connection);
    }

    internal static IReadOnlyList<SafetyCase> Read(DbConnection connection) =>
    [
        .. connection.Query<Row>("""
            SELECT c.org_code AS OrgCode, c.case_ref AS CaseRef, c.kind AS Kind, CAST(c.event_date AS TIMESTAMP) AS EventDate, c.category AS Category,
                   c.harm AS Harm, c.ethnic_category AS EthnicCategory, c.language AS Language, c.interpreter AS Interpreter, c.lsoa AS Lsoa,
                   c.age_band AS AgeBand, c.gestation_weeks AS GestationWeeks, c.care_plan_flags AS CarePlanFlags, c.status AS Status,
                   c.grading AS Grading, c.themes AS Themes, c.factors AS Factors, CAST(c.review_due AS TIMESTAMP) AS ReviewDue, i.imd_decile AS ImdDecile
            FROM safety_case c LEFT JOIN imd_lsoa i ON i.lsoa_code = c.lsoa AND i.edition = 'IMD2019'
            ORDER BY c.event_date DESC, c.org_code, c.case_ref
            """).Select(r => new SafetyCase(r.OrgCode, r.CaseRef, r.Kind, DateOnly.FromDateTime(r.EventDate), r.Category, r.Harm,
                r.EthnicCategory, r.Language, r.Interpreter, r.Lsoa, r.AgeBand, r.GestationWeeks, r.CarePlanFlags, r.Status, r.Grading,
                Split(r.Themes), Split(r.Factors), r.ReviewDue is { } due ? DateOnly.FromDateTime(due) : null) { ImdDecile = r.ImdDecile }),
    ];

    private sealed record Row(string OrgCode, string CaseRef, string Kind, DateTime EventDate, string? Category, string? Harm,
        string? EthnicCategory, string? Language, string? Interpreter, string? Lsoa, string? AgeBand, int? GestationWeeks,
        string? CarePlanFlags, string Status, string? Grading, string Themes, string Factors, DateTime? ReviewDue, int? ImdDecile);

    private static string[] Split(string codes) => codes.Split(';', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The themes LMNSs added (all LMNSs when <paramref name="lmns"/> is null).</summary>
    public static IReadOnlyList<Theme> Themes(Database database, string? lmns)
    {
        using var connection = database.Open();
        return [.. connection.Query<Theme>(connection.Sql("""
            SELECT lmns_code AS Lmns, theme_code AS Code, title AS Title FROM safety_theme
            WHERE CAST($lmns AS VARCHAR) IS NULL OR lmns_code = $lmns ORDER BY lmns_code, theme_code
            """), new { lmns })];
    }

    /// <summary>The title of a theme: the built-in list first, then the LMNS's own.</summary>
    public static string ThemeTitle(IReadOnlyList<Theme> own, string code) =>
        SafetyCodes.Themes.FirstOrDefault(t => t.Code == code).Title ?? own.FirstOrDefault(t => t.Code == code)?.Title ?? code;

    /// <summary>Adds a theme to an LMNS's list (or retitles it): those who may change the LMNS's plan; audited.</summary>
    public static void AddTheme(Database database, Access access, string lmns, string code, string title)
    {
        access.Demand(access.CanEditPlan(lmns), $"change the safety themes of {lmns}");
        code = code.Trim().ToUpperInvariant();
        if (code.Length == 0 || code.Any(c => !(char.IsAsciiLetterOrDigit(c) || c == '_')))
            throw new InvalidDataException($"theme code '{code}': letters, digits and '_' only");
        if (string.IsNullOrWhiteSpace(title)) throw new InvalidDataException($"theme {code}: a title is needed");
        using var connection = database.Open();
        using var tx = connection.BeginTransaction();
        connection.Execute(connection.Sql("DELETE FROM safety_theme WHERE lmns_code = $lmns AND theme_code = $code"), new { lmns, code }, tx);
        connection.Execute(connection.Sql("INSERT INTO safety_theme (lmns_code, theme_code, title) VALUES ($lmns, $code, $title)"),
            new { lmns, code, title = title.Trim() }, tx);
        AuditLog.Commit(database, connection, tx, access.Name, "safety.theme", lmns, $"{code}: {title.Trim()}");
    }
}

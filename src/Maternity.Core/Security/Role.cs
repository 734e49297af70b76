namespace Maternity.Security;

/// <summary>What a person may see and do. Record-level data: admin, analyst (their LMNS's trusts), trust user (their trusts).</summary>
public enum Role
{
    /// <summary>Everything, and users and the audit trail.</summary>
    Admin,
    /// <summary>LMNS analyst: record-level data and exact counts of every trust of their LMNS; edits the whole plan.</summary>
    Analyst,
    /// <summary>Trust user: record-level data and exact counts of their own trust(s) only; edits their trust's actions.</summary>
    TrustUser,
    /// <summary>Board member and the like: aggregates only, every count through the suppression policy; reads the plan.</summary>
    Viewer,
    /// <summary>Published aggregates only (the national statistics).</summary>
    Public,
}

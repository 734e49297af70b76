using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using Maternity.Storage;

namespace Maternity.Security;

/// <summary>
/// The audit trail: sign-ins and their failures, record-level views and exports, ingests, plan edits, user changes.
/// Append-only; each entry's hash is the SHA-256 of the previous entry's hash and its own fields, so changing,
/// removing or inserting any entry breaks the chain from there on (<see cref="Verify"/>). A chain cut short at its
/// end is only seen against a head noted elsewhere: <see cref="Verify"/> reports the head to note.
/// </summary>
public static class AuditLog
{
    private const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";
    private static readonly Lock Gate = new();

    public sealed record Entry(long Seq, DateTime At, string Actor, string Action, string Target, string Detail, string PrevHash, string Hash);

    /// <summary>Whether the chain holds; if not, the first entry where it breaks and why.</summary>
    public sealed record Verification(bool Intact, long Entries, long? BrokenAt, string? Problem, string HeadHash);

    /// <summary>Appends one entry (its own transaction; writers take turns so the chain stays a line).</summary>
    public static Entry Append(Database database, string actor, string action, string target, string detail = "")
    {
        using var connection = database.Open();
        using var tx = connection.BeginTransaction();
        return Commit(database, connection, tx, actor, action, target, detail);
    }

    /// <summary>
    /// Appends one entry inside the caller's open transaction and commits it, so the change and its audit entry are
    /// stored together or not at all (a process killed at any moment leaves neither or both). Writers of the trail
    /// take turns from here to the commit, so the chain stays a line.
    /// </summary>
    public static Entry Commit(Database database, DbConnection connection, DbTransaction tx, string actor, string action, string target, string detail = "")
    {
        if (database.Dialect.IsPostgreSql) return AppendNow();
        lock (Gate) return AppendNow();

        Entry AppendNow()
        {
            if (database.Dialect.SerialiseWriters(SqlDialect.AuditLock) is { } serialise) connection.Execute(serialise, transaction: tx);
            var last = connection.QueryFirstOrDefault<(long Seq, string Hash)?>("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1", transaction: tx);
            var seq = (last?.Seq ?? 0) + 1;
            var at = Truncate(Database.Now());
            var prev = last?.Hash ?? Genesis;
            var entry = new Entry(seq, at, actor, action, target, detail, prev, Hash(prev, seq, at, actor, action, target, detail));
            connection.Execute(connection.Sql("""
                INSERT INTO audit_log (seq, logged_at, actor, action_name, target, detail, prev_hash, hash)
                VALUES ($Seq, $At, $Actor, $Action, $Target, $Detail, $PrevHash, $Hash)
                """), entry, tx);
            using (database.Writing()) tx.Commit();
            return entry;
        }
    }

    /// <summary>The newest entries first, for the admin page and <c>maternity audit list</c>: admin only.</summary>
    public static IReadOnlyList<Entry> List(Database database, Access access, int limit = 200, string? action = null)
    {
        access.Demand(access.Role == Role.Admin, "read the audit trail");
        using var connection = database.Open();
        using var reading = database.Reading();
        return [.. connection.Query<Entry>(connection.Sql("""
            SELECT seq AS Seq, logged_at AS At, actor AS Actor, action_name AS Action, target AS Target, detail AS Detail, prev_hash AS PrevHash, hash AS Hash
            FROM audit_log WHERE ($action IS NULL OR action_name = $action) ORDER BY seq DESC LIMIT $limit
            """), new { action, limit })];
    }

    /// <summary>
    /// Walks the whole chain in order, recomputing every hash: any changed, removed, inserted or reordered entry is found.
    /// Whoever can write the store could also rewrite the trail and hash it again; a head noted outside the store
    /// (<paramref name="notedHead"/>, from an earlier verification) catches that: it must still be the hash of an entry.
    /// </summary>
    public static Verification Verify(Database database, string? notedHead = null)
    {
        using var connection = database.Open();
        using var reading = database.Reading();
        var prev = Genesis;
        long expected = 1, count = 0;
        foreach (var e in connection.Query<Entry>("""
            SELECT seq AS Seq, logged_at AS At, actor AS Actor, action_name AS Action, target AS Target, detail AS Detail, prev_hash AS PrevHash, hash AS Hash
            FROM audit_log ORDER BY seq
            """, buffered: false))
        {
            count++;
            if (e.Seq != expected) return new(false, count, e.Seq, $"entry {expected} is missing (found {e.Seq} next)", prev);
            if (e.PrevHash != prev) return new(false, count, e.Seq, "its link to the previous entry does not match that entry's hash", prev);
            if (Hash(e.PrevHash, e.Seq, e.At, e.Actor, e.Action, e.Target, e.Detail) != e.Hash) return new(false, count, e.Seq, "its content does not match its hash (changed after it was written)", prev);
            prev = e.Hash;
            expected++;
            if (e.Hash.Equals(notedHead, StringComparison.OrdinalIgnoreCase)) notedHead = null;
        }
        if (notedHead is not null)
            return new(false, count, null, $"the head noted earlier ({notedHead}) is the hash of no entry: the trail was cut short, or rewritten and hashed again", prev);
        return new(true, count, null, null, prev);
    }

    /// <summary>The stores keep microseconds; the hash is of the time as stored.</summary>
    private static DateTime Truncate(DateTime at) => new(at.Ticks - at.Ticks % 10, at.Kind);

    private static string Hash(string prev, long seq, DateTime at, string actor, string action, string target, string detail)
    {
        var text = string.Join('\u001f', prev, seq.ToString(CultureInfo.InvariantCulture), at.ToString("yyyy-MM-ddTHH:mm:ss.ffffff", CultureInfo.InvariantCulture), actor, action, target, detail);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }
}

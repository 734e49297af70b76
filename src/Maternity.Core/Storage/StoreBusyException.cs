namespace Maternity.Storage;

/// <summary>
/// The embedded store is held by another program (a load by <c>maternity ingest</c>, or the web server in the middle
/// of a write) for longer than <see cref="Database.BusyWait"/>. Nothing was changed; trying again after that program
/// finishes works. The message names the store and, where the engine says, the program holding it.
/// </summary>
public sealed class StoreBusyException(string store, TimeSpan waited, Exception inner)
    : Exception(
        $"the store {store} is in use by another Maternity Equity program ({Holder(inner.Message)}); waited {waited.TotalSeconds:0} s. "
        + "A load holds the store until it finishes: try again then, or use PostgreSQL for a server that loads while it serves "
        + "(MATERNITY_STORE_WAIT sets the wait in seconds)",
        inner)
{
    private static string Holder(string message)
    {
        var at = message.IndexOf("Conflicting lock is held in", StringComparison.Ordinal);
        return at < 0 ? "a load or the web server" : message[at..].Split('.', 2)[0].Trim();
    }
}

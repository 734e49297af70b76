using Maternity.Indicators;
using Maternity.Reports;
using Maternity.Storage;

namespace Maternity.Web.Overview;

/// <summary>
/// Keeps pages quick around the stored counts: a page's request asks the store for the counts' version once, not once per
/// indicator it shows (<see cref="IndicatorEngine.OneVersionCheck"/>); and after a compute in this process the views
/// callers were shown are built again in the background (<see cref="IndicatorView.Warm"/>), so nobody's first request
/// after a load pays for building them. When the host starts, the counts of every indicator are read, and protected for
/// viewers, in the background, so the first caller after a restart does not pay for them either.
/// </summary>
public static class CountsFreshness
{
    private static int _warming;

    public static void MapCountsFreshness(this WebApplication app, Database database)
    {
        app.Lifetime.ApplicationStarted.Register(() => _ = Task.Run(() => Courtesy(() =>
        {
            // A viewer's read reads the exact counts first (kept for every caller), then protects them for viewers.
            var viewer = Maternity.Security.Access.Resolve(database, "start", Maternity.Security.Role.Viewer, []);
            foreach (var definition in Catalogue.Definitions) IndicatorEngine.Read(database, viewer, definition.Id);
        })));
        // Reads only: a request that loads records computes counts and must then see them.
        app.Use(async (context, next) =>
        {
            if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
            {
                await next(context);
                return;
            }
            using (IndicatorEngine.OneVersionCheck()) await next(context);
        });
        // One handler per process, however many hosts it runs (tests start several).
        if (Interlocked.Exchange(ref _warming, 1) == 0) IndicatorEngine.Computed += Warm;
    }

    private static void Warm(Database database) => _ = Task.Run(() => Courtesy(() => IndicatorView.Warm(database)));

    private static void Courtesy(Action warm)
    {
        try
        {
            warm();
        }
        catch (Exception e) when (e is InvalidOperationException or System.Data.Common.DbException or StoreBusyException or ObjectDisposedException or IOException)
        {
            // Warming is a courtesy: what cannot be built now is built by the first request that asks for it.
        }
    }
}

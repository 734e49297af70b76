using System.Globalization;
using System.Text;

namespace Maternity.Programme;

/// <summary>
/// The LMNS drawn as SVG from its loaded LSOA boundaries, each LSOA shaded by its IMD decile (1, the most deprived tenth
/// of England, darkest), with the community assets placed at the centre of their LSOA. Longitude and latitude are drawn
/// with longitude scaled by the cosine of the middle latitude (so shapes are not stretched); eastings and northings as
/// they are. Pure geometry: no tiles, no network.
/// </summary>
public sealed record LsoaMap(double Width, double Height, IReadOnlyList<LsoaMap.Shape> Shapes, IReadOnlyList<LsoaMap.Marker> Markers,
    IReadOnlyList<ProgrammeEntry> Unplaced)
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Fill by IMD decile 1 to 10 (a sequential blue scale, darkest most deprived); index 0 for no decile.</summary>
    public static IReadOnlyList<string> Fills { get; } =
        ["#d8dde0", "#08306b", "#08519c", "#2171b5", "#4292c6", "#6baed6", "#9ecae1", "#c6dbef", "#deebf7", "#eef5fc", "#f7fbff"];

    /// <summary>Fill by band of births to the priority cohort (<see cref="PriorityBirths.Band"/>), a sequential purple scale, darkest most births.</summary>
    public static IReadOnlyList<string> BirthFills { get; } = ["#f2f0f7", "#cbc9e2", "#9e9ac8", "#756bb1", "#54278f"];

    public sealed record Shape(string Code, string? Name, int? Decile, string Path)
    {
        public string Fill => Fills[Decile ?? 0];

        /// <summary>Births to the priority cohort of mothers living in the LSOA (null when no births are loaded).</summary>
        public long? Births { get; init; }

        public string BirthFill => BirthFills[PriorityBirths.Band(Births ?? 0)];
    }

    /// <summary>The births the LSOAs are shaded by on the births view, when they were counted.</summary>
    public PriorityBirths? Births { get; init; }

    /// <summary>An asset on the map: its number in the list, where it is drawn and its LSOA.</summary>
    public sealed record Marker(int Number, ProgrammeEntry Asset, double X, double Y, string Lsoa);

    /// <summary>
    /// The map; an asset is placed at its <c>Lsoa</c>, else at the LSOA of its <c>Postcode</c> in <paramref name="postcodes"/>
    /// (the loaded postcode lookup, keyed by <see cref="PostcodeLookup.Normalise"/>).
    /// </summary>
    public static LsoaMap Build(IReadOnlyList<(LsoaBoundaries.Area Area, int? Decile)> areas, IReadOnlyList<ProgrammeEntry> assets, double width = 640,
        IReadOnlyDictionary<string, string>? postcodes = null, PriorityBirths? births = null)
    {
        var points = areas.SelectMany(a => a.Area.Rings).SelectMany(r => r).ToList();
        if (points.Count == 0) return new LsoaMap(width, 0, [], [], assets);
        var geographic = points.All(p => Math.Abs(p[0]) <= 180 && Math.Abs(p[1]) <= 90);
        var midLat = (points.Min(p => p[1]) + points.Max(p => p[1])) / 2;
        var xScale = geographic ? Math.Cos(midLat * Math.PI / 180) : 1;
        double minX = points.Min(p => p[0]) * xScale, maxX = points.Max(p => p[0]) * xScale;
        double minY = points.Min(p => p[1]), maxY = points.Max(p => p[1]);
        const double pad = 4;
        var scale = (width - 2 * pad) / Math.Max(maxX - minX, 1e-9);
        var height = Math.Round((maxY - minY) * scale + 2 * pad, 1);
        (double X, double Y) Project(double[] p) => (pad + (p[0] * xScale - minX) * scale, pad + (maxY - p[1]) * scale);

        var shapes = new List<Shape>();
        var centres = new Dictionary<string, (double X, double Y)>(StringComparer.OrdinalIgnoreCase);
        foreach (var (area, decile) in areas)
        {
            var d = new StringBuilder();
            foreach (var ring in area.Rings.Where(r => r.Count > 2))
            {
                for (var i = 0; i < ring.Count; i++)
                {
                    var (x, y) = Project(ring[i]);
                    d.Append(i == 0 ? 'M' : 'L').Append(x.ToString("0.#", Inv)).Append(' ').Append(y.ToString("0.#", Inv));
                }
                d.Append('Z');
            }
            shapes.Add(new Shape(area.Code, area.Name, decile, d.ToString())
                { Births = births is null ? null : births.ByLsoa.GetValueOrDefault(area.Code) });
            // The centre of the largest ring's corners, the closing point (a repeat of the first) left out.
            var ring0 = area.Rings.OrderByDescending(r => r.Count).First();
            var open = ring0.Count > 1 && ring0[0].SequenceEqual(ring0[^1]) ? ring0.Take(ring0.Count - 1) : ring0;
            var outer = open.Select(Project).ToList();
            centres[area.Code] = (Math.Round(outer.Average(p => p.X), 1), Math.Round(outer.Average(p => p.Y), 1));
        }
        var markers = new List<Marker>();
        var unplaced = new List<ProgrammeEntry>();
        foreach (var asset in assets)
        {
            var lsoa = asset.Text("Lsoa")
                ?? (asset.Text("Postcode") is { } postcode && postcodes?.GetValueOrDefault(PostcodeLookup.Normalise(postcode)) is { } found ? found : null);
            if (lsoa is not null && centres.TryGetValue(lsoa, out var c))
            {
                // Several assets in one LSOA are fanned out a little so each marker can be seen.
                var same = markers.Count(m => m.Lsoa == lsoa);
                markers.Add(new Marker(markers.Count + 1, asset, c.X + same * 9, c.Y, lsoa));
            }
            else unplaced.Add(asset);
        }
        return new LsoaMap(width, height, shapes, markers, unplaced) { Births = births };
    }
}

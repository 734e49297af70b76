using System.Globalization;
using System.Text;
using System.Text.Json;
using Maternity.Ingest;
using Maternity.Reference;

namespace Maternity.Synthetic;

/// <summary>
/// Writes a synthetic LMNS as MSDS-shaped CSV files, with the effects in <see cref="KnownEffects"/> and a
/// synthetic IMD file (official File 1 layout) whose LSOA codes (E019xxxxx) do not exist in England.
/// Births are written one at a time, so memory stays flat at any size; the same seed gives the same bytes.
/// Singleton births only.
/// </summary>
public static class LmnsGenerator
{
    public const string ImdFileName = "IMD2019-synthetic.csv";
    public const string ManifestFileName = "manifest.json";
    private const int LsoaCount = 600;
    private static readonly JsonSerializerOptions ManifestJson = new() { WriteIndented = true };

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static GeneratorManifest Generate(GeneratorOptions options, IProgress<double>? progress = null)
    {
        if (options.BirthsPerYear < 12) throw new ArgumentException("births per year must be at least 12", nameof(options));
        if (options.Months < 1) throw new ArgumentException("months must be at least 1", nameof(options));
        Directory.CreateDirectory(options.OutputDirectory);
        var random = new Random(options.Seed);
        var lsoas = WriteImd(Path.Combine(options.OutputDirectory, ImdFileName), random);

        var writers = MsdsSchema.Tables.ToDictionary(t => t.Name, t => new Out(Path.Combine(options.OutputDirectory, t.Name + ".csv"), t));
        var defects = MsdsSchema.Tables.ToDictionary(t => t.Name, _ => 0L);
        var quarantined = MsdsSchema.Tables.ToDictionary(t => t.Name, _ => 0L);
        var dq = new SortedDictionary<string, long>(StringComparer.Ordinal);
        void Count(string key) => dq[key] = dq.GetValueOrDefault(key) + 1;
        var total = options.TotalBirths;
        var perMonth = options.BirthsPerYear / 12.0;
        var sites = OrgHierarchy.Demo.OfType("Site").GroupBy(s => s.Parent!).ToDictionary(g => g.Key, g => g.Select(s => s.Code).ToArray());
        var invalidEvery = options.InvalidRowRate > 0 ? (long)Math.Max(1, Math.Round(1 / options.InvalidRowRate)) : long.MaxValue;
        long defectNumber = 0;

        for (long n = 0; n < total; n++)
        {
            var monthIndex = (int)Math.Min(options.Months - 1, Math.Floor(n / perMonth));
            var month = options.Start.AddMonths(monthIndex);
            var birth = month.AddDays(random.Next(DateTime.DaysInMonth(month.Year, month.Month)));
            var trust = Pick(random, KnownEffects.TrustShare);
            var site = sites[trust][random.Next(sites[trust].Length)];
            var code = Pick(random, KnownEffects.EthnicMix);
            var group = EthnicCategory.GroupOf(code);
            var decile = 1 + PickIndex(random, KnownEffects.DecileWeights(group));
            var quintile = (decile + 1) / 2;
            var lsoa = lsoas[decile - 1][random.Next(lsoas[decile - 1].Count)];

            // Outcomes: the known effects.
            var stillborn = random.NextDouble() < KnownEffects.StillbirthPer1000[group] / 1000;
            var preterm = random.NextDouble() < KnownEffects.PretermByQuintile[quintile - 1];
            var gestation = preterm ? 168 + random.Next(91) : 259 + random.Next(35);
            if (gestation < 189 && random.NextDouble() < KnownEffects.ExtremePretermAtLevel3)
            {
                // Babies expected before 27 weeks are moved to the trust with the level 3 neonatal unit.
                (trust, site) = ("X1A", "X1A01");
            }
            var id = n.ToString("D8", Inv);
            var mother = $"M{trust}{id}";
            var pregnancy = $"P{trust}{id}";
            var delivery = $"L{trust}{id}";
            var baby = $"B{trust}{id}";
            var smokesAtDelivery = random.NextDouble() < KnownEffects.SmokingAtDelivery(decile);
            var smokesAtBooking = smokesAtDelivery || random.NextDouble() < 0.03 / (1 - KnownEffects.SmokingAtDelivery(decile));
            var weight = (int)Math.Clamp(Math.Round(3400 - (280 - gestation) * 25 + Statistics.Sampling.StandardNormal(random) * 450 * gestation / 280.0), 250, 6000);
            var age = (int)Math.Clamp(Math.Round(31 + Statistics.Sampling.StandardNormal(random) * 5.5), 16, 46);
            var bookingGestation = random.NextDouble() < 0.10 ? 91 + random.Next(60) : 49 + random.Next(42);
            var booked = birth.AddDays(-(gestation - bookingGestation));
            var neonatalDeath = !stillborn && random.NextDouble() < (preterm ? 0.012 : 0.0008);

            // Data-quality defects by trust.
            var recordedCode = random.NextDouble() < KnownEffects.EthnicNotValid(trust)
                ? random.Next(4) switch { 0 or 1 => "Z", 2 => "99", _ => "" }
                : code;
            var residenceMissing = random.NextDouble() < KnownEffects.ResidenceMissing(trust);

            var defect = (n + 1) % invalidEvery == 0 ? (int)(defectNumber++ % 5) : -1;
            if (recordedCode is "Z" or "99") Count($"EthnicityDefault:{trust}");
            if (recordedCode.Length == 0) Count($"EthnicityMissing:{trust}");
            if (defect != 4 && recordedCode != code) Count($"EthnicityNotValid:{trust}");
            if (defect != 4 && residenceMissing) Count($"ResidenceMissing:{trust}");

            writers[MsdsSchema.Mothers].Row(trust, Period(booked), mother,
                Date(booked.AddYears(-age).AddDays(-random.Next(365))), recordedCode,
                residenceMissing ? "" : $"ZX{1 + random.Next(9)} {random.Next(10)}{(char)('A' + random.Next(26))}{(char)('A' + random.Next(26))}",
                residenceMissing ? "" : lsoa, "", "", "");

            var bookingGestationText = bookingGestation.ToString(Inv);
            if (defect == 4)
            {
                // A booking with an unreadable gestation: rejected, and with it everything that refers to the pregnancy.
                bookingGestationText = "twelve weeks";
                defects[MsdsSchema.Bookings]++;
                quarantined[MsdsSchema.Bookings]++;
                quarantined[MsdsSchema.CarePlans] += 3;
                quarantined[MsdsSchema.CareActivities] += 5;
                quarantined[MsdsSchema.LabourDeliveries]++;
                quarantined[MsdsSchema.Babies]++;
            }
            var languages = group is "Asian" ? new[] { "en", "en", "ur", "bn", "pa" } : group is "Black" ? ["en", "en", "en", "so", "fr"] : ["en", "en", "en", "en", "pl"];
            var language = languages[random.Next(languages.Length)];
            writers[MsdsSchema.Bookings].Row(trust, Period(booked), pregnancy, mother, Date(booked), bookingGestationText,
                Date(booked.AddDays(280 - bookingGestation)), site,
                random.NextDouble() < 0.02 ? "" : random.NextDouble() < 0.15 ? "Y" : "N",
                random.NextDouble() < 0.06 ? "Y" : "N", language, language == "en" ? "N" : random.NextDouble() < 0.6 ? "Y" : "N",
                random.NextDouble() < 0.15 ? "1" : "0", random.Next(3).ToString(Inv), "0");

            var continuity = random.NextDouble() < (group is "Black" or "Asian" or "Mixed" || decile <= 2 ? 0.40 : 0.25);
            var team = $"T{trust}{random.Next(12):D2}";
            var midwife = $"MW{trust}{random.Next(400):D4}";
            foreach (var (type, atDay) in new[] { ("05", bookingGestation + 14), ("06", 245), ("07", 255) })
            {
                var planDate = booked.AddDays(Math.Min(atDay, gestation) - bookingGestation);
                writers[MsdsSchema.CarePlans].Row(trust, Period(planDate), pregnancy, Date(planDate), type,
                    random.NextDouble() < 0.92 ? "Y" : "N", type == "05" ? (continuity ? "Y" : "N") : "", midwife, team);
            }

            var heightCm = Math.Round(163 + Statistics.Sampling.StandardNormal(random) * 7, 1);
            var weightKg = Math.Round(70 + Statistics.Sampling.StandardNormal(random) * 14, 1);
            var activities = writers[MsdsSchema.CareActivities];
            activities.Row(trust, Period(booked), pregnancy, Date(booked), "50373000", heightCm.ToString(Inv), "cm", "");
            activities.Row(trust, Period(booked), pregnancy, Date(booked), "27113001", weightKg.ToString(Inv), "kg", "");
            activities.Row(trust, Period(booked), pregnancy, Date(booked), "251900003", (smokesAtBooking ? 8 + random.Next(20) : random.Next(4)).ToString(Inv), "ppm", "");
            activities.Row(trust, Period(booked), pregnancy, Date(booked), "", "", "", smokesAtBooking ? "77176002" : random.NextDouble() < 0.2 ? "8517006" : "266919005");
            if (gestation >= 252 && random.NextDouble() < 0.8)
            {
                var at36 = booked.AddDays(252 - bookingGestation);
                activities.Row(trust, Period(at36), pregnancy, Date(at36), "251900003", (smokesAtDelivery ? 8 + random.Next(20) : random.Next(4)).ToString(Inv), "ppm", "");
                if (defect == 4) quarantined[MsdsSchema.CareActivities]++;
            }
            var lateContact = birth.AddDays(-1);
            activities.Row(trust, Period(lateContact), pregnancy, Date(lateContact), "", "", "", smokesAtDelivery ? "77176002" : random.NextDouble() < 0.25 ? "8517006" : "266919005");

            var presentation = random.NextDouble() < 0.04 ? "2" : random.NextDouble() < 0.005 ? "3" : "1";
            var method = presentation != "1" ? (random.NextDouble() < 0.9 ? "7" : "5") : Pick(random, [("0", 0.58), ("2", 0.05), ("4", 0.07), ("7", 0.11), ("8", 0.19)]);
            var onset = method == "7" ? "2" : random.NextDouble() < 0.33 ? "4" : "1";
            writers[MsdsSchema.LabourDeliveries].Row(trust, Period(birth), delivery, pregnancy, site, onset,
                onset == "2" ? "" : Date(birth), method is "7" or "8" ? Date(birth) : "");

            var caesarean = method is "7" or "8";
            var bloodLoss = (int)Math.Round(Math.Exp(Math.Log(caesarean ? 600 : 300) + Statistics.Sampling.StandardNormal(random) * 0.55));
            var tear = caesarean ? "" : Pick(random, [("0", 0.50), ("1", 0.20), ("2", 0.27), ("3", 0.027), ("4", 0.003)]);
            writers[MsdsSchema.LabourActivities].Row(trust, Period(birth), delivery, Date(birth), bloodLoss.ToString(Inv), tear,
                bloodLoss >= 2500 ? "Y" : "N");
            if (defect == 4) quarantined[MsdsSchema.LabourActivities]++;

            var birthText = Date(birth);
            var gestationText = gestation.ToString(Inv);
            var weightText = weight.ToString(Inv);
            switch (defect)
            {
                case 0: weightText = "9999"; break;
                case 1: gestationText = "330"; break;
                case 2: birthText = $"{birth.Day:D2}/{birth.Month:D2}/{birth.Year}"; break;
            }
            if (defect is >= 0 and <= 2) { defects[MsdsSchema.Babies]++; quarantined[MsdsSchema.Babies]++; }
            var apgar = stillborn ? "0" : (random.NextDouble() < 0.012 ? 4 + random.Next(3) : 8 + random.Next(3)).ToString(Inv);
            var feed = stillborn ? "" : random.NextDouble() < 0.02 ? "" : Pick(random, [("01", 0.70), ("02", 0.08), ("03", 0.22)]);
            string[] babyRow =
            [
                trust, Period(birth), baby, delivery, pregnancy, birthText, stillborn ? (random.Next(3) + 2).ToString("D2", Inv) : "01",
                gestationText, weightText, random.NextDouble() < 0.51 ? "1" : "2", method, apgar, feed,
                neonatalDeath ? Date(birth.AddDays(random.Next(28))) : "", presentation,
            ];
            writers[MsdsSchema.Babies].Row(babyRow);
            if (defect == 3)
            {
                // The same baby sent twice: the second row is a duplicate.
                writers[MsdsSchema.Babies].Row(babyRow);
                defects[MsdsSchema.Babies]++;
                quarantined[MsdsSchema.Babies]++;
            }
            if ((n & 0xFFF) == 0) progress?.Report((double)n / total);
        }
        progress?.Report(1);

        foreach (var writer in writers.Values) writer.Dispose();
        var manifest = new GeneratorManifest(options, total,
            writers.ToDictionary(w => w.Key, w => w.Value.Rows),
            defects, quarantined, ImdFileName,
            [.. MsdsSchema.Tables.Select(t => t.Name + ".csv")], dq);
        File.WriteAllText(Path.Combine(options.OutputDirectory, ManifestFileName),
            JsonSerializer.Serialize(manifest, ManifestJson));
        return manifest;
    }

    /// <summary>Synthetic LSOAs in the official IMD File 1 layout, more of them in the deprived deciles; returns them by decile.</summary>
    private static List<string>[] WriteImd(string path, Random random)
    {
        var byDecile = Enumerable.Range(0, 10).Select(_ => new List<string>()).ToArray();
        using var writer = new StreamWriter(path, false, new UTF8Encoding(true));
        writer.Write("LSOA code (2011),LSOA name (2011),Local Authority District code (2019),Local Authority District name (2019),Index of Multiple Deprivation (IMD) Rank,Index of Multiple Deprivation (IMD) Decile\n");
        double[] weights = [16, 14, 12, 11, 10, 9, 8, 7, 7, 6];
        for (var i = 0; i < LsoaCount; i++)
        {
            var decile = 1 + PickIndex(random, weights);
            var code = $"E019{i + 1:D5}";
            byDecile[decile - 1].Add(code);
            var rank = (decile - 1) * 3284 + 1 + random.Next(3284);
            var rankText = rank >= 1000 ? $"\"{rank.ToString("N0", Inv)}\"" : rank.ToString(Inv);
            var district = i % 3 == 0 ? "\"Riverside, City of\"" : i % 3 == 1 ? "Northfield" : "Eastgate";
            writer.Write($"{code},Synthetic {i / 4 + 1:D3}{(char)('A' + i % 4)},E0899999{i % 3},{district},{rankText},{decile}\n");
        }
        return byDecile;
    }

    private static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", Inv);

    private static string Period(DateOnly d) => new DateOnly(d.Year, d.Month, 1).ToString("yyyy-MM-dd", Inv);

    private static string Pick(Random random, IReadOnlyList<(string Value, double Weight)> choices)
    {
        var total = choices.Sum(c => c.Weight);
        var x = random.NextDouble() * total;
        foreach (var (value, weight) in choices)
        {
            x -= weight;
            if (x < 0) return value;
        }
        return choices[^1].Value;
    }

    private static int PickIndex(Random random, IReadOnlyList<double> weights)
    {
        var x = random.NextDouble() * weights.Sum();
        for (var i = 0; i < weights.Count; i++)
        {
            x -= weights[i];
            if (x < 0) return i;
        }
        return weights.Count - 1;
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    /// <summary>One output file, written row by row in the table's column order.</summary>
    private sealed class Out : IDisposable
    {
        private readonly StreamWriter _writer;
        private readonly int _columns;

        public Out(string path, MsdsTable table)
        {
            _writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20);
            _columns = table.Columns.Count;
            _writer.Write(string.Join(',', table.Columns.Select(c => c.Name)));
            _writer.Write('\n');
        }

        public long Rows { get; private set; }

        public void Row(params string[] values)
        {
            if (values.Length != _columns) throw new InvalidOperationException($"row has {values.Length} values for {_columns} columns");
            for (var i = 0; i < values.Length; i++)
            {
                if (i > 0) _writer.Write(',');
                _writer.Write(values[i]);
            }
            _writer.Write('\n');
            Rows++;
        }

        public void Dispose() => _writer.Dispose();
    }
}

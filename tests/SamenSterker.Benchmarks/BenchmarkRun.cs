/// <summary>What every benchmark run shares: its "--name value" options and the percentiles of its samples.</summary>
static class BenchmarkRun
{
    /// <summary>The value after <c>--name</c>; the fallback when it is absent, or an error when there is none.</summary>
    public static string Option(string[] args, string name, string? fallback = null) =>
        Array.IndexOf(args, "--" + name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1]
        : fallback ?? throw new ArgumentException($"--{name} is required");

    /// <summary>The nearest-rank percentile (0–1) of samples sorted ascending.</summary>
    public static double Percentile(List<double> sorted, double p) =>
        sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}

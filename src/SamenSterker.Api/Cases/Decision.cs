using SamenSterker.Platform;

namespace SamenSterker.Cases;

/// <summary>
/// What a use case's pure decision function says about a command against the current case:
/// the events to append, or why not. Business rules never throw; they return a rejection.
/// </summary>
public sealed class Decision
{
    private Decision(IReadOnlyList<object> events, Rejection? rejection, bool alreadyRecorded)
    {
        Events = events;
        Rejection = rejection;
        AlreadyRecorded = alreadyRecorded;
    }

    public IReadOnlyList<object> Events { get; }
    public Rejection? Rejection { get; }

    /// <summary>The same command was handled before (an idempotent retry): append nothing, answer as then.</summary>
    public bool AlreadyRecorded { get; }

    public static Decision Append(params object[] events) => new(events, null, false);
    public static Decision Append(IReadOnlyList<object> events) => new(events, null, false);

    /// <summary>Nothing changes (e.g. a role handed to who already holds it).</summary>
    public static readonly Decision Nothing = new([], null, false);

    public static readonly Decision Replay = new([], null, true);

    public static Decision Invalid(string field, string message) =>
        new([], new Rejection(RejectionKind.Invalid, null, new Dictionary<string, string[]> { [field] = [message] }), false);

    public static Decision Invalid(FieldErrors errors) =>
        new([], new Rejection(RejectionKind.Invalid, null, errors.ToDictionary()), false);

    public static Decision Conflict(string detail) => new([], new Rejection(RejectionKind.Conflict, detail, null), false);

    public static Decision NotFound(string detail) => new([], new Rejection(RejectionKind.NotFound, detail, null), false);
}

public enum RejectionKind { Invalid, Conflict, NotFound }

public sealed record Rejection(RejectionKind Kind, string? Detail, IDictionary<string, string[]>? Errors);

/// <summary>Collects field errors (camelCase JSON paths) so one answer names every offending field.</summary>
public sealed class FieldErrors
{
    private readonly Dictionary<string, List<string>> _errors = new();

    public bool Any => _errors.Count > 0;

    /// <summary>Adds <paramref name="message"/> when there is one (a rule that found nothing wrong returns null).</summary>
    public void Add(string field, string? message)
    {
        if (message is null) return;
        if (!_errors.TryGetValue(field, out var list)) _errors[field] = list = [];
        list.Add(message);
    }

    public Dictionary<string, string[]> ToDictionary() => _errors.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray());
}

public static class Rejections
{
    /// <summary>A rejection as the problem details the API answers.</summary>
    public static IResult ToProblem(this Rejection rejection) => rejection.Kind switch
    {
        RejectionKind.Invalid => Problems.Invalid(rejection.Errors!),
        RejectionKind.NotFound => Problems.NotFound(rejection.Detail!),
        _ => Problems.Conflict(rejection.Detail!),
    };
}

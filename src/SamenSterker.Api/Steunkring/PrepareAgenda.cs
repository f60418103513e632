using FluentValidation;
using SamenSterker.Access;
using SamenSterker.Cases;
using SamenSterker.Platform;

namespace SamenSterker.Steunkring;

public sealed record PrepareAgendaRequest
{
    /// <summary>The points the client wants to talk about, in their order.</summary>
    public IReadOnlyList<string> Items { get; init; } = [];
}

/// <summary>"De inwoner bereidt samen met de procesbegeleider de bijeenkomst voor en er wordt een agenda opgemaakt" (seed 001).</summary>
public static class PrepareAgenda
{
    public const int MaxItems = 50;

    public sealed class Validator : AbstractValidator<PrepareAgendaRequest>
    {
        public Validator()
        {
            RuleFor(x => x.Items).NotNull().NotEmpty().WithMessage(_ => Say.In("The agenda needs at least one item.", "Zet minstens één punt op de agenda."))
                .Must(a => a is null || a.Count <= MaxItems).WithMessage(_ => Say.In($"At most {MaxItems} agenda items.", $"Hoogstens {MaxItems} punten op de agenda."));
            RuleForEach(x => x.Items).RequiredText(1000);
        }
    }

    public static Decision Decide(PrepareAgendaRequest request, Case c, Guid meetingId)
    {
        if (c.PlannedMeetings.FirstOrDefault(m => m.MeetingId == meetingId) is not { } planned)
            return Decision.NotFound(Say.In("No planned meeting with this id.", "Deze bijeenkomst is niet gepland (of al gehouden)."));
        var items = request.Items.Select(i => i.Trim()).ToList();
        return planned.Agenda.SequenceEqual(items) ? Decision.Nothing : Decision.Append(new SteunkringAgendaPrepared(meetingId, items));
    }

    public static void Map(RouteGroupBuilder cases) => cases
        .MapPut("/{id:guid}/steunkring/planned-meetings/{meetingId:guid}/agenda", (Guid id, Guid meetingId, PrepareAgendaRequest body,
                CaseWriter writer, CancellationToken ct) =>
            writer.Write(id, CaseAction.KeepSteunkring, c => Decide(body, c, meetingId), version => new NewVersion(version), ct: ct))
        .Validate(new Validator())
        .WritesCase<NewVersion>()
        .RequireAuthorization(Policies.WriteCases)
        .WithName("PrepareSteunkringAgenda")
        .WithSummary("The agenda of a planned meeting, prepared with the client");
}

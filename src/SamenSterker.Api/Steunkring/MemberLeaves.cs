using System.Text.Json;
using FluentValidation;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using SamenSterker.Access;
using SamenSterker.Cases;
using SamenSterker.Platform;

namespace SamenSterker.Steunkring;

public sealed record MemberLeavesRequest
{
    public string? Reason { get; init; }
    /// <summary>Defaults to today.</summary>
    public DateOnly? LeftOn { get; init; }

    /// <summary>DELETE may come without a body (and without a content type): then there is no reason.</summary>
    public static async ValueTask<MemberLeavesRequest?> BindAsync(HttpContext http)
    {
        if (http.Request.ContentLength is null or 0 && !http.Request.HasJsonContentType()) return new MemberLeavesRequest();
        if (!http.Request.HasJsonContentType())
            throw new BadHttpRequestException("The body of a DELETE, when there is one, is JSON.", StatusCodes.Status415UnsupportedMediaType);
        var json = http.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        try
        {
            return await http.Request.ReadFromJsonAsync<MemberLeavesRequest>(json, http.RequestAborted) ?? new MemberLeavesRequest();
        }
        catch (JsonException e)
        {
            throw new BadHttpRequestException("The request body is not valid JSON.", StatusCodes.Status400BadRequest, e);
        }
    }
}

/// <summary>A member leaves the steunkring (the body, with a reason, is optional).</summary>
public static class MemberLeaves
{
    public sealed class Validator : AbstractValidator<MemberLeavesRequest>
    {
        public Validator() => RuleFor(x => x.Reason).Text(1000);
    }

    public static Decision Decide(Guid memberId, MemberLeavesRequest request, Case c, DateOnly today)
    {
        if (c.FormerMemberIds.Contains(memberId)) return Decision.Conflict($"Member {memberId} has already left the steunkring.");
        var member = c.Members.FirstOrDefault(m => m.MemberId == memberId);
        if (member is null) return Decision.NotFound($"There is no member {memberId} in this steunkring.");

        var leftOn = request.LeftOn ?? today;
        if (leftOn > today) return Decision.Invalid("leftOn", Say.In("'leftOn' cannot be in the future.", $"{Say.Field("leftOn")} kan niet in de toekomst liggen."));
        if (leftOn < member.JoinedOn) return Decision.Invalid("leftOn", Say.In($"'leftOn' cannot be before the member joined ({member.JoinedOn:yyyy-MM-dd}).",
            $"{Say.Field("leftOn")} kan niet vóór {Say.Date(member.JoinedOn)} liggen, toen hij of zij erbij kwam."));
        return Decision.Append(new SteunkringMemberLeft(memberId, leftOn, request.Reason));
    }

    public static void Map(RouteGroupBuilder cases) => cases
        .MapDelete("/{id:guid}/steunkring/members/{memberId:guid}",
            (Guid id, Guid memberId, MemberLeavesRequest body, CaseWriter writer, CancellationToken ct) =>
            writer.Write(id, CaseAction.KeepSteunkring, c => Decide(memberId, body, c, writer.Today), version => new NewVersion(version), ct: ct))
        .Validate(new Validator())
        .WritesCase<NewVersion>()
        .WithMetadata(new OptionalJsonBody(() => new Microsoft.OpenApi.OpenApiSchema
        {
            // By hand: the document generator does not describe a type that binds itself (BindAsync).
            Type = Microsoft.OpenApi.JsonSchemaType.Object,
            AdditionalPropertiesAllowed = false,
            Properties = new Dictionary<string, Microsoft.OpenApi.IOpenApiSchema>
            {
                ["reason"] = new Microsoft.OpenApi.OpenApiSchema { Type = Microsoft.OpenApi.JsonSchemaType.String | Microsoft.OpenApi.JsonSchemaType.Null, MaxLength = 1000 },
                ["leftOn"] = new Microsoft.OpenApi.OpenApiSchema
                {
                    Type = Microsoft.OpenApi.JsonSchemaType.String | Microsoft.OpenApi.JsonSchemaType.Null, Format = "date",
                    Description = "Defaults to today.",
                },
            },
        }))
        .RequireAuthorization(Policies.WriteCases)
        .WithName("SteunkringMemberLeaves")
        .WithSummary("A member leaves the steunkring");
}

using Microsoft.AspNetCore.Mvc;

namespace SamenSterker.Platform;

/// <summary>RFC 9457 problem details for the answers this API gives, in one place.</summary>
public static class Problems
{
    public static IResult Invalid(IDictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, title: "The request has invalid fields.");

    public static IResult Invalid(string field, string message) =>
        Invalid(new Dictionary<string, string[]> { [field] = [message] });

    public static IResult CaseNotFound(Guid caseId) =>
        Problem(StatusCodes.Status404NotFound, "Case not found", $"There is no case with id {caseId}.");

    public static IResult NotFound(string detail) => Problem(StatusCodes.Status404NotFound, "Not found", detail);

    public static IResult Conflict(string detail) =>
        Problem(StatusCodes.Status409Conflict, "Conflicts with the state of the case", detail);

    public static IResult PreconditionFailed(long expected, long actual) =>
        Problem(StatusCodes.Status412PreconditionFailed, "The case has changed",
            $"If-Match asked for version {expected}, but the case is at version {actual}. Reload the case and try again.");

    public static IResult Problem(int status, string title, string detail) =>
        TypedResults.Problem(new ProblemDetails { Status = status, Title = title, Detail = detail });
}

using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace SamenSterker.Platform;

/// <summary>
/// Turns what escapes an endpoint into problem details: unreadable JSON names the offending field
/// (400), a wrong content type 415, a body over the limit 413, a late concurrency conflict 409, a database
/// that is away 503 with Retry-After.
/// Anything else is a bug: 500 without internals, logged (with the correlation id, never request data).
/// </summary>
public sealed partial class ErrorHandling(IProblemDetailsService problems, ILogger<ErrorHandling> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        var problem = exception switch
        {
            BadHttpRequestException { InnerException: JsonException json } => JsonProblem(json),
            BadHttpRequestException { StatusCode: StatusCodes.Status400BadRequest } bad => BindingProblem(bad.Message),
            BadHttpRequestException bad => new ProblemDetails
            {
                Status = bad.StatusCode,
                Title = bad.StatusCode switch
                {
                    StatusCodes.Status413PayloadTooLarge => "The request body is too large",
                    StatusCodes.Status415UnsupportedMediaType => "Send the body as application/json",
                    _ => "The request could not be read",
                },
                Detail = bad.StatusCode == StatusCodes.Status413PayloadTooLarge
                    ? $"A request body may be at most {RequestLimits.MaxBodyBytes / 1024} KiB."
                    : SafeDetail(bad.Message),
            },
            _ when MartenLogging.IsExpectedConflict(exception) => new ProblemDetails
            {
                Status = StatusCodes.Status409Conflict,
                Title = "Conflicts with the state of the case",
                Detail = "Someone else changed this case at the same moment. Reload the case and try again.",
            },
            _ when DatabaseAway.IsDatabaseAway(exception) => new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "The database is not reachable at the moment",
                // Said with care: a connection that broke just as a write was committed leaves the outcome unknown here.
                Detail = $"Try again in {DatabaseAway.RetryAfterSeconds} seconds, with the same Idempotency-Key for a write: it then answers what was stored, if anything.",
            },
            _ => null,
        };

        if (problem?.Status == StatusCodes.Status503ServiceUnavailable)
        {
            http.Response.Headers.RetryAfter = DatabaseAway.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            logger.LogWarning("Database not reachable on {Method} {Path}: {ExceptionType}; answered 503", http.Request.Method, LoggedRoute.Of(http),
                exception.GetType().Name);
        }
        else if (problem?.Status == StatusCodes.Status409Conflict)
            logger.LogInformation("Concurrent write refused on {Method} {Path}; answered 409", http.Request.Method, LoggedRoute.Of(http));

        if (problem is null)
        {
            logger.LogError(exception, "Unhandled {ExceptionType} on {Method} {Path}", exception.GetType().Name, http.Request.Method, LoggedRoute.Of(http));
            problem = new ProblemDetails { Status = 500, Title = "Something went wrong on our side", Detail = "The error was logged with this request's correlation id." };
        }

        http.Response.StatusCode = problem.Status ?? 500;
        // The rest of a body that is too large is not read: close the connection, so that the client's next
        // request does not wait behind it.
        if (problem.Status == StatusCodes.Status413PayloadTooLarge) http.Response.Headers.Connection = "close";
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem, Exception = exception });
    }

    private static ProblemDetails JsonProblem(JsonException json)
    {
        var unmapped = UnmappedProperty().Match(json.Message);
        // For an unknown property the path already ends with its name ("$.clientNmae").
        var field = FieldOf(json.Path);
        if (unmapped.Success && field == "body") field = unmapped.Groups[1].Value;
        var message = unmapped.Success ? "is not a known field."
            : json.Message.StartsWith("holds ", StringComparison.Ordinal) ? json.Message.Split(" Path:")[0] // CleanTextConverter
            : Explain(json.Message);
        return new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [$"'{field}' {message}"] })
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "The request body is not valid JSON for this endpoint.",
        };
    }

    /// <summary>A body or parameter ASP.NET Core could not bind, named without its internals.</summary>
    private static ProblemDetails BindingProblem(string message)
    {
        var parameter = BindFailure().Match(message);
        var (field, text) = parameter.Success
            ? (parameter.Groups[1].Value, $"'{parameter.Groups[1].Value}' has the wrong format.")
            : message.Contains("body", StringComparison.OrdinalIgnoreCase)
                ? ("body", "A JSON body is required.")
                : ("request", "The request could not be read.");
        return new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [text] })
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "The request has invalid fields.",
        };
    }

    [GeneratedRegex("""Failed to bind parameter "[^"]*? ([A-Za-z0-9_@]+)" from""")]
    private static partial Regex BindFailure();

    private static string FieldOf(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$") return "body";
        return path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
    }

    private static string Explain(string message)
    {
        var target = ConvertTarget().Match(message);
        if (!target.Success) return "is not valid JSON.";
        var type = target.Groups[1].Value.TrimEnd('?').Replace("System.Nullable`1[", "").TrimEnd(']');
        return type switch
        {
            "System.DateOnly" => "must be a date written as YYYY-MM-DD.",
            "System.Guid" => "must be a UUID.",
            "System.Boolean" => "must be true or false.",
            "System.String" => "must be a string.",
            "System.Int32" or "System.Int64" => "must be a whole number.",
            "System.Double" or "System.Decimal" => "must be a number.",
            _ when EnumValues(type) is { } values => $"must be one of: {values}.",
            _ when type.Contains("List", StringComparison.Ordinal) || type.EndsWith("[]", StringComparison.Ordinal) => "must be an array.",
            _ => "has the wrong type or shape.",
        };
    }

    private static string? EnumValues(string typeName)
    {
        var type = typeof(ErrorHandling).Assembly.GetType(typeName);
        return type is { IsEnum: true }
            ? string.Join(", ", Enum.GetNames(type).Select(JsonNamingPolicy.CamelCase.ConvertName))
            : null;
    }

    private static string SafeDetail(string message) => message.Length > 300 ? message[..300] : message;

    [GeneratedRegex("The JSON property '([^']+)' could not be mapped")]
    private static partial Regex UnmappedProperty();

    [GeneratedRegex(@"could not be converted to ([^\s.][^\s]*?)\.( Path|$)")]
    private static partial Regex ConvertTarget();
}

public static class RequestLimits
{
    public const long MaxBodyBytes = 1024 * 1024;

    /// <summary>
    /// Refuses bodies over 1 MiB early by their Content-Length (Kestrel's own limit, set to the same
    /// size, catches chunked bodies while they are read).
    /// </summary>
    public static IApplicationBuilder UseBodySizeLimit(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        // An endpoint that takes more (a photo: .WithMetadata(new RequestSizeLimitAttribute(…))) says so; Kestrel's limit
        // for this request follows it.
        var limit = http.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IRequestSizeLimitMetadata>()?.MaxRequestBodySize
            ?? MaxBodyBytes;
        if (http.Request.ContentLength > limit)
            throw new BadHttpRequestException("Request body too large.", StatusCodes.Status413PayloadTooLarge);
        if (limit != MaxBodyBytes && http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
            size.MaxRequestBodySize = limit;
        await next(http);
    });
}

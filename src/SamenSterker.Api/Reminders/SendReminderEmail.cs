using SamenSterker.Access;
using System.Globalization;
using MailKit.Net.Smtp;
using MailKit.Security;
using Marten;
using Microsoft.Extensions.Options;
using MimeKit;
using SamenSterker.Platform;

namespace SamenSterker.Reminders;

/// <summary>Configuration section <c>Smtp</c>; e-mail is sent only when <see cref="Host"/> is set.</summary>
public sealed class SmtpSettings
{
    public string? Host { get; set; }
    public int Port { get; set; } = 25;
    public string From { get; set; } = "samensterker@localhost";
    /// <summary>None, StartTls, SslOnConnect or Auto.</summary>
    public string Security { get; set; } = "None";
    public string? User { get; set; }
    public string? Password { get; set; }

    public bool Configured => !string.IsNullOrWhiteSpace(Host);
}

public sealed record SendReminderEmail(Guid ReminderId, string UserId);

/// <summary>
/// One plain, short e-mail per recipient: the case reference, the due date and a link — never a
/// client's name or anything they said. Marked as sent afterwards, so a redelivery does not repeat it.
/// </summary>
public static class SendReminderEmailHandler
{
    public static async Task Handle(SendReminderEmail message, IDocumentSession session, IOptions<SmtpSettings> smtp,
        IOptions<ReminderSettings> reminders, TimeProvider time, ILogger<SendReminderEmail> logger, CancellationToken ct)
    {
        var deliveryId = NameBasedId.From($"email:{message.ReminderId:N}:{message.UserId}");
        if (await session.LoadAsync<EmailDelivery>(deliveryId, ct) is not null) return;

        var record = await session.LoadAsync<ReminderRecord>(message.ReminderId, ct);
        var profile = await session.LoadAsync<UserProfile>(message.UserId, ct);
        if (record is null || string.IsNullOrWhiteSpace(profile?.Email))
        {
            logger.LogInformation("No e-mail for reminder {ReminderId}: the recipient has no known address", message.ReminderId);
            return;
        }

        await Mailer.SendAsync(smtp.Value, Compose(smtp.Value, reminders.Value, record, profile.Email), ct);
        session.Insert(new EmailDelivery { Id = deliveryId, ReminderId = record.Id, UserId = message.UserId, SentAt = time.GetUtcNow() });
    }

    public static MimeMessage Compose(SmtpSettings smtp, ReminderSettings reminders, ReminderRecord record, string to)
    {
        // In Dutch, as the professionals read it; the dossier number and no name: an e-mail leaves our systems, and the
        // client's name is one sign-in away on the page the link opens.
        var due = record.DueOn.ToString("d MMMM yyyy", CultureInfo.GetCultureInfo("nl-NL"));
        var (subject, line) = record.Kind switch
        {
            ReminderKind.DueSoon => ($"Check-in op {due} — dossier {record.CaseReference}",
                $"De afgesproken check-in voor dossier {record.CaseReference} is op {due}."),
            ReminderKind.Overdue => ($"Check-in te laat — dossier {record.CaseReference}",
                $"De afgesproken check-in voor dossier {record.CaseReference} was op {due} en is nog niet vastgelegd."),
            ReminderKind.SteunkringMeeting => ($"Steunkringbijeenkomst op {due} — dossier {record.CaseReference}",
                $"De steunkring van dossier {record.CaseReference} komt bij elkaar op {due}. Bereid de agenda voor met de cliënt "
                + "en spreek vooraf de leden die je nog niet gesproken hebt."),
            _ => ($"Check-in meer dan {reminders.EscalateAfterDays} dagen te laat — dossier {record.CaseReference}",
                $"De afgesproken check-in voor dossier {record.CaseReference} was op {due}; die is nu meer dan {reminders.EscalateAfterDays} dagen te laat. "
                + "Je krijgt dit bericht als teamleider."),
        };
        var mail = new MimeMessage { Subject = $"Samen Sterker: {subject}" };
        mail.From.Add(MailboxAddress.Parse(smtp.From));
        mail.To.Add(MailboxAddress.Parse(to));
        mail.Body = new TextPart("plain")
        {
            Text = $"{line}\n\nOpen het dossier: {reminders.BaseUrl.TrimEnd('/')}/clienten/{record.CaseId}{(record.Kind == ReminderKind.SteunkringMeeting ? "/steunkring/proces" : "")}\n\n— Samen Sterker\n",
        };
        return mail;
    }
}

public static class Mailer
{
    public static async Task SendAsync(SmtpSettings smtp, MimeMessage mail, CancellationToken ct)
    {
        using var client = new SmtpClient();
        var security = Enum.TryParse<SecureSocketOptions>(smtp.Security, ignoreCase: true, out var s) ? s : SecureSocketOptions.None;
        await client.ConnectAsync(smtp.Host!, smtp.Port, security, ct);
        if (!string.IsNullOrEmpty(smtp.User)) await client.AuthenticateAsync(smtp.User, smtp.Password ?? "", ct);
        await client.SendAsync(mail, ct);
        await client.DisconnectAsync(true, ct);
    }
}

using System.Globalization;
using MimeKit;
using SamenSterker.Reminders;

namespace SamenSterker.AnswerLinks;

/// <summary>
/// The link sent the day before, so the family answers at home: to the person, in plain Dutch (B1), with a line in English
/// (the page itself lets them choose their language). It names the person and the professional, never the case.
/// </summary>
public static class LinkByEmail
{
    private static readonly CultureInfo Dutch = CultureInfo.GetCultureInfo("nl-NL");

    public static MimeMessage Compose(SmtpSettings smtp, AnswerLink link, string url, string to, string? professional)
    {
        var until = TimeZoneInfo.ConvertTime(link.ExpiresAt, Platform.AmsterdamCalendar.Zone).ToString("dddd d MMMM 'om' HH:mm", Dutch);
        var who = string.IsNullOrWhiteSpace(professional) ? "Je hulpverlener" : professional.Trim();
        var mail = new MimeMessage { Subject = "Vijf vragen voor jullie gesprek" };
        mail.From.Add(MailboxAddress.Parse(smtp.From));
        mail.To.Add(MailboxAddress.Parse(to));
        mail.Body = new TextPart("plain")
        {
            Text = $"""
                Hoi {link.Name},

                {who} vraagt je om vóór jullie gesprek vijf korte vragen te beantwoorden. Dat kost een paar minuten.
                Je kunt het op je telefoon doen.

                Open deze link:
                {url}

                De link werkt tot {until}, en maar één keer. Stuur hem niet door.

                English: open the link and choose English at the top.

                — Samen Sterker

                """,
        };
        return mail;
    }
}

using System.Security.Cryptography;
using System.Text;

namespace SamenSterker.Analytics;

/// <summary>
/// Stable pseudonyms for the analytics tables: an HMAC-SHA256 of the kind and id with a key from
/// configuration (<c>Analytics:PseudonymKey</c>). The same id always gives the same pseudonym, so
/// analysts can count and join, but without the key they cannot go back to the id.
/// </summary>
public sealed class Pseudonyms
{
    private readonly byte[] _key;

    public Pseudonyms(string key)
    {
        if (key.Length < 32) throw new InvalidOperationException("Analytics:PseudonymKey must be at least 32 characters.");
        _key = Encoding.UTF8.GetBytes(key);
    }

    public string Case(Guid caseId) => Of("case", caseId.ToString("N"));
    public string CheckIn(Guid checkInId) => Of("check-in", checkInId.ToString("N"));
    public string Agreement(Guid agreementId) => Of("agreement", agreementId.ToString("N"));
    public string Member(Guid memberId) => Of("member", memberId.ToString("N"));
    public string Respondent(Guid caseId, string respondentId) => Of("respondent", $"{caseId:N}/{respondentId}");
    public string User(string userId) => Of("user", userId);
    public string Other(string kind, Guid id) => Of(kind, id.ToString("N"));

    /// <summary>
    /// Remembers the pseudonyms of one batch of events: a check-in's ten scores or a case's hundreds of events
    /// need their keys once, not once an event (an HMAC each, millions of them in a rebuild).
    /// </summary>
    public sealed class Memo(Pseudonyms keys)
    {
        private readonly Dictionary<Guid, string> _cases = [], _checkIns = [];
        private readonly Dictionary<(Guid, string), string> _respondents = [];

        public string Case(Guid caseId) => Remembered(_cases, caseId, keys.Case);
        public string CheckIn(Guid checkInId) => Remembered(_checkIns, checkInId, keys.CheckIn);
        public string Respondent(Guid caseId, string respondentId) =>
            Remembered(_respondents, (caseId, respondentId), k => keys.Respondent(k.Item1, k.Item2));

        private static string Remembered<TKey>(Dictionary<TKey, string> known, TKey key, Func<TKey, string> make) where TKey : notnull
        {
            if (!known.TryGetValue(key, out var pseudonym)) known[key] = pseudonym = make(key);
            return pseudonym;
        }
    }

    private string Of(string kind, string value) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes($"{kind}:{value}")))[..32];
}

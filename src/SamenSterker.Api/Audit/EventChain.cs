using Npgsql;
using SamenSterker.Platform;

namespace SamenSterker.Audit;

/// <summary>The answer of a check of one case's history.</summary>
public sealed record ChainVerification(Guid CaseId, bool Intact, long Events, string? LastHash, long? FirstBrokenVersion, string? Reason,
    bool PersonalDataErased);

/// <summary>
/// A hash chain per case stream, so that an auditor can prove that no event was changed, deleted, inserted
/// or moved since it was written — also after the client's personal data was erased. A trigger on
/// <c>mt_events</c> links every appended event in the same transaction as the append (whatever wrote it):
/// <code>
/// public digest = SHA-256(the event's data without its personal fields)            (PersonalData names them)
/// sealed digest = SHA-256(the case's secret seal ‖ the event's whole data)
/// link          = SHA-256(previous link | sequence | version | timestamp (µs) | type | SHA-256(public digest | sealed digest) | user | correlation id)
/// </code>
/// (hex digests, text joined by '|'; the first event's previous link is empty), kept in <c>samensterker.event_chain</c>.
/// Before an erasure both digests are checked, so every byte of every event is proven; an erasure masks the
/// personal fields (Marten's event data masking) and deletes the case's seal, after which the public digest
/// still proves everything but the erased fields, and nobody can test a guess of what they said.
/// docs/audit.md says what this proves and what it does not.
/// </summary>
public static class EventChain
{
    public const string Table = EventStore.Schema + ".event_chain";
    public const string Seals = EventStore.Schema + ".case_seals";
    private const string Events = EventStore.Schema + ".mt_events";
    private const string Streams = EventStore.Schema + ".mt_streams";
    private const string S = EventStore.Schema;

    /// <summary>The parts of a link: the one definition, used by the trigger, the back-fill and the check.</summary>
    private const string Functions = $"""
        -- plpgsql, not a recursive SQL function: ~9 µs an event instead of ~250 µs (measured on 100,000 score events).
        create or replace function {S}.strip_fields(j jsonb, fields text[]) returns jsonb language plpgsql immutable as $$
        declare k text; v jsonb; r jsonb;
        begin
          if cardinality(fields) = 0 then return j; end if;
          case jsonb_typeof(j)
            when 'object' then
              r := j - fields;
              for k, v in select e.key, e.value from jsonb_each(r) e where jsonb_typeof(e.value) in ('array', 'object') loop
                r := jsonb_set(r, array[k], {S}.strip_fields(v, fields));
              end loop;
              return r;
            when 'array' then
              return (select coalesce(jsonb_agg({S}.strip_fields(x, fields) order by i), '[]'::jsonb)
                      from jsonb_array_elements(j) with ordinality as a(x, i));
            else return j;
          end case;
        end $$;
        -- The three below are plpgsql, not SQL functions: their bodies call stable functions (concat_ws, jsonb::text), so
        -- PostgreSQL cannot inline them and would parse and plan a SQL body again at every call from the trigger
        -- (51 µs an event for the link alone, measured with track_functions); plpgsql keeps the plan. Same results.
        create or replace function {S}.event_public_digest(event_type text, data jsonb) returns text language plpgsql immutable as $$
        begin
          return encode(sha256(convert_to({S}.strip_fields(data, {S}.personal_fields(event_type))::text, 'UTF8')), 'hex');
        end $$;
        create or replace function {S}.event_sealed_digest(seal bytea, data jsonb) returns text language plpgsql immutable as $$
        begin
          return encode(sha256(seal || convert_to(data::text, 'UTF8')), 'hex');
        end $$;
        create or replace function {S}.event_chain_link(previous text, seq bigint, version bigint, at timestamptz, type text,
            public_digest text, sealed_digest text, user_name text, correlation_id text) returns text language plpgsql immutable as $$
        begin
          return encode(sha256(convert_to(concat_ws('|', coalesce(previous, ''), seq::text, version::text,
            (extract(epoch from at) * 1000000)::bigint::text, type,
            encode(sha256(convert_to(public_digest || '|' || sealed_digest, 'UTF8')), 'hex'),
            coalesce(user_name, ''), coalesce(correlation_id, '')), 'UTF8')), 'hex');
        end $$;
        -- Form 2 (since the security review of issue 19) also covers every other column that changes what a reader sees:
        -- the causation id, the event's id, its .NET type, its tenant, its headers (but the 'erased' mark an erasure adds)
        -- and a binary payload. Whether an event is archived is not linked (it is false when linked) but checked by verify.
        create or replace function {S}.event_chain_link_v2(previous text, seq bigint, version bigint, at timestamptz, type text,
            public_digest text, sealed_digest text, user_name text, correlation_id text, causation_id text, event_id uuid,
            dotnet_type text, tenant_id text, headers jsonb, bdata bytea) returns text language plpgsql immutable as $$
        begin
          return encode(sha256(convert_to(concat_ws('|', 'v2',
            {S}.event_chain_link(previous, seq, version, at, type, public_digest, sealed_digest, user_name, correlation_id),
            coalesce(causation_id, ''), event_id::text, coalesce(dotnet_type, ''), coalesce(tenant_id, ''),
            encode(sha256(convert_to(coalesce(case when jsonb_typeof(headers) = 'object' then nullif(headers - 'erased', jsonb_build_object()) else headers end, 'null'::jsonb)::text, 'UTF8')), 'hex'),
            coalesce(encode(sha256(bdata), 'hex'), '')), 'UTF8')), 'hex');
        end $$;
        create or replace function {S}.case_seal(stream uuid) returns bytea language plpgsql as $$
        declare seal bytea;
        begin
          select s.seal into seal from {Seals} s where s.stream_id = stream;
          if seal is null then
            insert into {Seals} (stream_id, seal) values (stream, uuid_send(gen_random_uuid()) || uuid_send(gen_random_uuid()))
            on conflict (stream_id) do nothing;
            select s.seal into seal from {Seals} s where s.stream_id = stream;
          end if;
          return seal;
        end $$;
        create or replace function {S}.event_chain_add(e {Events}) returns void language plpgsql as $$
        declare
          previous text;
          public_digest text := {S}.event_public_digest(e.type, e.data);
          sealed_digest text := {S}.event_sealed_digest({S}.case_seal(e.stream_id), e.data);
        begin
          select c.link into previous from {Table} c where c.stream_id = e.stream_id and c.version = e.version - 1;
          insert into {Table} (stream_id, version, seq_id, public_digest, sealed_digest, previous, link, form)
          values (e.stream_id, e.version, e.seq_id, public_digest, sealed_digest, previous,
                  {S}.event_chain_link_v2(previous, e.seq_id, e.version, e.timestamp, e.type, public_digest, sealed_digest, e.user_name,
                                          e.correlation_id, e.causation_id, e.id, e.mt_dotnet_type, e.tenant_id, e.headers, e.bdata), 2);
        end $$;
        """;

    /// <summary>The tables, the functions and the trigger; <paramref name="personalFields"/> is <see cref="Privacy.PersonalData.PersonalFieldsFunction"/>.</summary>
    public static string Schema(string personalFields) => $"""
        create table if not exists {Seals} (
          stream_id uuid primary key,
          seal bytea not null
        );
        create table if not exists {Table} (
          stream_id uuid not null,
          version bigint not null,
          seq_id bigint not null,
          public_digest text not null,
          sealed_digest text not null,
          previous text,
          link text not null,
          linked_at timestamptz not null default now(),
          primary key (stream_id, version)
        );
        -- Links written before form 2 keep form 1 (and verify as they were written).
        alter table {Table} add column if not exists form smallint not null default 1;
        {personalFields}
        {Functions}
        create or replace function {S}.event_chain_append() returns trigger language plpgsql as $$
        begin
          if new.stream_id is not null then perform {S}.event_chain_add(new); end if;
          return null;
        end $$;
        create or replace trigger event_chain_append after insert on {Events}
          for each row execute function {S}.event_chain_append();
        {Guards}
        """;

    /// <summary>
    /// The record is append-only, whoever asks: no event row is deleted or truncated, and the only update allowed is
    /// the masking of an erasure (data and headers change, nothing else, the new headers carry the 'erased' mark and
    /// the case has recorded its erasure). A case's stream row is never deleted, archived or given another id; links of
    /// the chain are never changed. The triggers belong to the schema's owner: the runtime role cannot drop or disable
    /// them (and cannot set session_replication_role, which only a superuser may).
    /// </summary>
    private const string Guards = $"""
        create or replace function {S}.events_are_append_only() returns trigger language plpgsql as $$
        begin
          if tg_op = 'UPDATE'
             and (new.seq_id, new.id, new.stream_id, new.version, new.type, new.timestamp, new.tenant_id, new.mt_dotnet_type,
                  new.correlation_id, new.causation_id, new.user_name, new.is_archived, new.bdata)
                 is not distinct from
                 (old.seq_id, old.id, old.stream_id, old.version, old.type, old.timestamp, old.tenant_id, old.mt_dotnet_type,
                  old.correlation_id, old.causation_id, old.user_name, old.is_archived, old.bdata)
             and coalesce(new.headers ? 'erased', false)
             and exists (select 1 from {Events} e where e.stream_id = old.stream_id and e.type = 'personal_data_erased')
          then
            return new; -- the masking of an erasure (Privacy/RequestErasure)
          end if;
          raise exception 'the events of a case are append-only: % of an event is not allowed (a correction is a new event)', tg_op
            using errcode = '42501';
        end $$;
        create or replace trigger events_append_only before update or delete on {Events}
          for each row execute function {S}.events_are_append_only();
        create or replace trigger events_no_truncate before truncate on {Events}
          for each statement execute function {S}.events_are_append_only();

        create or replace function {S}.streams_are_kept() returns trigger language plpgsql as $$
        begin
          if tg_op = 'UPDATE' and new.id = old.id and new.type is not distinct from old.type
             and new.tenant_id is not distinct from old.tenant_id and not coalesce(new.is_archived, false) then
            return new; -- a new version (an append)
          end if;
          raise exception 'a case''s stream is never deleted, archived or renamed: % is not allowed', tg_op using errcode = '42501';
        end $$;
        create or replace trigger streams_are_kept before update or delete on {Streams}
          for each row execute function {S}.streams_are_kept();
        create or replace trigger streams_no_truncate before truncate on {Streams}
          for each statement execute function {S}.streams_are_kept();

        create or replace function {S}.event_chain_is_append_only() returns trigger language plpgsql as $$
        begin
          raise exception 'the hash chain is append-only: % is not allowed', tg_op using errcode = '42501';
        end $$;
        create or replace trigger event_chain_append_only before update or delete on {Table}
          for each row execute function {S}.event_chain_is_append_only();
        create or replace trigger event_chain_no_truncate before truncate on {Table}
          for each statement execute function {S}.event_chain_is_append_only();
        """;

    /// <summary>
    /// What the runtime role may not do to the record, beside the triggers: no UPDATE of an event but its data and
    /// headers (an erasure's masking), no DELETE or TRUNCATE of events, streams, links or seals' updates.
    /// </summary>
    public static string LimitRuntimeRole(string role) => $"""
        revoke update, delete, truncate on {Events} from {role};
        grant update (data, headers) on {Events} to {role};
        revoke update, delete, truncate on {Streams} from {role};
        grant update (version, timestamp) on {Streams} to {role};
        revoke update, delete, truncate on {Table} from {role};
        revoke update, truncate on {Seals} from {role};
        """;

    /// <summary>Events stored before the chain existed are linked once, in order (linked from then on, not proven before).</summary>
    public const string BackFill = $"""
        do $$
        declare e {Events};
        begin
          for e in select ev.* from {Events} ev
                   where ev.stream_id is not null
                     and not exists (select 1 from {Table} c where c.stream_id = ev.stream_id and c.version = ev.version)
                   order by ev.stream_id, ev.version
          loop
            perform {S}.event_chain_add(e);
          end loop;
        end $$;
        """;

    /// <summary>
    /// Per stream, the first version where the history and its chain disagree, and why. Checks, in one pass:
    /// every event has its link and every link its event; versions run 1..n without a gap and the stream's
    /// version is the last; each event's data still has the digest it was linked with; each link recomputes
    /// from its event and the link before it.
    /// </summary>
    private const string Check = $"""
        with ev as (
          select e.stream_id, e.version, e.seq_id, e.timestamp, e.type, e.user_name, e.correlation_id, e.causation_id, e.id,
                 e.mt_dotnet_type, e.tenant_id, e.headers, e.bdata, coalesce(e.is_archived, false) as archived,
                 coalesce(e.headers ? 'erased', false) as erasure_mark,
                 {S}.event_public_digest(e.type, e.data) as public_digest,
                 {S}.event_sealed_digest(s.seal, e.data) as sealed_digest
          from {Events} e left join {Seals} s on s.stream_id = e.stream_id
          where e.stream_id = any($1) or $1 is null
        ),
        ch as (select c.* from {Table} c where c.stream_id = any($1) or $1 is null),
        joined as (
          select coalesce(ev.stream_id, ch.stream_id) as stream_id, coalesce(ch.version, ev.version) as version,
                 ev.seq_id as ev_seq, ch.seq_id as ch_seq, ev.public_digest, ev.sealed_digest, ev.archived, ev.erasure_mark,
                 ch.public_digest as linked_public, ch.sealed_digest as linked_sealed, ch.previous, ch.link,
                 case when ev.seq_id is null or ch.link is null then null
                   when ch.form = 1 then
                     {S}.event_chain_link(ch.previous, ev.seq_id, ev.version, ev.timestamp, ev.type, ch.public_digest, ch.sealed_digest,
                                          ev.user_name, ev.correlation_id)
                   else
                     {S}.event_chain_link_v2(ch.previous, ev.seq_id, ev.version, ev.timestamp, ev.type, ch.public_digest, ch.sealed_digest,
                                             ev.user_name, ev.correlation_id, ev.causation_id, ev.id, ev.mt_dotnet_type, ev.tenant_id,
                                             ev.headers, ev.bdata)
                 end as recomputed
          from ev full join ch on ch.stream_id = ev.stream_id and ch.version = ev.version
        ),
        ordered as (
          select j.*, lag(j.link) over w as link_before, row_number() over w as position
          from joined j window w as (partition by j.stream_id order by j.version)
        ),
        erased as (
          select e.stream_id from {Events} e where e.type = 'personal_data_erased' and (e.stream_id = any($1) or $1 is null)
        ),
        problems as (
          select o.stream_id, o.version,
                 case
                   when o.ev_seq is null then 'the event at this version was deleted after it was written'
                   when o.link is null then 'this event was inserted without being linked (not through the event store)'
                   when o.version <> o.position then 'a version before this one is missing: an event was deleted'
                   when o.ev_seq <> o.ch_seq then 'this event was moved: it is not the event that was written at this version'
                   when o.archived then 'this event was archived after it was written: readers of the case no longer see it'
                   when o.erasure_mark and o.stream_id not in (select stream_id from erased)
                     then 'this event carries an erasure mark, but no erasure of the case''s personal data was recorded'
                   when o.public_digest <> o.linked_public then 'the data of this event was changed after it was written'
                   when o.sealed_digest is null and o.stream_id not in (select stream_id from erased)
                     then 'the case''s seal is missing, but no erasure of its personal data was recorded'
                   when o.sealed_digest is not null and o.sealed_digest <> o.linked_sealed then 'the data of this event was changed after it was written'
                   when o.recomputed <> o.link then 'the metadata of this event (time, type, user, correlation or causation id, id, headers) was changed after it was written'
                   when o.position > 1 and o.previous is distinct from o.link_before then 'the chain is broken here: the link before it was changed'
                 end as reason
          from ordered o
        )
        select s.id, count(p.version), min(p.version) filter (where p.reason is not null),
               (array_agg(p.reason order by p.version) filter (where p.reason is not null))[1],
               (select c.link from {Table} c where c.stream_id = s.id order by c.version desc limit 1),
               s.version, max(p.version), s.id in (select stream_id from erased), coalesce(s.is_archived, false)
        from {Streams} s left join problems p on p.stream_id = s.id
        where s.id = any($1) or $1 is null
        group by s.id, s.version, s.is_archived
        """;

    public static async Task<IReadOnlyList<ChainVerification>> Verify(NpgsqlDataSource db, Guid[]? caseIds, CancellationToken ct)
    {
        await using var command = db.CreateCommand(Check);
        command.CommandTimeout = 0;
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)caseIds ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Uuid });
        var results = new List<ChainVerification>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var id = reader.GetGuid(0);
            var events = reader.GetInt64(1);
            long? broken = reader.IsDBNull(2) ? null : reader.GetInt64(2);
            var reason = reader.IsDBNull(3) ? null : reader.GetString(3);
            var lastHash = reader.IsDBNull(4) ? null : reader.GetString(4);
            var streamVersion = reader.GetInt64(5);
            long? lastVersion = reader.IsDBNull(6) ? null : reader.GetInt64(6);
            var erased = reader.GetBoolean(7);
            if (broken is null && reader.GetBoolean(8))
            {
                // Marten hides an archived stream from every read: the case would vanish without a changed byte.
                broken = 1;
                reason = "the case was archived after it was written: readers no longer see it";
            }
            if (broken is null && lastVersion != streamVersion)
            {
                // Every remaining event checks out, but the stream says it has more (or fewer): the last ones went missing.
                broken = Math.Min(streamVersion, (lastVersion ?? 0) + 1);
                reason = "the stream's last events are missing: it is at version " + streamVersion + ", its history ends at " + (lastVersion ?? 0);
            }
            results.Add(new ChainVerification(id, broken is null, events, broken is null ? lastHash : null, broken, reason, erased));
        }
        return results;
    }
}

/// <summary>Creates (or updates) the chain's tables, functions and triggers and the record's guards; when the chain is new,
/// links the events stored before it.</summary>
public sealed class EventChainSchema : ISchemaPart
{
    public async Task ApplyAsync(NpgsqlDataSource db, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using (var locked = new NpgsqlCommand("select pg_advisory_xact_lock(7514)", connection, transaction))
            await locked.ExecuteNonQueryAsync(ct);
        // Only when the chain is new are there events without links (the trigger links all later ones): scanning
        // every event at every start would cost minutes on a national database.
        bool fresh;
        await using (var exists = new NpgsqlCommand($"select to_regclass('{EventChain.Table}') is null", connection, transaction))
            fresh = (bool)(await exists.ExecuteScalarAsync(ct))!;
        await using var command = new NpgsqlCommand(
            EventChain.Schema(Privacy.PersonalData.PersonalFieldsFunction(EventStore.Schema)) + (fresh ? EventChain.BackFill : ""), connection, transaction);
        command.CommandTimeout = 0;
        await command.ExecuteNonQueryAsync(ct);
        await transaction.CommitAsync(ct);
    }

    public string LimitRuntimeRole(string role) => EventChain.LimitRuntimeRole(role);
}

/// <summary>At an erasure the case's seal is deleted: nobody can then test a guess of what the erased fields said.</summary>
public sealed class ForgetSealOnErasure(NpgsqlDataSource db) : Privacy.IErasureStep
{
    public async Task Erase(Guid caseId, CancellationToken ct)
    {
        await using var forget = db.CreateCommand($"delete from {EventChain.Seals} where stream_id = $1");
        forget.Parameters.Add(new NpgsqlParameter { Value = caseId });
        await forget.ExecuteNonQueryAsync(ct);
    }
}

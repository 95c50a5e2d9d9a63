-- Benchmark data for `scripts/bench`: 100 000 citizens, 1 000 000 applications with their
-- steps and some notifications, spread over the services, channels, providers, statuses and two
-- years of dates, plus ready drafts for the submit benchmark. Run by psql on a database that
-- `egov-portal seed --demo` has just made (catalog, providers, demo citizens and staff).
-- Variables: :citizens (bench sign-ins), :drafts (ready drafts per bench sign-in).
--
-- Everything is generated in SQL (generate_series, INSERT … SELECT), deterministic thanks to
-- setseed. Secondary indexes of the two big tables are dropped for the load and built again at
-- the end (much faster than maintaining them row by row); constraints stay.
\set ON_ERROR_STOP on
SET synchronous_commit = off;
SET maintenance_work_mem = '256MB';
SET work_mem = '64MB';
SELECT setseed(0.42);

-- A bulk load of rows made consistent here: this session fires no triggers, so neither the
-- foreign-key checks (one lookup per row: a minute of the load) nor the portal's own triggers
-- (the revisions of migration …000016, for kept pages: nothing is kept yet; the unread counts
-- of …000018, counted below) run. The constraints stay in place for everything else; the end
-- of this script checks the keys once.
SET session_replication_role = replica;

-- The IIN check digit, as `domain::iin::check_digit` computes it (NULL when none exists).
CREATE FUNCTION pg_temp.iin(first11 text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    WITH d AS (SELECT i, substr(first11, i, 1)::int AS digit FROM generate_series(1, 11) i),
         s AS (SELECT sum(digit * i) % 11 AS a,
                      sum(digit * (CASE WHEN i <= 9 THEN i + 2 ELSE i - 9 END)) % 11 AS b
               FROM d)
    SELECT CASE WHEN a < 10 THEN first11 || a
                WHEN b < 10 THEN first11 || b END
    FROM s
$$;

-- Secondary indexes of the big tables: kept, dropped, rebuilt after the load.
CREATE TEMP TABLE saved_indexes AS
SELECT i.indexname, i.indexdef
FROM pg_indexes i
LEFT JOIN pg_constraint c ON c.conname = i.indexname
WHERE i.schemaname = 'public'
  AND i.tablename IN ('applications', 'application_steps', 'notifications', 'users')
  AND c.conname IS NULL;
DO $$
DECLARE r record;
BEGIN
    FOR r IN SELECT indexname FROM saved_indexes LOOP
        EXECUTE format('DROP INDEX %I', r.indexname);
    END LOOP;
END $$;

-- Citizens: valid IINs (born 1960–1999, century digit 3 or 4), all with the demo citizen's
-- password hash (password `demo-citizen-1`), so any of them can sign in.
INSERT INTO users (iin, last_name, first_name, middle_name, birth_date, sex, phone, email,
                   password_hash, lang, created_at)
SELECT iin, 'Тестов' || (n % 997), 'Азамат' || (n % 89), 'Серікұлы', born,
       CASE WHEN n % 2 = 0 THEN 'male' ELSE 'female' END,
       '+77' || lpad((100000000 + n)::text, 9, '0'),
       CASE WHEN n % 3 = 0 THEN 'citizen' || n || '@example.kz' END,
       (SELECT password_hash FROM users WHERE iin = '900315400017'),
       CASE WHEN n % 4 = 0 THEN 'ru' ELSE 'kk' END,
       now() - (n % 730) * interval '1 day'
FROM (
    SELECT n, born,
           pg_temp.iin(to_char(born, 'YYMMDD') || (3 + n % 2) || lpad((n / 14600)::text, 4, '0')) AS iin
    FROM (SELECT n, date '1960-01-01' + (n % 14600) AS born
          FROM generate_series(1, 110000) n) g
) c
WHERE iin IS NOT NULL AND NOT EXISTS (SELECT 1 FROM users x WHERE x.iin = c.iin)
ORDER BY n
LIMIT 100000;

-- The service/channel combinations and their steps; online services are applied for more.
CREATE TEMP TABLE combos AS
SELECT row_number() OVER (ORDER BY service_code, channel, dup) AS k, service_code, channel,
       n_steps, roles, staff_positions
FROM (
    SELECT ss.service_code, ss.channel, count(*) AS n_steps,
           array_agg(ss.role ORDER BY ss.position) AS roles,
           array_agg(ss.position ORDER BY ss.position)
               FILTER (WHERE ss.role NOT IN ('applicant', 'system', 'courier')) AS staff_positions,
           bool_or(s.online) AS online
    FROM service_steps ss JOIN services s ON s.code = ss.service_code
    GROUP BY ss.service_code, ss.channel
) c
CROSS JOIN LATERAL generate_series(1, CASE WHEN c.channel = 'portal' THEN 4 ELSE 1 END) dup;

-- Which organizations provide which service.
CREATE TEMP TABLE providers AS
SELECT s.code AS service_code, o.id AS organization_id,
       row_number() OVER (PARTITION BY s.code ORDER BY o.id) - 1 AS rn,
       count(*) OVER (PARTITION BY s.code) AS n
FROM services s
JOIN organizations o ON s.definition -> 'provider_kinds' ? o.kind;

-- One million applications. `bucket` decides the status: 5 % drafts, 25 % open (a current
-- staff step), 45 % issued, 12 % refused, 8 % withdrawn, 5 % open with the result ready.
CREATE TEMP TABLE gen AS
SELECT n, k, (random() * 100)::int % 100 AS bucket, 1 + (random() * 99999)::int AS applicant,
       random() AS r1, random() AS r2
FROM (SELECT n, 1 + (n::bigint * 7919) % (SELECT count(*) FROM combos) AS k
      FROM generate_series(1, 1000000) n) g;

INSERT INTO applications (number, service_code, applicant_id, organization_id, channel, status,
                          answers, idempotency_key, consent_at, signed_at, submitted_at,
                          expected_at, version, created_at, updated_at, step_position,
                          step_role, step_due, journal_number, decision, signed_with)
SELECT 'KZ-' || to_char(created, 'YYYY') || '-' || lpad(nextval('application_number_seq')::text, 8, '0'),
       c.service_code, u.id, p.organization_id, c.channel, status, '{}', 'bench-' || g.n,
       CASE WHEN status <> 'draft' THEN created END,
       CASE WHEN status <> 'draft' THEN created END,
       CASE WHEN status <> 'draft' THEN created END,
       CASE WHEN status <> 'draft' THEN created + interval '5 days' END,
       CASE WHEN status = 'draft' THEN 0 ELSE 3 END,
       created, created,
       current_position,
       c.roles[current_position],
       created + current_position * interval '1 day',
       CASE WHEN status <> 'draft' THEN to_char(created, 'YYYY') || '/' || g.n END,
       CASE status WHEN 'issued' THEN 'result' WHEN 'refused' THEN 'refusal' END,
       CASE WHEN status <> 'draft' AND c.channel = 'portal' THEN 'password' END
FROM (
    SELECT g.*,
           CASE WHEN bucket < 5 THEN 'draft'
                WHEN bucket < 30 THEN (ARRAY['submitted', 'registered', 'in_progress'])[1 + (g.n % 3)]
                WHEN bucket < 35 THEN 'result_ready'
                WHEN bucket < 80 THEN 'issued'
                WHEN bucket < 92 THEN 'refused'
                ELSE 'withdrawn' END AS status,
           -- Open work is recent (the last 5 days: terms are short), the rest spread over two
           -- years.
           now() - CASE WHEN bucket BETWEEN 5 AND 34 THEN r1 * interval '5 days'
                        ELSE r1 * interval '730 days' END AS created
    FROM gen g
) g
JOIN combos c ON c.k = g.k
JOIN providers p ON p.service_code = c.service_code AND p.rn = g.n % p.n
JOIN LATERAL (SELECT id FROM users WHERE id = g.applicant + 2) u ON true
CROSS JOIN LATERAL (
    SELECT CASE WHEN g.bucket BETWEEN 5 AND 34
                THEN c.staff_positions[1 + (g.r2 * (array_length(c.staff_positions, 1) - 1))::int]
           END AS current_position
) cp
ORDER BY g.n;

-- The steps of every submitted application: shortened action texts (see docs/benchmarks.md),
-- due a day apart from submission; done before the current step (all of them when closed, the
-- first ones when withdrawn); about one in eight done late.
INSERT INTO application_steps (application_id, position, role, action_kk, action_ru, amount,
                               unit, clause, due_at, done_at, done_by_kind, outcome)
SELECT a.id, s.position, s.role, left(s.action_kk, 60), left(s.action_ru, 60), s.amount, s.unit,
       s.clause, due, done,
       CASE WHEN done IS NOT NULL THEN CASE WHEN s.role IN ('applicant', 'system', 'courier')
                                            THEN 'system' ELSE 'staff' END END,
       CASE WHEN done IS NOT NULL THEN 'complete' END
FROM applications a
JOIN service_steps s ON s.service_code = a.service_code AND s.channel = a.channel
CROSS JOIN LATERAL (SELECT a.submitted_at + s.position * interval '1 day' AS due) d
CROSS JOIN LATERAL (
    SELECT CASE
        WHEN a.status IN ('issued', 'refused') OR s.position < a.step_position
             OR (a.status = 'withdrawn' AND s.position <= 1 + a.id % 2)
        THEN due - interval '20 hours' + CASE WHEN a.id % 8 = s.position % 8
                                              THEN interval '30 hours' ELSE interval '0' END
    END AS done
) x
WHERE a.status <> 'draft';

-- A running portal's deadline watch has already flagged the current steps past their due
-- instant; without this, the server's first watch run would flag them all during the benchmark.
UPDATE application_steps s SET overdue_at = a.step_due
FROM applications a
WHERE s.application_id = a.id AND s.position = a.step_position AND a.step_due < now();

-- Notifications: three in ten applications told their applicant something; a fifth unread.
INSERT INTO notifications (user_id, application_id, message_id, args, created_at, read_at)
SELECT applicant_id, id, 'notice-status-changed', '{}', created_at + interval '1 hour',
       CASE WHEN id % 5 <> 0 THEN created_at + interval '2 hours' END
FROM applications
WHERE status <> 'draft' AND id % 10 < 3;
-- The unread counts the triggers of migration …000018 keep (they do not fire in this session).
UPDATE users u SET unread_notifications = n.unread
FROM (SELECT user_id, count(*) AS unread FROM notifications WHERE read_at IS NULL GROUP BY user_id) n
WHERE n.user_id = u.id;

DO $$
DECLARE r record;
BEGIN
    FOR r IN SELECT indexdef FROM saved_indexes LOOP
        EXECUTE r.indexdef;
    END LOOP;
END $$;

-- The citizens the benchmark signs in (spread over the table), each with ready drafts of the
-- preschool service (answers and the three required documents) to submit.
CREATE TABLE bench_citizens AS
SELECT u.id, u.iin FROM users u
WHERE u.id > 2 AND u.id % (100000 / :citizens) = 0
ORDER BY u.id LIMIT :citizens;

INSERT INTO applications (number, service_code, applicant_id, organization_id, channel, status,
                          answers, idempotency_key, version, created_at, updated_at)
SELECT 'KZ-' || to_char(now(), 'YYYY') || '-' || lpad(nextval('application_number_seq')::text, 8, '0'),
       '00403002', b.id, (SELECT organization_id FROM providers WHERE service_code = '00403002' AND rn = 0),
       'portal', 'draft',
       jsonb_build_object(
           'child_iin', (SELECT pg_temp.iin(to_char(current_date - interval '3 years', 'YYMM') || '015' || lpad(s::text, 4, '0'))
                         FROM generate_series(1, 99) s
                         WHERE pg_temp.iin(to_char(current_date - interval '3 years', 'YYMM') || '015' || lpad(s::text, 4, '0')) IS NOT NULL
                         LIMIT 1),
           'desired_admission_date', (current_date + 30)::text,
           'language_of_instruction', 'kk',
           'residency', 'resident',
           'priority_basis', 'none'),
       'bench-draft-' || d, 1, now(), now()
FROM bench_citizens b CROSS JOIN generate_series(1, :drafts) d;

INSERT INTO application_documents (application_id, field, document_id, file_name, content_type,
                                   size_bytes, sha256, content)
SELECT a.id, f.field, f.document, f.field || '.pdf', 'application/pdf', 8,
       encode(sha256(convert_to('%PDF-1.4', 'UTF8')), 'hex'), convert_to('%PDF-1.4', 'UTF8')
FROM applications a
CROSS JOIN (VALUES ('vaccination_card', 'vaccination-card'),
                   ('child_health_passport', 'child-health-passport'),
                   ('medical_certificate_027', 'medical-certificate-027')) f (field, document)
WHERE a.idempotency_key LIKE 'bench-draft-%';

RESET session_replication_role;

-- The keys the load did not check, checked once.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM application_steps s
               WHERE NOT EXISTS (SELECT 1 FROM applications a WHERE a.id = s.application_id))
       OR EXISTS (SELECT 1 FROM application_documents d
                  WHERE NOT EXISTS (SELECT 1 FROM applications a WHERE a.id = d.application_id))
       OR EXISTS (SELECT 1 FROM applications a
                  WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.id = a.applicant_id)
                     OR NOT EXISTS (SELECT 1 FROM services v WHERE v.code = a.service_code)
                     OR (a.organization_id IS NOT NULL AND NOT EXISTS
                            (SELECT 1 FROM organizations o WHERE o.id = a.organization_id)))
       OR EXISTS (SELECT 1 FROM notifications n
                  WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.id = n.user_id)
                     OR NOT EXISTS (SELECT 1 FROM applications a WHERE a.id = n.application_id))
    THEN
        RAISE EXCEPTION 'the seed left a row whose key points nowhere';
    END IF;
END $$;

VACUUM ANALYZE;

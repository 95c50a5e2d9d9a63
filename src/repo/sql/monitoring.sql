-- Monitoring figures per service, organization, channel and step (position, role, norm).
-- $1 now, $2 organization id or NULL (all), $3 service code or NULL (all).
-- A closed step lasted from the end of the latest earlier closed step (or the submission, for
-- the first) to its own end; it was on time when it ended by its due instant. "Overdue now" is
-- the application's open current step past its due instant.
WITH steps AS (
    SELECT a.service_code,
           a.organization_id,
           a.channel,
           s.position,
           s.role,
           s.amount,
           s.unit,
           s.action_kk,
           s.action_ru,
           s.due_at,
           s.done_at,
           CASE WHEN s.done_at IS NOT NULL THEN
               GREATEST(0, EXTRACT(EPOCH FROM s.done_at - COALESCE(
                   max(s.done_at) OVER (PARTITION BY s.application_id ORDER BY s.position
                                        ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING),
                   a.submitted_at)))::float8
           END AS seconds,
           (s.done_at IS NULL AND a.step_position = s.position AND a.step_due < $1) AS overdue
    FROM application_steps s
    JOIN applications a ON a.id = s.application_id
    WHERE a.status <> 'draft'
      AND ($2::bigint IS NULL OR a.organization_id = $2::bigint)
      AND ($3::text IS NULL OR a.service_code = $3::text)
),
figures AS (
    SELECT service_code,
           organization_id,
           channel,
           position,
           role,
           amount,
           unit,
           min(action_kk) AS action_kk,
           min(action_ru) AS action_ru,
           count(done_at) AS handled,
           count(*) FILTER (WHERE done_at <= due_at) AS on_time,
           avg(seconds) AS mean_seconds,
           -- NULLs (open steps) are left out of the ordered set.
           percentile_cont(0.9) WITHIN GROUP (ORDER BY seconds) AS p90_seconds,
           count(*) FILTER (WHERE overdue) AS overdue_now
    FROM steps
    GROUP BY service_code, organization_id, channel, position, role, amount, unit
)
SELECT f.service_code,
       sv.name_kk AS service_name_kk,
       sv.name_ru AS service_name_ru,
       o.id AS organization_id,
       o.code AS organization_code,
       o.name_kk AS organization_name_kk,
       o.name_ru AS organization_name_ru,
       f.channel,
       f.position,
       f.role,
       f.action_kk,
       f.action_ru,
       f.amount,
       f.unit,
       f.handled,
       f.on_time,
       round(100.0 * f.on_time / NULLIF(f.handled, 0), 1)::float8 AS on_time_percent,
       f.mean_seconds,
       f.p90_seconds,
       f.overdue_now
FROM figures f
JOIN services sv ON sv.code = f.service_code
JOIN organizations o ON o.id = f.organization_id
ORDER BY f.service_code, o.code, f.channel, f.position, f.amount, f.unit

-- Public statistics per service and provider, with nothing about any person.
-- Steps: those of the provider's own staff (clerk, head, executor) closed, and how many by
-- their due instant. Applications: those completed (issued or refused), and how many of those
-- with a legal deadline were completed by it (completion = the last closed step).
WITH steps AS (
    SELECT a.service_code,
           a.organization_id,
           count(s.done_at) AS steps_handled,
           count(*) FILTER (WHERE s.done_at <= s.due_at) AS steps_on_time
    FROM application_steps s
    JOIN applications a ON a.id = s.application_id
    WHERE a.status <> 'draft'
      AND s.role IN ('clerk', 'head', 'executor')
    GROUP BY a.service_code, a.organization_id
),
decided AS (
    SELECT a.service_code,
           a.organization_id,
           count(*) AS completed,
           count(a.expected_at) AS completed_with_term,
           count(*) FILTER (WHERE c.done_at <= a.expected_at) AS completed_within_term
    FROM applications a
    CROSS JOIN LATERAL (
        SELECT max(done_at) AS done_at FROM application_steps WHERE application_id = a.id
    ) c
    WHERE a.status IN ('issued', 'refused')
    GROUP BY a.service_code, a.organization_id
)
SELECT service_code,
       sv.name_kk AS service_name_kk,
       sv.name_ru AS service_name_ru,
       o.name_kk AS organization_name_kk,
       o.name_ru AS organization_name_ru,
       COALESCE(steps_handled, 0) AS steps_handled,
       round(100.0 * steps_on_time / NULLIF(steps_handled, 0), 1)::float8 AS steps_on_time_percent,
       COALESCE(completed, 0) AS completed,
       round(100.0 * completed_within_term / NULLIF(completed_with_term, 0), 1)::float8
           AS completed_within_term_percent
FROM steps
FULL JOIN decided USING (service_code, organization_id)
JOIN services sv ON sv.code = service_code
JOIN organizations o ON o.id = organization_id
WHERE COALESCE(steps_handled, 0) > 0 OR COALESCE(completed, 0) > 0
ORDER BY service_code, o.code

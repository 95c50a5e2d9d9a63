//! The busy pages' queries use indexes. With tens of thousands of applications (made in SQL,
//! then ANALYZE), EXPLAIN of every query the cabinet, the application page, the staff queue,
//! monitoring, the page header's notification count and the deadline watch run — the query
//! objects the repo functions themselves execute, with real parameters — must not read the
//! big tables from end to end. (How fast they are is measured by `scripts/bench`, not here.)

use diesel::pg::Pg;
use diesel::prelude::*;
use diesel::query_builder::{AstPass, Query, QueryFragment, QueryId};
use diesel::sql_types::Text;
use egov_portal::domain::actor::{
    Actor, ApplicationId, OrganizationId, Staff, StaffId, StaffRole, UserId,
};
use egov_portal::domain::application::Status;
use egov_portal::domain::calendar::WorkingHours;
use egov_portal::repo;
use egov_portal::repo::applications::queue::{self, QueueFilter};

use crate::common::TestApp;

/// `EXPLAIN` in front of any query, with the query's own bound parameters.
struct Explain<Q>(Q);

impl<Q: QueryFragment<Pg>> QueryFragment<Pg> for Explain<Q> {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, Pg>) -> QueryResult<()> {
        out.push_sql("EXPLAIN ");
        self.0.walk_ast(out.reborrow())
    }
}

impl<Q> QueryId for Explain<Q> {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl<Q> Query for Explain<Q> {
    type SqlType = Text;
}

impl<Q> RunQueryDsl<PgConnection> for Explain<Q> {}

/// Tables too big to be read whole on a page view.
const BIG: &[&str] = &["applications", "application_steps", "notifications"];

/// The plan of `query`, checked: no sequential scan of a big table.
fn assert_indexed(conn: &mut PgConnection, name: &str, query: impl QueryFragment<Pg>) {
    assert_scans_none_of(conn, name, query, BIG);
}

/// The plan of `query`, checked: no sequential scan of any of `tables`.
fn assert_scans_none_of(
    conn: &mut PgConnection,
    name: &str,
    query: impl QueryFragment<Pg>,
    tables: &[&str],
) {
    let plan = Explain(query).load::<String>(conn).unwrap().join("\n");
    for line in plan.lines() {
        if let Some(rest) = line.split("Seq Scan on ").nth(1) {
            let table = rest.split_whitespace().next().unwrap_or_default();
            assert!(
                !tables.contains(&table),
                "{name}: reads {table} whole\n{plan}"
            );
        }
    }
}

/// 3 000 citizens, 30 000 applications over every service, channel and provider (a quarter of
/// them open, at a staff step), their steps, and notifications; then ANALYZE.
fn seed(conn: &mut PgConnection) {
    for sql in [
        "INSERT INTO users (iin, last_name, first_name, birth_date, sex, phone, password_hash)
         SELECT lpad(n::text, 12, '0'), 'Тестов', 'Азамат', date '1990-01-01', 'male',
                '+77' || lpad(n::text, 9, '0'), 'no-password'
         FROM generate_series(1, 3000) n",
        "CREATE TEMP TABLE combos AS
         SELECT row_number() OVER (ORDER BY service_code, channel) AS k, service_code, channel
         FROM service_steps GROUP BY service_code, channel",
        "CREATE TEMP TABLE orgs AS
         SELECT row_number() OVER (ORDER BY id) - 1 AS k, id FROM organizations",
        "INSERT INTO applications (number, service_code, applicant_id, organization_id, channel,
                                   status, idempotency_key, consent_at, signed_at,
                                   submitted_at, expected_at, created_at, step_position,
                                   step_role, step_due)
         SELECT 'KZ-2026-' || lpad(n::text, 8, '0'), c.service_code,
                (SELECT min(id) FROM users) + n % 3000, o.id, c.channel,
                CASE WHEN n % 20 = 0 THEN 'draft' WHEN n % 4 = 1 THEN 'in_progress'
                     ELSE 'issued' END,
                'k' || n, at, at, at, at + interval '5 days', at,
                CASE WHEN n % 4 = 1 AND n % 20 <> 0 THEN 2 END,
                CASE WHEN n % 4 = 1 AND n % 20 <> 0
                     THEN (ARRAY['clerk', 'head', 'executor'])[1 + n % 3] END,
                CASE WHEN n % 4 = 1 AND n % 20 <> 0 THEN at + interval '2 days' END
         FROM generate_series(1, 30000) n
         CROSS JOIN LATERAL (SELECT now() - (n % 700) * interval '1 day' AS at) t
         JOIN combos c ON c.k = 1 + n % (SELECT count(*) FROM combos)
         JOIN orgs o ON o.k = n % (SELECT count(*) FROM orgs)",
        "INSERT INTO application_steps (application_id, position, role, action_kk, action_ru,
                                        amount, unit, clause, due_at, done_at)
         SELECT a.id, p, 'executor', 'әрекет', 'действие', 1, 'working_days', '1',
                a.submitted_at + p * interval '1 day',
                CASE WHEN a.status = 'issued' OR p < 2 THEN a.submitted_at END
         FROM applications a CROSS JOIN generate_series(1, 4) p
         WHERE a.status <> 'draft'",
        "INSERT INTO notifications (user_id, application_id, message_id, read_at)
         SELECT applicant_id, id, 'notice-status-changed',
                CASE WHEN id % 5 <> 0 THEN created_at END
         FROM applications WHERE id % 3 = 0",
        "ANALYZE",
    ] {
        diesel::sql_query(sql).execute(conn).unwrap();
    }
}

#[test]
fn the_hot_queries_do_not_scan_the_big_tables() {
    let app = TestApp::new();
    let mut conn = app.db.conn();
    seed(&mut conn);
    let head_id = app.add_staff(Some("SCH-ALMALY-1"), "head", "head.plans");
    let executor_id = app.add_staff(Some("SCH-ALMALY-1"), "executor", "executor.plans");
    let org: i64 = {
        use egov_portal::db::schema::organizations;
        organizations::table
            .filter(organizations::code.eq("SCH-ALMALY-1"))
            .select(organizations::id)
            .first(&mut conn)
            .unwrap()
    };
    let staff = |id, role| Staff {
        id: StaffId(id),
        role,
        organization: Some(OrganizationId(org)),
    };
    let head = staff(head_id, StaffRole::Head);
    let executor = staff(executor_id, StaffRole::Executor);
    // A citizen with applications, and one of them.
    let (citizen, number, id): (i64, String, i64) = {
        use egov_portal::db::schema::applications;
        applications::table
            .filter(applications::status.ne("draft"))
            .order(applications::id)
            .select((
                applications::applicant_id,
                applications::number,
                applications::id,
            ))
            .first(&mut conn)
            .unwrap()
    };
    let citizen = UserId(citizen);
    let c = &mut conn;
    use repo::applications as apps;

    // The page header of every signed-in page: session generation and unread notifications.
    assert_indexed(
        c,
        "citizen session",
        repo::users::session_state_query(citizen.0),
    );
    assert_indexed(
        c,
        "staff session",
        repo::staff::session_state_query(head.id),
    );
    // The staff pages' head (session check, queue and reference revisions).
    assert_indexed(c, "staff head", repo::staff::head_query(head.id));
    // The citizen pages' head (session check, revisions), then the cabinet's count and list.
    assert_indexed(c, "citizen head", apps::citizen::head_query(citizen));
    for status in [None, Some(Status::InProgress)] {
        assert_indexed(
            c,
            "cabinet count",
            apps::citizen::count_query(citizen, status),
        );
        assert_indexed(c, "cabinet list", apps::list_query(citizen, status, 1));
    }
    // The application page, for its owner and for the organization's staff.
    assert_indexed(
        c,
        "application",
        apps::citizen::page_query(Actor::Citizen(citizen), &number),
    );
    assert_indexed(
        c,
        "application (staff)",
        apps::citizen::page_query(Actor::Staff(head), &number),
    );
    assert_indexed(c, "steps", apps::steps_query(ApplicationId(id)));
    // The staff queue, unfiltered and filtered, of a head and of an executor.
    let filtered = QueueFilter {
        service: Some("EDU-SCHOOL-ENROLMENT".into()),
        status: Some(Status::InProgress),
        channel: Some("provider".into()),
    };
    for (member, filter) in [
        (head, QueueFilter::default()),
        (head, filtered.clone()),
        (executor, QueueFilter::default()),
        (executor, filtered),
    ] {
        let q = queue::queries(member, &filter, 1).expect("a queue");
        assert_indexed(c, "queue counts", q.counts);
        assert_indexed(c, "queue total", q.total);
        assert_indexed(c, "queue page", q.rows);
    }
    // Monitoring of one organization reaches its applications by index. (Its figures cover
    // every step the organization ever closed, so the planner may rightly read the steps table
    // through; the sysadmin's figures over every organization read all applications by design.
    // The page keeps its figures a while: `repo::monitoring`, measured by `scripts/bench`.)
    let filter = repo::monitoring::Filter::default();
    let figures = repo::monitoring::figures_query(head, &filter, chrono::Utc::now());
    let figures = figures.expect("a head reads monitoring");
    assert_scans_none_of(c, "monitoring", figures, &["applications"]);
    // The deadline watch's claims.
    let calendar = repo::calendar::load(c, WorkingHours::default()).unwrap();
    let (claims, window) = repo::deadline_watch::claim_queries(&calendar, chrono::Utc::now());
    for claim in claims {
        assert_indexed(c, "deadline watch claim", claim);
    }
    assert_indexed(c, "deadline watch window", window);
}

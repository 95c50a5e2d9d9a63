//! Diesel queries, one module per aggregate. Functions take a connection (and, where a record
//! belongs to someone, the actor asking for it), never an HTTP request.

/// A subquery of constant text as a Diesel expression. Unlike `diesel::dsl::sql`, which Diesel
/// never keeps as a prepared statement (its text could change), a query holding it is prepared
/// once per connection and then only executed — the point of reading the calendar along.
macro_rules! constant_subquery {
    ($name:ident, $sql_type:ty, $sql:literal) => {
        #[derive(Debug, Clone, Copy, diesel::query_builder::QueryId)]
        pub struct $name;

        impl diesel::expression::Expression for $name {
            type SqlType = $sql_type;
        }

        impl diesel::query_builder::QueryFragment<diesel::pg::Pg> for $name {
            fn walk_ast<'b>(
                &'b self,
                mut out: diesel::query_builder::AstPass<'_, 'b, diesel::pg::Pg>,
            ) -> QueryResult<()> {
                out.push_sql($sql);
                Ok(())
            }
        }

        impl<QS> diesel::expression::AppearsOnTable<QS> for $name {}
        impl<QS> diesel::expression::SelectableExpression<QS> for $name {}
        impl<GB> diesel::expression::ValidGrouping<GB> for $name {
            type IsAggregate = diesel::expression::is_aggregate::Never;
        }
    };
}

pub mod applications;
pub mod audit;
pub mod audit_view;
pub mod calendar;
pub mod calendar_edits;
pub mod complaints;
pub mod deadline_watch;
pub mod kept;
pub mod monitoring;
pub mod notifications;
pub mod organizations;
pub mod outbox;
pub mod results;
pub mod services;
pub mod sign_in;
pub mod signing_codes;
pub mod staff;
pub mod staff_notifications;
pub mod users;

use diesel::{Connection, PgConnection};

/// How a repo action that changes something can end other than in success: refused by a rule
/// (the reason, for the page to explain), or failed in the database.
#[derive(Debug, thiserror::Error)]
pub enum Refusal<E> {
    #[error("refused: {0:?}")]
    Rule(E),
    #[error(transparent)]
    Db(#[from] diesel::result::Error),
}

/// Runs `work` in one transaction: everything it wrote is kept when it returns `Ok`, nothing
/// when it returns any error (a refusal included).
pub fn tx<T, E>(
    conn: &mut PgConnection,
    work: impl FnOnce(&mut PgConnection) -> Result<T, Refusal<E>>,
) -> Result<T, Refusal<E>> {
    conn.transaction(work)
}

/// Ends a repo action with a refusal (rolls its transaction back).
pub fn refuse<T, E>(reason: E) -> Result<T, Refusal<E>> {
    Err(Refusal::Rule(reason))
}

/// A query that loads rows of `T`, and that a test can EXPLAIN (`tests/portal/plans.rs`): what
/// the `…_query` functions return.
pub trait Loads<T>:
    diesel::query_dsl::LoadQuery<'static, diesel::PgConnection, T>
    + diesel::query_builder::QueryFragment<diesel::pg::Pg>
    + diesel::query_builder::QueryId
{
}

impl<T, Q> Loads<T> for Q where
    Q: diesel::query_dsl::LoadQuery<'static, diesel::PgConnection, T>
        + diesel::query_builder::QueryFragment<diesel::pg::Pg>
        + diesel::query_builder::QueryId
{
}

//! Writes the service catalog (from the service files) to the `services` tables.

use diesel::prelude::*;

use crate::db::schema::{service_steps, services};
use crate::domain::catalog::Catalog;

#[derive(Insertable, AsChangeset)]
#[diesel(table_name = services)]
struct ServiceRow<'a> {
    code: &'a str,
    slug: &'a str,
    category: &'a str,
    name_kk: &'a str,
    name_ru: &'a str,
    online: bool,
    definition: &'a serde_json::Value,
}

/// Makes the tables match the catalog, in one transaction: every service upserted, its steps
/// replaced. Services no longer in the files are left in place (applications may refer to
/// them). Returns how many services were written.
pub fn sync(conn: &mut PgConnection, catalog: &Catalog) -> QueryResult<usize> {
    conn.transaction(|conn| {
        for s in &catalog.services {
            let definition = serde_json::to_value(s)
                .map_err(|e| diesel::result::Error::SerializationError(Box::new(e)))?;
            let row = ServiceRow {
                code: &s.code,
                slug: &s.slug,
                category: s.category.as_str(),
                name_kk: &s.name.kk,
                name_ru: &s.name.ru,
                online: s.is_online(),
                definition: &definition,
            };
            diesel::insert_into(services::table)
                .values(&row)
                .on_conflict(services::code)
                .do_update()
                .set((&row, services::updated_at.eq(diesel::dsl::now)))
                .execute(conn)?;
            diesel::delete(service_steps::table.filter(service_steps::service_code.eq(&s.code)))
                .execute(conn)?;
            let rows: Vec<_> = s
                .paths
                .iter()
                .flat_map(|path| {
                    path.steps.iter().enumerate().map(move |(i, step)| {
                        (
                            service_steps::service_code.eq(&s.code),
                            service_steps::channel.eq(path.channel.as_str()),
                            service_steps::position.eq(i as i32 + 1),
                            service_steps::role.eq(step.role.as_str()),
                            service_steps::amount.eq(step.duration.amount as i32),
                            service_steps::unit.eq(step.duration.unit.as_str()),
                            service_steps::clause.eq(step.source.to_column()),
                            service_steps::can_refuse.eq(step.can_refuse),
                            service_steps::action_kk.eq(&step.action.kk),
                            service_steps::action_ru.eq(&step.action.ru),
                        )
                    })
                })
                .collect();
            diesel::insert_into(service_steps::table)
                .values(&rows)
                .execute(conn)?;
        }
        Ok(catalog.services.len())
    })
}

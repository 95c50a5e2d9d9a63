//! Provider organizations: written from the directory file, listed for the application form.

use diesel::prelude::*;

use crate::db::schema::organizations;
use crate::domain::organization::Directory;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = organizations, check_for_backend(diesel::pg::Pg))]
pub struct OrganizationRow {
    pub id: i64,
    pub code: String,
    pub kind: String,
    pub name_kk: String,
    pub name_ru: String,
    pub region: String,
    pub region_kk: String,
    pub region_ru: String,
    pub district: String,
    pub district_kk: String,
    pub district_ru: String,
    pub address: String,
}

#[derive(Insertable, AsChangeset)]
#[diesel(table_name = organizations)]
struct OrganizationWrite<'a> {
    code: &'a str,
    kind: &'a str,
    name_kk: &'a str,
    name_ru: &'a str,
    region: &'a str,
    region_kk: &'a str,
    region_ru: &'a str,
    district: &'a str,
    district_kk: &'a str,
    district_ru: &'a str,
    address: &'a str,
}

/// Whether the directory's row differs from the stored one, in an upsert's `WHERE`.
const CHANGED: &str = "(organizations.kind, organizations.name_kk, organizations.name_ru,
    organizations.region, organizations.region_kk, organizations.region_ru,
    organizations.district, organizations.district_kk, organizations.district_ru,
    organizations.address)
    IS DISTINCT FROM (excluded.kind, excluded.name_kk, excluded.name_ru, excluded.region,
    excluded.region_kk, excluded.region_ru, excluded.district, excluded.district_kk,
    excluded.district_ru, excluded.address)";

/// Upserts every organization of the directory by code, in one transaction.
pub fn sync(conn: &mut PgConnection, dir: &Directory) -> QueryResult<usize> {
    // `filter` of an upsert's `DO UPDATE … WHERE` (not in the prelude).
    use diesel::query_dsl::methods::FilterDsl;
    conn.transaction(|conn| {
        for o in &dir.organizations {
            // Directory::parse guarantees both names exist.
            let (Some(region), Some(district)) = (
                dir.region_name(&o.region),
                dir.district_name(&o.region, &o.district),
            ) else {
                continue;
            };
            let row = OrganizationWrite {
                code: &o.code,
                kind: o.kind.as_str(),
                name_kk: &o.name.kk,
                name_ru: &o.name.ru,
                region: &o.region,
                region_kk: &region.kk,
                region_ru: &region.ru,
                district: &o.district,
                district_kk: &district.kk,
                district_ru: &district.ru,
                address: &o.address,
            };
            // Unchanged rows are left alone: a write would raise the reference revision
            // (migration `…000014`) and so make every node read its reference data again.
            diesel::insert_into(organizations::table)
                .values(&row)
                .on_conflict(organizations::code)
                .do_update()
                .set(&row)
                .filter(diesel::dsl::sql::<diesel::sql_types::Bool>(CHANGED))
                .execute(conn)?;
        }
        Ok(dir.organizations.len())
    })
}

/// Organizations of the given kinds, optionally in one region / district, by name.
pub fn of_kinds(
    conn: &mut PgConnection,
    kinds: &[&str],
    region: Option<&str>,
    district: Option<&str>,
) -> QueryResult<Vec<OrganizationRow>> {
    let mut query = organizations::table
        .filter(organizations::kind.eq_any(kinds))
        .select(OrganizationRow::as_select())
        .order((
            organizations::region,
            organizations::district,
            organizations::name_ru,
        ))
        .into_boxed();
    if let Some(r) = region {
        query = query.filter(organizations::region.eq(r));
    }
    if let Some(d) = district {
        query = query.filter(organizations::district.eq(d));
    }
    query.load(conn)
}

pub fn find(conn: &mut PgConnection, id: i64) -> QueryResult<Option<OrganizationRow>> {
    organizations::table
        .find(id)
        .select(OrganizationRow::as_select())
        .first(conn)
        .optional()
}

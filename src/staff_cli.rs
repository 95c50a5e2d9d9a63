//! `egov-portal staff add | list | disable`: staff accounts for real deployments. A bad
//! organization, role, login or password is refused with one line, and nothing is written.

use diesel::PgConnection;

use crate::db::schema::organizations;
use crate::domain::actor::StaffRole;
use crate::domain::{password, registration};
use crate::i18n::{self, Lang};
use crate::repo::staff::{self, AddStaffError, NewStaff};

pub struct AddStaff<'a> {
    pub organization: Option<&'a str>,
    pub role: &'a str,
    pub login: &'a str,
    pub password: &'a str,
    pub name: &'a str,
}

/// Checks everything before writing; the error is the one line to print.
pub fn add(conn: &mut PgConnection, input: &AddStaff<'_>) -> anyhow::Result<String> {
    use diesel::prelude::*;
    let role = StaffRole::parse(input.role).ok_or_else(|| {
        let all: Vec<&str> = StaffRole::ALL.iter().map(|r| r.as_str()).collect();
        anyhow::anyhow!("role {:?} is not one of {}", input.role, all.join(", "))
    })?;
    let login = input.login.trim();
    let login_ok = (3..=64).contains(&login.len())
        && login
            .bytes()
            .next()
            .is_some_and(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        && login.bytes().all(|b| {
            b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'.' | b'_' | b'-')
        });
    if !login_ok {
        anyhow::bail!(
            "login {login:?}: 3–64 characters, lower-case latin letters, digits, '.', '_', '-'"
        );
    }
    let name = input.name.trim();
    if name.is_empty() || name.chars().count() > 200 || name.chars().any(char::is_control) {
        anyhow::bail!("name: 1–200 characters, no control characters");
    }
    if let Err(m) = registration::check_new_password(input.password, None) {
        anyhow::bail!(
            "password refused: {}",
            i18n::t(
                Lang::Ru,
                m.id(),
                &[("min", &registration::PASSWORD_MIN_CHARS.to_string())]
            )
        );
    }
    let organization_id = match (role.in_organization(), input.organization) {
        (true, Some(code)) => Some(
            organizations::table
                .filter(organizations::code.eq(code))
                .select(organizations::id)
                .first::<i64>(conn)
                .optional()?
                .ok_or_else(|| anyhow::anyhow!("no organization with code {code:?}"))?,
        ),
        (true, None) => anyhow::bail!("role {} needs --organization CODE", role.as_str()),
        (false, Some(_)) => anyhow::bail!("role {} belongs to no organization", role.as_str()),
        (false, None) => None,
    };
    let hash = password::hash(input.password);
    let new = NewStaff {
        login,
        full_name: name,
        role,
        organization_id,
        password_hash: &hash,
    };
    match staff::add(conn, &new) {
        Ok(row) => Ok(format!(
            "added {} ({}, {})",
            row.login,
            row.role.as_str(),
            input.organization.unwrap_or("—")
        )),
        Err(AddStaffError::LoginTaken) => anyhow::bail!("login {login:?} is taken"),
        Err(AddStaffError::Db(e)) => Err(e.into()),
    }
}

pub fn list(conn: &mut PgConnection, organization: Option<&str>) -> anyhow::Result<Vec<String>> {
    Ok(staff::list(conn, organization)?
        .into_iter()
        .map(|(s, code)| {
            format!(
                "{:<24} {:<10} {:<24} {}{}{}",
                s.login,
                s.role.as_str(),
                code.unwrap_or_else(|| "—".into()),
                s.full_name,
                if s.disabled { "  [disabled]" } else { "" },
                if s.absent { "  [absent]" } else { "" },
            )
        })
        .collect())
}

pub fn disable(conn: &mut PgConnection, login: &str) -> anyhow::Result<String> {
    if staff::disable(conn, login)? {
        Ok(format!("disabled {login}"))
    } else {
        anyhow::bail!("no staff account with login {login:?}")
    }
}

//! The route table of the router, shared by the walks over every route (`bad_input`, the
//! security tests): method, path, who may open it and how a POST is sent.
//! `every_route_of_the_router_is_in_the_table` keeps it complete.

use Body::*;
use Who::*;

/// The route table: method, path (its parameters in braces), who opens it, and how a POST is
/// sent. `every_route_of_the_router_is_in_the_table` keeps it complete.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Who {
    Anyone,
    Citizen,
    Clerk,
    Head,
    Operator,
    Sysadmin,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Body {
    Empty,
    Form,
    Multipart,
}

/// Every route: method, path, who opens it, and how a POST is sent.
pub const ROUTES: &[(&str, &str, Who, Body)] = &[
    ("GET", "/", Anyone, Empty),
    ("GET", "/healthz", Anyone, Empty),
    ("GET", "/lang/{lang}", Anyone, Empty),
    ("GET", "/static/{name}", Anyone, Empty),
    ("GET", "/register", Anyone, Empty),
    ("POST", "/register", Anyone, Form),
    ("GET", "/login", Anyone, Empty),
    ("POST", "/login", Anyone, Form),
    ("POST", "/logout", Citizen, Form),
    ("GET", "/verify", Anyone, Empty),
    ("POST", "/verify", Anyone, Multipart),
    ("GET", "/services", Anyone, Empty),
    ("GET", "/statistics", Anyone, Empty),
    ("GET", "/services/{code}", Anyone, Empty),
    ("GET", "/services/{code}/apply", Citizen, Empty),
    ("POST", "/services/{code}/apply", Citizen, Multipart),
    ("GET", "/cabinet", Citizen, Empty),
    ("GET", "/cabinet/profile", Citizen, Empty),
    ("POST", "/cabinet/profile", Citizen, Form),
    ("POST", "/cabinet/profile/password", Citizen, Form),
    ("GET", "/cabinet/notifications", Citizen, Empty),
    ("POST", "/cabinet/notifications/read", Citizen, Form),
    ("GET", "/cabinet/applications/{number}", Citizen, Empty),
    (
        "GET",
        "/cabinet/applications/{number}/result.pdf",
        Citizen,
        Empty,
    ),
    (
        "GET",
        "/cabinet/applications/{number}/review",
        Citizen,
        Empty,
    ),
    ("POST", "/cabinet/applications/{number}/code", Citizen, Form),
    (
        "POST",
        "/cabinet/applications/{number}/submit",
        Citizen,
        Form,
    ),
    (
        "GET",
        "/cabinet/applications/{number}/receipt",
        Citizen,
        Empty,
    ),
    (
        "GET",
        "/cabinet/applications/{number}/documents/{id}",
        Citizen,
        Empty,
    ),
    (
        "POST",
        "/cabinet/applications/{number}/withdraw",
        Citizen,
        Form,
    ),
    (
        "POST",
        "/cabinet/applications/{number}/complaints",
        Citizen,
        Multipart,
    ),
    ("GET", "/admin/login", Anyone, Empty),
    ("POST", "/admin/login", Anyone, Form),
    ("POST", "/admin/logout", Head, Form),
    ("GET", "/admin", Head, Empty),
    ("GET", "/admin/applications/new", Clerk, Empty),
    ("POST", "/admin/applications/new", Clerk, Multipart),
    ("GET", "/admin/applications/{number}", Head, Empty),
    ("POST", "/admin/applications/{number}/actions", Head, Form),
    (
        "GET",
        "/admin/applications/{number}/documents/{id}",
        Head,
        Empty,
    ),
    ("GET", "/admin/applications/{number}/receipt", Head, Empty),
    (
        "GET",
        "/admin/applications/{number}/result.pdf",
        Head,
        Empty,
    ),
    ("GET", "/admin/staff", Head, Empty),
    ("POST", "/admin/staff", Head, Form),
    ("GET", "/admin/monitoring", Head, Empty),
    ("GET", "/admin/monitoring.csv", Head, Empty),
    ("GET", "/admin/calendar", Sysadmin, Empty),
    ("POST", "/admin/calendar", Sysadmin, Form),
    ("GET", "/admin/audit", Sysadmin, Empty),
    ("GET", "/admin/complaints", Head, Empty),
    ("GET", "/admin/complaints/{id}", Head, Empty),
    ("GET", "/admin/complaints/{id}/file", Head, Empty),
    ("POST", "/admin/complaints/{id}/answer", Head, Form),
    ("GET", "/admin/notifications", Head, Empty),
    ("POST", "/admin/notifications/read", Head, Form),
    ("GET", "/operator", Operator, Empty),
    ("GET", "/operator/applications/new", Operator, Empty),
    ("POST", "/operator/applications/new", Operator, Multipart),
];

#[test]
fn every_route_of_the_router_is_in_the_table() {
    // The route literals of the router's source: each must end some route of the table.
    let sources = [
        include_str!("../../src/web/mod.rs"),
        include_str!("../../src/web/admin/mod.rs"),
    ];
    let literal = regex::Regex::new(r#"(?:route|resource|scope)\(\s*"(/[^"]*)""#).unwrap();
    for source in sources {
        for found in literal.captures_iter(source) {
            let path = &found[1];
            assert!(
                ROUTES.iter().any(|(_, p, ..)| p.ends_with(path)),
                "{path} is routed but not walked"
            );
        }
    }
}

/// `path` with each `{name}` replaced by `value(name)`.
pub fn fill(path: &str, value: impl Fn(&str) -> String) -> String {
    let mut out = String::new();
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let end = rest[start..].find('}').map_or(rest.len(), |e| start + e);
        out.push_str(&value(&rest[start + 1..end]));
        rest = &rest[(end + 1).min(rest.len())..];
    }
    out.push_str(rest);
    out
}

/// A page with a form (so a CSRF token) that `who` may open.
pub fn form_page(who: Who) -> &'static str {
    match who {
        Anyone => "/login",
        Citizen => "/cabinet/profile",
        Clerk => "/admin/applications/new",
        Head => "/admin/staff",
        Operator => "/operator/applications/new",
        Sysadmin => "/admin/calendar",
    }
}

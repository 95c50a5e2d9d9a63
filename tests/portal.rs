//! Integration tests: the whole application against a real PostgreSQL, one database per test.

#[path = "portal/common.rs"]
mod common;

#[path = "portal/admin_pages.rs"]
mod admin_pages;
#[path = "portal/applications.rs"]
#[macro_use]
mod applications;
#[path = "portal/auth.rs"]
mod auth;
#[path = "portal/bad_input.rs"]
mod bad_input;
#[path = "portal/calendar.rs"]
mod calendar;
#[path = "portal/catalog.rs"]
mod catalog;
#[path = "portal/complaints.rs"]
mod complaints;
#[path = "portal/forms.rs"]
mod forms;
#[path = "portal/front_office.rs"]
mod front_office;
#[path = "portal/i18n.rs"]
mod i18n;
#[path = "portal/intake.rs"]
mod intake;
#[path = "portal/kept_pages.rs"]
mod kept_pages;
#[path = "portal/outbox.rs"]
mod outbox;
#[path = "portal/pages.rs"]
mod pages;
#[path = "portal/plans.rs"]
mod plans;
#[path = "portal/routes.rs"]
mod routes;
#[path = "portal/security.rs"]
mod security;
#[path = "portal/security_input.rs"]
mod security_input;
#[path = "portal/security_routes.rs"]
mod security_routes;
#[path = "portal/security_uploads.rs"]
mod security_uploads;
#[path = "portal/security_world.rs"]
mod security_world;
#[path = "portal/staff.rs"]
mod staff;
#[path = "portal/watch.rs"]
mod watch;

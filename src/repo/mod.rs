//! Diesel queries, one module per aggregate. Functions take a connection (and, where a record
//! belongs to someone, the actor asking for it), never an HTTP request.

pub mod applications;
pub mod calendar;
pub mod notifications;
pub mod organizations;
pub mod outbox;
pub mod services;
pub mod sign_in;
pub mod users;

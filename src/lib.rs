//! eGov education services portal: a server-rendered portal for the education state services
//! of Kazakhstan. See `README.md` and `../shared/DESIGN.md` for the design.

pub mod app;
pub mod catalog;
pub mod config;
pub mod db;
pub mod domain;
pub mod i18n;
pub mod jobs;
pub mod organizations;
pub mod render;
pub mod repo;
pub mod seed;
pub mod sms;
pub mod staff_cli;
pub mod state;
pub mod web;

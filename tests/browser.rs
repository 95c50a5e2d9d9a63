//! Browser tests: the portal's own binary, driven in Debian's headless Chromium (through
//! chromedriver), with axe-core and the Nu Html Checker on every page type, in both languages.
//! `scripts/setup` installs what they need; `scripts/test` runs them with the rest.

#[path = "browser/harness.rs"]
mod harness;
#[path = "browser/journeys.rs"]
mod journeys;
#[path = "browser/pages.rs"]
mod pages;

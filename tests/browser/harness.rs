//! The browser tests' harness: the portal's own binary on a fresh, demo-seeded database and a
//! free port; Debian's headless Chromium driven through chromedriver (fantoccini); axe-core
//! run in the page on every page checked, and the Nu Html Checker (vnu.jar, with the machine's
//! Java) over the HTML the server sent. `scripts/setup` installs Chromium, chromedriver, Java
//! and the npm packages.

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use diesel::{Connection, PgConnection, RunQueryDsl};
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};

const SETUP: &str =
    "run scripts/setup: it installs chromium, chromium-driver, Java and the npm checkers";

fn project_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}

fn wait_for_port(port: u16, what: &str) {
    let start = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "{what} did not listen on {port}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn admin_url() -> String {
    std::env::var("TEST_DATABASE_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

/// The portal as `scripts/run` starts it (`seed --demo`, then `serve`), on its own database and
/// port; stopped and its database dropped when the test ends.
pub struct Portal {
    pub base: String,
    pub database_url: String,
    name: String,
    server: Child,
}

impl Portal {
    pub fn start() -> Portal {
        let name = format!(
            "egov_browser_{}_{:08x}",
            std::process::id(),
            rand::random::<u32>()
        );
        let server_url = admin_url().rsplit_once('/').expect("a path").0.to_string();
        let database_url = format!("{server_url}/{name}");
        let binary = env!("CARGO_BIN_EXE_egov-portal");
        let seeded = Command::new(binary)
            .args(["seed", "--demo"])
            .env("DATABASE_URL", &database_url)
            .env("RUST_LOG", "warn")
            .output()
            .expect("the portal binary runs");
        assert!(
            seeded.status.success(),
            "seed --demo: {}",
            String::from_utf8_lossy(&seeded.stderr)
        );
        let port = free_port();
        let base = format!("http://127.0.0.1:{port}");
        let server = Command::new(binary)
            .arg("serve")
            .env("DATABASE_URL", &database_url)
            .env("BIND", format!("127.0.0.1:{port}"))
            .env("PUBLIC_URL", &base)
            .env("WATCH_INTERVAL_SECS", "3600")
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .spawn()
            .expect("the portal starts");
        wait_for_port(port, "the portal");
        Portal {
            base,
            database_url,
            name,
            server,
        }
    }

    /// One SQL statement's single text answer (the tests read what the pages cannot show).
    pub fn text(&self, sql: &str) -> String {
        #[derive(diesel::QueryableByName)]
        struct Row {
            #[diesel(sql_type = diesel::sql_types::Text)]
            value: String,
        }
        let mut conn = PgConnection::establish(&self.database_url).expect("database");
        diesel::sql_query(sql)
            .get_result::<Row>(&mut conn)
            .unwrap_or_else(|e| panic!("{sql}: {e}"))
            .value
    }
}

impl Drop for Portal {
    fn drop(&mut self) {
        let _ = self.server.kill();
        let _ = self.server.wait();
        if let Ok(mut admin) = PgConnection::establish(&admin_url()) {
            let drop = format!("DROP DATABASE IF EXISTS \"{}\" WITH (FORCE)", self.name);
            let _ = diesel::sql_query(drop).execute(&mut admin);
        }
    }
}

/// A page the test looked at: what to call it, and the HTML the server sent for it.
pub struct Checked {
    pub label: String,
    pub html: String,
}

/// One headless Chromium with its own cookies, and what its pages were found to be.
pub struct Browser {
    pub client: Client,
    driver: Child,
    base: String,
    pub checked: Vec<Checked>,
    pub violations: Vec<String>,
}

impl Browser {
    pub async fn open(portal: &Portal) -> Browser {
        let port = free_port();
        let driver = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("chromedriver ({SETUP}): {e}"));
        wait_for_port(port, "chromedriver");
        let capabilities = json!({
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": chromium(),
                // --lang fixes the browser's own formats (date inputs type month/day/year).
                "args": ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                         "--disable-gpu", "--window-size=1280,900", "--lang=en-US"],
            }
        });
        let Value::Object(capabilities) = capabilities else {
            unreachable!()
        };
        let client = ClientBuilder::native()
            .capabilities(capabilities)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
            .unwrap_or_else(|e| panic!("a Chromium session ({SETUP}): {e}"));
        Browser {
            client,
            driver,
            base: portal.base.clone(),
            checked: vec![],
            violations: vec![],
        }
    }

    pub async fn close(mut self) {
        let _ = self.client.clone().close().await;
        let _ = self.driver.kill();
        let _ = self.driver.wait();
        self.checked.clear();
    }

    pub async fn go(&self, path: &str) {
        self.client
            .goto(&format!("{}{path}", self.base))
            .await
            .unwrap_or_else(|e| panic!("{path}: {e}"));
    }

    /// The path (and query) the browser is on.
    pub async fn path(&self) -> String {
        let url = self.client.current_url().await.expect("a current URL");
        match url.query() {
            Some(q) => format!("{}?{q}", url.path()),
            None => url.path().to_string(),
        }
    }

    pub async fn find(&self, css: &str) -> fantoccini::elements::Element {
        match self.client.find(Locator::Css(css)).await {
            Ok(element) => element,
            Err(e) => panic!("{css} on {}: {e}", self.path().await),
        }
    }

    pub async fn has(&self, css: &str) -> bool {
        !self
            .client
            .find_all(Locator::Css(css))
            .await
            .expect("find_all")
            .is_empty()
    }

    pub async fn type_into(&self, css: &str, text: &str) {
        let field = self.find(css).await;
        field.clear().await.expect("clear");
        field.send_keys(text).await.expect("typing");
    }

    pub async fn click(&self, css: &str) {
        self.find(css).await.click().await.expect("click");
    }

    /// Clicks what sends a form or follows a link, and waits for the next page to load.
    pub async fn submit(&self, css: &str) {
        let element = self.find(css).await;
        self.mark_page().await;
        element.click().await.expect("click");
        self.wait_for_next_page().await;
    }

    /// Marks the page the browser is on, so that `wait_for_next_page` can tell when it is gone.
    pub async fn mark_page(&self) {
        self.client
            .execute("window.egovOldPage = true;", vec![])
            .await
            .expect("page marked");
    }

    /// Waits until the marked page has been replaced and the next one has loaded.
    pub async fn wait_for_next_page(&self) {
        let start = Instant::now();
        loop {
            let loaded = self
                .client
                .execute(
                    "return !window.egovOldPage && document.readyState === 'complete';",
                    vec![],
                )
                .await;
            if matches!(loaded, Ok(Value::Bool(true))) {
                return;
            }
            assert!(
                start.elapsed() < Duration::from_secs(30),
                "no new page after {}",
                self.path().await
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    pub async fn select(&self, css: &str, value: &str) {
        self.find(css)
            .await
            .select_by_value(value)
            .await
            .unwrap_or_else(|e| panic!("{css} = {value}: {e}"));
    }

    /// The text a reader sees on the page.
    pub async fn text(&self) -> String {
        self.find("body").await.text().await.expect("body text")
    }

    pub async fn shows(&self, text: &str) -> bool {
        self.text().await.contains(text)
    }

    /// Sets the portal's language as its switch does, and reloads.
    pub async fn use_language(&self, lang: &str) {
        let here = self.path().await;
        self.go(&format!("/lang/{lang}?next={}", encode(&here)))
            .await;
    }

    /// Checks the page the browser is on: axe-core's WCAG 2.1 A/AA rules in the page, and the
    /// HTML the server sends for it kept for the Nu Html Checker. `sent` is that HTML when the
    /// page came from a POST (a GET of the same address would be another page); otherwise the
    /// page is fetched again as it was sent.
    pub async fn check(&mut self, label: &str) {
        self.check_with(label, None).await;
    }

    pub async fn check_posted(&mut self, label: &str) {
        let html = self
            .client
            .execute(
                "return '<!DOCTYPE html>\\n' + document.documentElement.outerHTML;",
                vec![],
            )
            .await
            .expect("the page's HTML");
        self.check_with(label, Some(html.as_str().unwrap_or_default().to_string()))
            .await;
    }

    async fn check_with(&mut self, label: &str, sent: Option<String>) {
        static AXE: std::sync::OnceLock<String> = std::sync::OnceLock::new();
        let axe = AXE.get_or_init(|| {
            std::fs::read_to_string(node_module("axe-core/axe.min.js"))
                .unwrap_or_else(|e| panic!("axe-core ({SETUP}): {e}"))
        });
        self.client
            .execute(axe, vec![])
            .await
            .expect("axe-core loads");
        let found = self
            .client
            .execute_async(
                r#"const done = arguments[arguments.length - 1];
                axe.run(document, { runOnly: { type: 'tag',
                    values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
                  .then(r => done(r.violations.map(v => v.id + ' (' + v.impact + '): '
                      + v.nodes.map(n => n.target.join(' ')).join(', '))))
                  .catch(e => done(['axe failed: ' + e]));"#,
                vec![],
            )
            .await
            .expect("axe-core runs");
        let path = self.path().await;
        let found = found
            .as_array()
            .unwrap_or_else(|| panic!("axe-core answered {found}"));
        for violation in found {
            self.violations.push(format!(
                "{label} ({path}): {}",
                violation.as_str().unwrap_or("?")
            ));
        }
        let html = match sent {
            Some(html) => html,
            None => self
                .client
                .execute_async(
                    r#"const done = arguments[arguments.length - 1];
                    fetch(location.href, { credentials: 'same-origin' })
                      .then(r => r.text()).then(done).catch(e => done('fetch failed: ' + e));"#,
                    vec![],
                )
                .await
                .expect("the page fetched again")
                .as_str()
                .unwrap_or_default()
                .to_string(),
        };
        self.checked.push(Checked {
            label: format!("{label} ({path})"),
            html,
        });
    }

    /// Asserts that no checked page had an axe violation or an HTML error.
    pub fn assert_accessible_and_valid(&self) {
        let mut problems = self.violations.clone();
        problems.extend(html_errors(&self.checked));
        assert!(
            problems.is_empty(),
            "{} problem(s):\n{}",
            problems.len(),
            problems.join("\n")
        );
    }
}

fn chromium() -> &'static str {
    ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .into_iter()
        .find(|p| Path::new(p).exists())
        .unwrap_or_else(|| panic!("no Chromium ({SETUP})"))
}

fn node_module(path: &str) -> PathBuf {
    project_dir().join("node_modules").join(path)
}

/// Percent-encodes a path for a query value.
pub fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'/' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The Nu Html Checker's errors over every checked page (one Java start for them all).
pub fn html_errors(pages: &[Checked]) -> Vec<String> {
    if pages.is_empty() {
        return vec![];
    }
    let dir = std::env::temp_dir().join(format!(
        "egov-vnu-{}-{:08x}",
        std::process::id(),
        rand::random::<u32>()
    ));
    std::fs::create_dir_all(&dir).expect("a temporary directory");
    let files: Vec<PathBuf> = pages
        .iter()
        .enumerate()
        .map(|(i, page)| {
            let file = dir.join(format!("{i:03}.html"));
            std::fs::write(&file, &page.html).expect("page written");
            file
        })
        .collect();
    let out = Command::new("java")
        .args(["-jar"])
        .arg(node_module("vnu-jar/build/dist/vnu.jar"))
        .args(["--errors-only", "--format", "gnu"])
        .args(&files)
        .output()
        .unwrap_or_else(|e| panic!("java ({SETUP}): {e}"));
    let _ = std::fs::remove_dir_all(&dir);
    // gnu format: "file":line.col-line.col: error: message
    String::from_utf8_lossy(&out.stderr)
        .lines()
        .chain(String::from_utf8_lossy(&out.stdout).lines())
        .filter(|line| !line.trim().is_empty())
        .map(|line| {
            let page = files
                .iter()
                .position(|f| line.contains(f.to_str().unwrap_or("?")))
                .map_or("?", |i| pages[i].label.as_str());
            format!(
                "{page}: {}",
                line.rsplit_once("\":").map_or(line, |(_, rest)| rest)
            )
        })
        .collect()
}

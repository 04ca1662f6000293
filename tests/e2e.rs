//! End-to-end tests of the desktop app: the real binary in a real WebKit webview, driven over
//! WebDriver (tauri-driver → WebKitWebDriver), each on a fresh database.
//!
//! Needs a display and the drivers: run under `xvfb-run -a -s "-screen 0 1280x800x24" cargo
//! test --test e2e` after `scripts/setup.sh`. A missing display or driver fails the test: it
//! is never skipped, since CI relies on it.

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;

type Result<T = ()> = std::result::Result<T, Box<dyn std::error::Error>>;

const TIMEOUT: Duration = Duration::from_secs(30);

/// A free TCP port on the loopback interface.
fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("no free port");
    listener.local_addr().unwrap().port()
}

fn on_path(program: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join(program).is_file()))
}

/// tauri-driver, stopped with SIGTERM when dropped (SIGKILL would leave WebKitWebDriver and
/// the app running).
struct Driver {
    child: Child,
    port: u16,
}

impl Driver {
    fn start(data: &Path) -> Driver {
        assert!(
            std::env::var_os("DISPLAY").is_some(),
            "no X display (DISPLAY is unset): run the end-to-end tests under \
             xvfb-run -a -s \"-screen 0 1280x800x24\" cargo test --test e2e"
        );
        assert!(
            on_path("WebKitWebDriver"),
            "WebKitWebDriver is not on PATH: install Debian's webkit2gtk-driver (scripts/setup.sh)"
        );
        let port = free_port();
        let native_port = free_port();
        let child = Command::new("tauri-driver")
            .args(["--port", &port.to_string(), "--native-port", &native_port.to_string()])
            .env("XDG_DATA_HOME", data.join("xdg-data"))
            .env("CANDOR_DB", data.join("candor.db"))
            .stdout(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| {
                panic!(
                    "cannot start tauri-driver ({e}): install it with \
                     `cargo install tauri-driver --version '^2' --locked` (scripts/setup.sh)"
                )
            });
        let driver = Driver { child, port };
        let started = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(started.elapsed() < TIMEOUT, "tauri-driver did not listen on port {port}");
            std::thread::sleep(Duration::from_millis(50));
        }
        driver
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = Command::new("kill").args(["-TERM", &self.child.id().to_string()]).status();
        let stopping = Instant::now();
        while stopping.elapsed() < Duration::from_secs(5) {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The app running on a fresh database, with a WebDriver session on its window. Fields drop
/// in order: the session's driver before the data folder is deleted.
struct App {
    client: Client,
    _driver: Driver,
    _data: tempfile::TempDir,
}

impl App {
    async fn launch() -> Result<App> {
        let data = tempfile::Builder::new().prefix("e2e-").tempdir_in(env!("CARGO_TARGET_TMPDIR"))?;
        let driver = Driver::start(data.path());
        let capabilities = json!({
            "browserName": "wry",
            "tauri:options": { "application": env!("CARGO_BIN_EXE_candor-app") },
        });
        let serde_json::Value::Object(capabilities) = capabilities else { unreachable!() };
        let client = ClientBuilder::native()
            .capabilities(capabilities)
            .connect(&format!("http://127.0.0.1:{}", driver.port))
            .await?;
        Ok(App { client, _driver: driver, _data: data })
    }

    /// The case names in the list, once it is filled.
    async fn listed_cases(&self) -> Result<Vec<String>> {
        self.client.wait().at_most(TIMEOUT).for_element(Locator::Css("#cases li .case-name")).await?;
        let mut names = Vec::new();
        for item in self.client.find_all(Locator::Css("#cases li .case-name")).await? {
            names.push(item.text().await?);
        }
        Ok(names)
    }

    async fn text_of(&self, css: &str) -> Result<String> {
        Ok(self.client.find(Locator::Css(css)).await?.text().await?)
    }

    async fn close(self) -> Result {
        self.client.close().await?;
        Ok(())
    }
}

/// The engine's own figure for a shipped template: what the app must show.
fn expected_npv_text(name: &str) -> String {
    let template = candor_engine::shipped::templates()
        .into_iter()
        .map(|t| t.case)
        .find(|c| c.name == name)
        .unwrap_or_else(|| panic!("{name:?} is listed but is not a shipped template"));
    let catalog = candor_engine::shipped::catalog();
    let eval = candor_engine::evaluate(&template, &catalog, None).expect("the template evaluates");
    candor_engine::format::money(eval.metrics.npv, &template.currency)
}

fn artefact(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("e2e");
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

#[tokio::test]
async fn a_fresh_install_lists_the_three_shipped_templates_with_their_npv() -> Result {
    let app = App::launch().await?;
    let mut listed = app.listed_cases().await?;
    let mut shipped: Vec<String> =
        candor_engine::shipped::templates().into_iter().map(|t| t.case.name).collect();
    assert_eq!(shipped.len(), 3, "three templates ship with Candor");
    listed.sort();
    shipped.sort();
    assert_eq!(listed, shipped);

    for item in app.client.find_all(Locator::Css("#cases li")).await? {
        let name = item.find(Locator::Css(".case-name")).await?.text().await?;
        let npv = item.find(Locator::Css(".case-npv")).await?.text().await?;
        assert_eq!(npv, format!("NPV {}", expected_npv_text(&name)), "list row of {name:?}");
    }
    assert!(!app.client.find(Locator::Id("error")).await?.is_displayed().await?, "no error shown");
    app.close().await
}

#[tokio::test]
async fn clicking_a_case_shows_the_engine_npv_and_the_cash_flow_chart() -> Result {
    let app = App::launch().await?;
    let names = app.listed_cases().await?;
    let first = names.first().expect("at least one case is listed").clone();

    app.client.find(Locator::Css("#cases li .case-button")).await?.click().await?;
    app.client.wait().at_most(TIMEOUT).for_element(Locator::Css("#chart svg")).await?;

    assert_eq!(app.text_of("#case-name").await?, first);
    assert_eq!(app.text_of("#npv").await?, expected_npv_text(&first));
    let chart_text = app.text_of("#chart svg").await?;
    assert!(chart_text.contains(&first), "the chart is titled with the case name");
    assert!(
        chart_text.contains("Pays back in month") || chart_text.contains("Does not pay back"),
        "the chart states its key message: {chart_text:?}"
    );
    assert!(!app.client.find(Locator::Id("error")).await?.is_displayed().await?, "no error shown");

    let png = app.client.screenshot().await?;
    assert!(png.starts_with(b"\x89PNG"), "the screenshot is a PNG");
    std::fs::write(artefact("case-chart.png"), png)?;
    app.close().await
}

#[tokio::test]
async fn every_listed_case_opens_with_its_own_npv_and_chart() -> Result {
    let app = App::launch().await?;
    let names = app.listed_cases().await?;
    for (i, name) in names.iter().enumerate() {
        let buttons = app.client.find_all(Locator::Css("#cases li .case-button")).await?;
        buttons[i].click().await?;
        let started = Instant::now();
        while app.client.find(Locator::Css("#chart svg")).await.is_err()
            || app.text_of("#case-name").await? != *name
        {
            assert!(started.elapsed() < TIMEOUT, "{name:?} did not open");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        assert_eq!(app.text_of("#npv").await?, expected_npv_text(name), "NPV of {name:?}");
        assert!(!app.client.find(Locator::Id("error")).await?.is_displayed().await?, "no error");
        std::fs::write(artefact(&format!("case-{}.png", i + 1)), app.client.screenshot().await?)?;
    }
    app.close().await
}

#[tokio::test]
async fn the_content_security_policy_blocks_inline_scripts_and_remote_requests() -> Result {
    let app = App::launch().await?;
    app.listed_cases().await?;
    // WebDriver's own scripts are exempt from the CSP; what they add to the page is not.
    let script = r#"
        const done = arguments[arguments.length - 1];
        const violations = [];
        document.addEventListener("securitypolicyviolation", (e) => violations.push(e.effectiveDirective));
        const inline = document.createElement("script");
        inline.textContent = "window.__candorInline = true;";
        document.head.append(inline);
        fetch("https://example.com/").catch(() => {}).finally(() =>
            setTimeout(() => done({ inlineRan: window.__candorInline === true, violations }), 200));
    "#;
    let outcome = app.client.execute_async(script, vec![]).await?;
    assert_eq!(outcome["inlineRan"], json!(false), "an inline script ran: {outcome}");
    let violated = |directive: &str| {
        outcome["violations"]
            .as_array()
            .is_some_and(|v| v.iter().any(|d| d.as_str().is_some_and(|d| d.starts_with(directive))))
    };
    assert!(violated("script-src"), "no script-src violation: {outcome}");
    assert!(violated("connect-src"), "no connect-src violation: {outcome}");
    app.close().await
}

//! The harness: tauri-driver, the app on a data folder of its own, and helpers to wait for
//! what the window shows.

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub use fantoccini::elements::Element;
use fantoccini::error::NewSessionError;
pub use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;

pub type Result<T = ()> = std::result::Result<T, Box<dyn std::error::Error>>;

pub const TIMEOUT: Duration = Duration::from_secs(30);

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
    /// `shipped_renderer`: draw as the app does when a user starts it (without WebKit's
    /// DMA-BUF renderer, see `src-tauri/src/main.rs`). The functional tests keep WebKit's
    /// default renderer instead: without it, WebKit's snapshot for WebDriver screenshots
    /// sometimes never answers (seen in 4 runs of 6), while the app itself draws the same.
    fn start(data: &Path, shipped_renderer: bool) -> Driver {
        std::fs::create_dir_all(data.join("dialogs")).expect("the dialogs folder can be made");
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
        let mut command = Command::new("tauri-driver");
        if !shipped_renderer {
            // Set, so the app leaves it alone; "0", so WebKit keeps its default renderer.
            command.env("WEBKIT_DISABLE_DMABUF_RENDERER", "0");
        }
        let child = command
            .args(["--port", &port.to_string(), "--native-port", &native_port.to_string()])
            .env("XDG_DATA_HOME", data.join("xdg-data"))
            .env("CANDOR_DB", data.join("candor.db"))
            // Native dialogs are answered with files in this folder (see src-tauri/src/dialogs.rs).
            .env("CANDOR_DIALOG_DIR", data.join("dialogs"))
            .stdout(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| {
                panic!(
                    "cannot start tauri-driver ({e}): install it with \
                     `cargo install tauri-driver --version '^2' --locked` (scripts/setup.sh)"
                )
            });
        let driver = Driver { child, port };
        // tauri-driver listens at once and starts WebKitWebDriver beside it; a session asked
        // for before WebKitWebDriver listens is dropped without an answer (hyper's
        // IncompleteMessage, seen on a cold CI machine), so both ports are awaited.
        let started = Instant::now();
        for (who, port) in [("tauri-driver", port), ("WebKitWebDriver", native_port)] {
            while TcpStream::connect(("127.0.0.1", port)).is_err() {
                assert!(started.elapsed() < TIMEOUT, "{who} did not listen on port {port}");
                std::thread::sleep(Duration::from_millis(50));
            }
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
pub struct App {
    pub client: Client,
    _driver: Driver,
    pub data: std::sync::Arc<tempfile::TempDir>,
}

impl App {
    pub async fn launch() -> Result<App> {
        let data = tempfile::Builder::new().prefix("e2e-").tempdir_in(env!("CARGO_TARGET_TMPDIR"))?;
        App::launch_on(std::sync::Arc::new(data)).await
    }

    /// The app on the data folder of an earlier run: a restart.
    pub async fn launch_on(data: std::sync::Arc<tempfile::TempDir>) -> Result<App> {
        App::start(data, false).await
    }

    /// The app as a user starts it, renderer included, on a fresh database: for the
    /// measurements, which take no screenshot.
    pub async fn launch_as_shipped() -> Result<App> {
        let data = tempfile::Builder::new().prefix("e2e-").tempdir_in(env!("CARGO_TARGET_TMPDIR"))?;
        App::start(std::sync::Arc::new(data), true).await
    }

    /// Starts the drivers and asks them for a session on the app. A start that fails before
    /// any session exists is tried again on fresh drivers, at most `ATTEMPTS` times: on a
    /// cold, loaded CI machine tauri-driver once dropped the request unanswered (hyper's
    /// IncompleteMessage), and the app once died in `gtk_init` under Xvfb, leaving
    /// WebKitWebDriver waiting for it forever.
    async fn start(data: std::sync::Arc<tempfile::TempDir>, shipped_renderer: bool) -> Result<App> {
        const ATTEMPTS: u32 = 3;
        let capabilities = json!({
            "browserName": "wry",
            "tauri:options": { "application": app_binary() },
        });
        let serde_json::Value::Object(capabilities) = capabilities else { unreachable!() };
        for attempt in 1..=ATTEMPTS {
            let driver = Driver::start(data.path(), shipped_renderer);
            let url = format!("http://127.0.0.1:{}", driver.port);
            let mut builder = ClientBuilder::native();
            let asked = builder.capabilities(capabilities.clone()).connect(&url);
            let failure = match tokio::time::timeout(TIMEOUT, asked).await {
                Ok(Ok(client)) => return Ok(App { client, _driver: driver, data }),
                Ok(Err(e @ (NewSessionError::FailedC(_) | NewSessionError::Lost(_)))) => e.to_string(),
                Ok(Err(e)) => return Err(e.into()),
                Err(_) => format!("no session within {TIMEOUT:?}"),
            };
            eprintln!("the app's session did not start (attempt {attempt} of {ATTEMPTS}): {failure}");
        }
        Err(format!("the app's session did not start in {ATTEMPTS} attempts").into())
    }

    /// Where the app's dialogs save and open files.
    pub fn dialog_dir(&self) -> PathBuf {
        self.data.path().join("dialogs")
    }

    /// The case names in the list, once it is filled.
    pub async fn listed_cases(&self) -> Result<Vec<String>> {
        self.wait_for("#cases li .case-name").await?;
        let mut names = Vec::new();
        for item in self.client.find_all(Locator::Css("#cases li .case-name")).await? {
            names.push(item.text().await?);
        }
        Ok(names)
    }

    /// Waits until an element at `css` exists; that element.
    pub async fn wait_for(&self, css: &str) -> Result<Element> {
        let found = self.client.wait().at_most(TIMEOUT).for_element(Locator::Css(css)).await;
        found.map_err(|e| format!("waiting for {css}: {e}").into())
    }

    /// Waits until the simulation that follows an edit has run on that edit's results. Its
    /// end moves the charts down (the distribution and the expectations come in above them),
    /// so a test scrolling or clicking while it runs could act on a page that moves under it.
    pub async fn simulation_settled(&self) -> Result {
        let started = Instant::now();
        loop {
            let settled = self
                .client
                .execute(
                    "const s = document.getElementById('simulation'); \
                     const r = document.querySelector('section.results'); \
                     return s && r && s.dataset.state === 'done' && s.dataset.generation === r.dataset.generation;",
                    vec![],
                )
                .await?;
            if settled == serde_json::Value::Bool(true) {
                return Ok(());
            }
            if started.elapsed() > TIMEOUT {
                let state = self.client.find(Locator::Id("simulation")).await?.attr("data-state").await?;
                return Err(format!("the simulation did not settle: its state is {state:?}").into());
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// What the window shows, in a line for a failure message: the open case, its charts
    /// (drawn or not), the simulation's state and any error.
    pub async fn describe(&self) -> Result<String> {
        let shown = self
            .client
            .execute(
                "const text = (css) => document.querySelector(css)?.textContent ?? null; \
                 return JSON.stringify({ \
                   case: text('#case-name'), \
                   charts: [...document.querySelectorAll('[data-chart]')].map((f) => \
                     f.dataset.chart + (f.querySelector('svg, img') ? '' : ' (not drawn)')), \
                   simulation: document.getElementById('simulation')?.dataset.state ?? null, \
                   error: document.getElementById('error')?.hidden === false ? text('#error') : null, \
                 });",
                vec![],
            )
            .await?;
        Ok(shown.as_str().unwrap_or_default().to_string())
    }

    pub async fn text_of(&self, css: &str) -> Result<String> {
        Ok(self.client.find(Locator::Css(css)).await?.text().await?)
    }

    /// Waits until the element at `css` exists and its text satisfies `ok`; its text.
    pub async fn wait_text(&self, css: &str, what: &str, ok: impl Fn(&str) -> bool) -> Result<String> {
        let started = Instant::now();
        loop {
            if let Ok(e) = self.client.find(Locator::Css(css)).await
                && let Ok(t) = e.text().await
                && ok(&t)
            {
                return Ok(t);
            }
            if started.elapsed() > TIMEOUT {
                let now = self.text_of(css).await.unwrap_or_else(|e| format!("<{e}>"));
                return Err(format!("timed out waiting for {what} at {css}: it shows {now:?}").into());
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    pub async fn click(&self, css: &str) -> Result {
        self.wait_for(css).await?.click().await?;
        Ok(())
    }

    /// Waits until the script `predicate` (given `args`) returns true; `what` names the state
    /// awaited, for the failure message.
    pub async fn until(&self, what: &str, predicate: &str, args: Vec<serde_json::Value>) -> Result {
        let started = Instant::now();
        loop {
            if self.client.execute(predicate, args.clone()).await? == serde_json::Value::Bool(true) {
                return Ok(());
            }
            if started.elapsed() > TIMEOUT {
                return Err(format!("timed out waiting for {what}: {}", self.describe().await?).into());
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// Waits until the window is idle: no command it asked is unanswered (`body[data-calls]`,
    /// kept by `ui/src/api.ts`) and what their answers changed is painted (two frames).
    pub async fn idle(&self) -> Result {
        let frames = "const done = arguments[arguments.length - 1]; \
                      requestAnimationFrame(() => requestAnimationFrame(() => done(true)));";
        loop {
            self.until(
                "the window's commands to be answered",
                "return (document.body.dataset.calls ?? '0') === '0';",
                vec![],
            )
            .await?;
            self.client.execute_async(frames, vec![]).await?;
            // A render in those frames may have asked something more.
            if self.client.execute("return (document.body.dataset.calls ?? '0') === '0';", vec![]).await?
                == serde_json::Value::Bool(true)
            {
                return Ok(());
            }
        }
    }

    /// Replaces the text of the input at `css` by `text`, as a user typing it: once the box
    /// is there, the window idle and the box focused with its text selected (keys sent to a
    /// box that a render is about to replace, or before focus has moved, are lost); then
    /// waits until the box holds `text`.
    pub async fn type_into(&self, css: &str, text: &str) -> Result {
        let element = self.wait_for(css).await?;
        self.idle().await?;
        let input = serde_json::to_value(&element)?;
        // Select what the box holds, so the keys replace it (WebDriver's clear() fires no
        // input event, so the app would never see the box emptied).
        self.until(
            &format!("{css} to be focused"),
            "const box = arguments[0]; if (!box.isConnected) return false; \
             box.focus(); box.select(); return document.activeElement === box;",
            vec![input.clone()],
        )
        .await?;
        element.send_keys(text).await?;
        self.until(
            &format!("{css} to hold {text:?}"),
            "return arguments[0].isConnected && arguments[0].value === arguments[1];",
            vec![input, serde_json::Value::String(text.to_string())],
        )
        .await
    }

    /// Saves a screenshot of the window as `name` (under the test target's e2e folder).
    /// Waits for the window's next two frames first: WebKit paints a change, such as a slide
    /// just put in, a frame or more after it is in the page, and a screenshot taken sooner
    /// shows the window before it.
    pub async fn screenshot(&self, name: &str) -> Result {
        let frames = "const done = arguments[arguments.length - 1]; \
                      requestAnimationFrame(() => requestAnimationFrame(() => done(true)));";
        self.client.execute_async(frames, vec![]).await?;
        let png = self.client.screenshot().await?;
        assert!(png.starts_with(b"\x89PNG"), "the screenshot is a PNG");
        std::fs::write(artefact(name), png)?;
        Ok(())
    }

    pub async fn no_error_shown(&self) -> Result<bool> {
        Ok(!self.client.find(Locator::Id("error")).await?.is_displayed().await?)
    }

    pub async fn close(self) -> Result {
        self.client.close().await?;
        Ok(())
    }
}

/// The app under test: this build's, or `CANDOR_E2E_APP` (a release build, for the
/// measurements in `measure.rs`).
pub fn app_binary() -> String {
    std::env::var("CANDOR_E2E_APP").unwrap_or_else(|_| env!("CARGO_BIN_EXE_candor-app").to_string())
}

/// The engine's own figure for a shipped template: what the app must show.
pub fn expected_npv_text(name: &str) -> String {
    let template = candor_engine::shipped::templates()
        .into_iter()
        .map(|t| t.case)
        .find(|c| c.name == name)
        .unwrap_or_else(|| panic!("{name:?} is listed but is not a shipped template"));
    let catalog = candor_engine::shipped::catalog();
    let eval = candor_engine::evaluate(&template, &catalog, None).expect("the template evaluates");
    candor_engine::format::money(eval.metrics.npv, &template.currency)
}

/// The engine's simulation of `case` as the window runs it: base scenario, the default
/// seed, `trials` trials. What the window's probabilities must equal.
pub fn engine_simulation(case: &candor_engine::Case, trials: usize) -> candor_engine::simulate::Simulation {
    let opts = candor_engine::simulate::SimulationOptions { trials, ..Default::default() };
    candor_engine::simulate::simulate(case, &candor_engine::shipped::catalog(), None, &opts, &|_| {})
        .expect("the case simulates")
}

pub fn artefact(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("e2e");
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}
